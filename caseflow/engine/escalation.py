"""Escalation: a step that lands where its workflow says opens a new case carrying
the history that justifies it.

Only what the first case failed to put right goes on. When the workflow names the
deadline the new case is about (``spawns: {overdue_after: <deadline>}``), a
violation corrected on or before that deadline's last day (as extensions moved
it) stays behind, and the rest go on in the overdue tier; the step that opened the
deadline may name the violation it ordered corrected (``violation``,
``violation_code`` or ``violations``: a code or a list of codes), and then only
that one goes on. The new case receives the old
one's steps, the documents they issued and the evidence files, each pointing at
its copy of the step, so the order and the re-inspection stand in its file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine import audit
from caseflow.engine.history import violation_from
from caseflow.models import Case, Deadline, Document, Event, EvidenceFile

OVERDUE = "overdue"
# Keys by which the step that opened the deadline may name the violation it is about.
NAMING_KEYS = ("violation", "violation_code", "violations")


def _named_codes(value) -> set[str] | None:
    if isinstance(value, str) and value:
        return {value}
    if isinstance(value, list | tuple) and value:
        return {str(v) for v in value}
    return None


def carried_violations(
    violations: list[dict], due: dt.date | None, named: set[str] | None = None
) -> list[dict]:
    """The violations that go on, each in the overdue tier: those ``named`` (all when
    None), less those corrected on or before ``due``."""
    out = []
    for v in violations:
        if named is not None and v.get("code") not in named:
            continue
        corrected = violation_from(v).corrected_on
        if corrected is not None and due is not None and corrected <= due:
            continue  # put right in time: no overdue tier for it
        out.append({**v, "tier": OVERDUE})
    return out


def overdue_violations(session: Session, origin: Case, deadline: str | None) -> list[dict]:
    """What ``origin`` escalates: see :func:`carried_violations`."""
    if deadline is None:
        return carried_violations(list(origin.violations), None)
    row = session.scalars(
        select(Deadline)
        .where(Deadline.case_id == origin.id, Deadline.name == deadline)
        .order_by(Deadline.opened_seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return carried_violations(list(origin.violations), None)
    opening = session.scalar(
        select(Event).where(Event.case_id == origin.id, Event.seq == row.opened_seq)
    )
    data = (opening.payload.get("data") or {}) if opening else {}
    named = next(
        (_named_codes(data[k]) for k in NAMING_KEYS if _named_codes(data.get(k)) is not None),
        None,
    )
    return carried_violations(list(origin.violations), row.due, named)


def carry_history(
    session: Session, origin: Case, new: Case, now: dt.datetime, before: str | None = None
) -> None:
    """Append ``origin``'s steps to ``new`` (up to the first step of kind ``before``, when
    given) and give ``new`` the documents and evidence files those steps issued or hold,
    pointing at the copies."""
    seqs: dict[int, int] = {}
    for ev in session.scalars(
        select(Event).where(Event.case_id == origin.id, Event.kind == "step").order_by(Event.seq)
    ):
        if before and ev.step == before:
            break
        copy = audit.append(
            session, new, "step", ev.actor, step=ev.step, at=now,
            payload={**ev.payload, "carried_from": origin.label},
        )  # fmt: skip
        seqs[ev.seq] = copy.seq
    for doc in session.scalars(select(Document).where(Document.case_id == origin.id)):
        if doc.event_seq in seqs:
            session.add(
                Document(
                    case_id=new.id,
                    kind=doc.kind,
                    title_zh=doc.title_zh,
                    event_seq=seqs[doc.event_seq],
                    issued_at=doc.issued_at,
                    data=dict(doc.data),
                )  # fmt: skip
            )
    for f in session.scalars(select(EvidenceFile).where(EvidenceFile.case_id == origin.id)):
        # Content-addressed: the copy names the same stored bytes.
        session.add(
            EvidenceFile(
                case_id=new.id,
                sha256=f.sha256,
                size=f.size,
                media_type=f.media_type,
                filename=f.filename,
                evidence_id=f.evidence_id,
                uploaded_by=f.uploaded_by,
                uploaded_at=f.uploaded_at,
                event_seq=seqs.get(f.event_seq, f.event_seq),
            )  # fmt: skip
        )
    session.flush()
