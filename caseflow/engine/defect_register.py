"""The dismissal-risk register (瑕疵风险台账): the defects recorded on cases' steps.

A defect (瑕疵) does not refuse a step, but it stays on the recorded step for good
(case-file format 1.1): the step's audit event keeps it among its findings
(``warnings``), with the acknowledgement that let it through. A court reviewing the
decision may still find it (行政诉讼法 art. 74: confirmed illegal though not
revoked), so heads and legal reviewers watch where they gather: by rule and by unit.

Read from the audit trail in one query over the units asked for; only events whose
payload names a defect at all are read back (a text match the JSON check confirms).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from caseflow.models import Case, Event, Unit


@dataclass(frozen=True)
class RecordedDefect:
    """One defect found on a recorded step."""

    case_id: int
    case_label: str
    unit_id: int
    unit_name: str
    event_seq: int
    step: str
    date: dt.date  # the date of the act
    rule: str
    message_zh: str
    message_en: str
    acknowledged_by: tuple[str, ...] = ()
    reason: str = ""
    category: str = ""

    def to_dict(self) -> dict:
        return {
            "case_id": self.case_id, "case_label": self.case_label, "unit_id": self.unit_id,
            "unit_name": self.unit_name, "event_seq": self.event_seq, "step": self.step,
            "date": self.date.isoformat(), "rule": self.rule, "message_zh": self.message_zh,
            "message_en": self.message_en, "acknowledged_by": list(self.acknowledged_by),
            "reason": self.reason, "category": self.category,
        }  # fmt: skip


@dataclass
class Register:
    """The defects found, newest first, and their counts by rule and by unit (largest
    first)."""

    items: list[RecordedDefect] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def by_rule(self) -> list[tuple[str, int]]:
        return _ranked(Counter(d.rule for d in self.items))

    @property
    def by_unit(self) -> list[tuple[int, str, int]]:
        counts = Counter((d.unit_id, d.unit_name) for d in self.items)
        return [(uid, name, n) for (uid, name), n in _ranked(counts)]


def _ranked(counts: Counter) -> list:
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))


def defect_register(
    session: Session,
    unit_ids: set[int],
    *,
    rule: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Register:
    """The defects recorded on steps of cases of ``unit_ids``, of ``rule`` when given,
    on acts dated from ``date_from`` to ``date_to`` (both included)."""
    if not unit_ids:
        return Register()
    rows = session.execute(
        select(Event, Case.id, Case.number, Case.ref, Case.unit_id, Unit.name)
        .join(Case, Case.id == Event.case_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(
            Event.kind == "step",
            Case.unit_id.in_(unit_ids),
            cast(Event.payload, String).like('%"defect"%'),
        )
        .order_by(Event.id)
    ).all()
    out = []
    for event, case_id, number, ref, unit_id, unit_name in rows:
        day = _day(event.payload.get("date"))
        if day is None or (date_from and day < date_from) or (date_to and day > date_to):
            continue
        ack = event.payload.get("acknowledged") or {}
        for f in event.payload.get("warnings") or ():
            if not isinstance(f, dict) or f.get("severity") != "defect":
                continue
            if rule and f.get("rule") != rule:
                continue
            out.append(
                RecordedDefect(
                    case_id=case_id, case_label=number or ref, unit_id=unit_id,
                    unit_name=unit_name, event_seq=event.seq, step=event.step or "", date=day,
                    rule=str(f.get("rule")), message_zh=str(f.get("message_zh", "")),
                    message_en=str(f.get("message_en", "")),
                    acknowledged_by=tuple(ack.get("by") or ()),
                    reason=str(ack.get("reason") or ""), category=str(ack.get("category") or ""),
                )
            )  # fmt: skip
    out.sort(key=lambda d: (d.date, d.case_id, d.event_seq), reverse=True)
    return Register(out)


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
