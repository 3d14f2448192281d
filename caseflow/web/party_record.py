"""What a party's page shows: its cases, inspections, hazards and penalties within the
viewer's reach, and the risk it carries, read from the records (never a second copy):
inspections and the hazards they opened from the inspection records, penalties from
the recorded decisions.

A penalty in the last year matters on its own: a second penalty for the same duty
within a year is where the law turns to closure (安全生产法 art. 113), so the page
counts them and says so; with a major hazard on file and 3 penalties in 180 days or 4
in a year, it says closure is to be proposed (the AQ-113-CLOSE alert, with the rule's
settings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from caseflow.models import Case, Deadline, Event, Inspection, InspectionAnswer, Party

# The window in which repeated penalties put a party at risk of closure.
REPEAT_WINDOW = dt.timedelta(days=365)
# The closure alert's thresholds: the rule's settings, these defaults when no plugin
# declares them (安全生产法 art. 113: 3 penalties in 180 days, or 4 in a year).
CLOSURE_RULE = "AQ-113-CLOSE"
CLOSURE_DEFAULTS = {"short_days": 180, "short_count": 3, "year_days": 365, "year_count": 4}


@dataclass
class Hazard:
    """A hazard an inspection found: the answer that opened it and its case."""

    answer: InspectionAnswer
    case: Case
    overdue: bool

    @property
    def status(self) -> str:
        if self.case.closed_at is not None:
            return "closed"
        return "overdue" if self.overdue else "open"


@dataclass
class Act:
    day: dt.date
    case: Case
    data: dict


@dataclass
class PartyRecord:
    party: Party
    cases: list[Case]
    inspections: list[Inspection] = field(default_factory=list)
    hazards: list[Hazard] = field(default_factory=list)
    penalties: list[Act] = field(default_factory=list)
    open_cases: int = 0
    overdue_cases: int = 0
    penalties_last_year: int = 0
    fines_total: float = 0.0
    # (days, count) of the closure alert when it is raised, else None
    closure: tuple[int, int] | None = None

    def hazards_in(self, status: str) -> list[Hazard]:
        return [h for h in self.hazards if h.status == status]

    @property
    def open_major_hazards(self) -> int:
        return sum(1 for h in self.hazards if h.answer.major_hazard and h.status != "closed")


def party_record(session, party: Party, unit_ids, today: dt.date, settings=None) -> PartyRecord:
    cases = session.scalars(
        select(Case)
        .where(Case.party_id == party.id, Case.unit_id.in_(unit_ids))
        .order_by(Case.opened_at.desc(), Case.id.desc())
    ).all()
    record = PartyRecord(party, list(cases))
    record.inspections = list(
        session.scalars(
            select(Inspection)
            .where(Inspection.party_id == party.id, Inspection.unit_id.in_(unit_ids))
            .order_by(Inspection.date.desc(), Inspection.id.desc())
        )
    )
    by_id = {c.id: c for c in cases}
    if not by_id:
        return record
    overdue = set(
        session.scalars(
            select(Deadline.case_id).where(Deadline.case_id.in_(by_id), Deadline.overdue(today))
        )
    )
    answers = session.scalars(
        select(InspectionAnswer)
        .where(InspectionAnswer.hazard_case_id.in_(by_id))
        .order_by(InspectionAnswer.id.desc())
    )
    record.hazards = [Hazard(a, by_id[a.hazard_case_id], a.hazard_case_id in overdue)
                      for a in answers]  # fmt: skip
    decisions = session.scalars(
        select(Event)
        .where(Event.case_id.in_(by_id), Event.kind == "step", Event.step == "decide")
        .order_by(Event.at.desc())
    ).all()
    for ev in decisions:
        data = ev.payload.get("data", {})
        if data.get("outcome") == "penalty":
            day = dt.date.fromisoformat(ev.payload["date"])
            record.penalties.append(Act(day, by_id[ev.case_id], data))
    record.open_cases = sum(1 for c in cases if c.closed_at is None)
    record.overdue_cases = len(overdue)
    record.penalties_last_year = sum(1 for p in record.penalties if today - p.day <= REPEAT_WINDOW)
    record.fines_total = sum(
        float((p.data.get("penalty") or {}).get("fine") or 0) for p in record.penalties
    )
    record.closure = _closure(record, today, settings or {})
    return record


def _closure(record: PartyRecord, today: dt.date, settings) -> tuple[int, int] | None:
    """(days, count) when a party with a major hazard on file has been penalised count
    times within days up to today; the shorter window first."""
    if not any(h.answer.major_hazard for h in record.hazards):
        return None

    def setting(key):
        return settings.get(f"{CLOSURE_RULE}.{key}", CLOSURE_DEFAULTS[key])

    for days_key, count_key in (("short_days", "short_count"), ("year_days", "year_count")):
        days, count = setting(days_key), setting(count_key)
        since = today - dt.timedelta(days=days)
        n = sum(1 for p in record.penalties if since <= p.day <= today)
        if n >= count:
            return days, n
    return None
