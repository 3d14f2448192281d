"""The audit trail (全过程记录, APL-47-TRACE): append-only and hash-chained.

Each event carries the hash of the previous event of its case; the hash covers
the event's own fields and that link, so changing, removing or reordering any
event breaks every hash after it. Appends are serialised per case by the case
row's version check and by the unique (case, seq) pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.models import Case, Event, User

GENESIS = "0" * 64


def _canonical(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")


def event_hash(
    case_number: str,
    seq: int,
    kind: str,
    step: str | None,
    at: dt.datetime,
    actor: str,
    payload: dict,
    prev_hash: str,
) -> str:
    body = json.dumps(
        {
            "case": case_number, "seq": seq, "kind": kind, "step": step,
            "at": at.astimezone(dt.UTC).isoformat(), "actor": actor,
            "payload": payload, "prev": prev_hash,
        },
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical,
    )  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def jsonable(value):
    """Payloads are stored as JSON: dates become ISO strings before hashing and storing,
    so the hash recomputed from the stored row is the hash written."""
    return json.loads(json.dumps(value, default=_canonical, ensure_ascii=False))


def imported_note(by: User, day: dt.date, mode: str, acting: User | None = None) -> dict:
    """What an event says of a step entered from a case file: who entered it, when,
    how (``live`` or ``record``), and whom the file names as having taken it."""
    note = {"by": by.username, "on": day.isoformat(), "mode": mode}
    if acting is not None:
        note["acting"] = acting.username
    return note


def last_event(session: Session, case: Case) -> Event | None:
    return session.scalars(
        select(Event).where(Event.case_id == case.id).order_by(Event.seq.desc()).limit(1)
    ).first()


def append(
    session: Session,
    case: Case,
    kind: str,
    actor: str,
    payload: dict,
    step: str | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Add the next event of ``case``'s chain to the session (flushed by the caller's commit)."""
    prev = last_event(session, case)
    seq = prev.seq + 1 if prev else 1
    prev_hash = prev.hash if prev else GENESIS
    at = at or dt.datetime.now(dt.UTC)
    payload = jsonable(payload)
    ev = Event(
        case_id=case.id, seq=seq, kind=kind, step=step, at=at, actor=actor,
        payload=payload, prev_hash=prev_hash,
        hash=event_hash(case.ref, seq, kind, step, at, actor, payload, prev_hash),
    )  # fmt: skip
    session.add(ev)
    return ev


@dataclass(frozen=True)
class ChainProblem:
    case_number: str
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.case_number} event #{self.seq} (id {self.event_id}): {self.reason}"


def verify_case(case: Case, events: list[Event]) -> ChainProblem | None:
    """The first broken event of one case's chain, or None when it verifies."""
    # Hashed with the case's permanent reference, named by what people call it.
    case_number, key = case.label, case.ref
    prev_hash = GENESIS
    for expected_seq, ev in enumerate(sorted(events, key=lambda e: e.seq), start=1):
        if ev.seq != expected_seq:
            return ChainProblem(
                case_number, expected_seq, None, f"event #{expected_seq} is missing"
            )
        if ev.prev_hash != prev_hash:
            return ChainProblem(case_number, ev.seq, ev.id, "does not link to the previous event")
        recomputed = event_hash(
            key, ev.seq, ev.kind, ev.step, ev.at, ev.actor, ev.payload, ev.prev_hash
        )
        if recomputed != ev.hash:
            return ChainProblem(
                case_number, ev.seq, ev.id, "content does not match its hash (altered)"
            )
        prev_hash = ev.hash
    return None


def verify_all(session: Session) -> tuple[int, list[ChainProblem]]:
    """Recompute every chain; returns (cases checked, first problem of each broken chain)."""
    problems = []
    cases = session.scalars(select(Case).order_by(Case.id)).all()
    for case in cases:
        events = session.scalars(select(Event).where(Event.case_id == case.id)).all()
        problem = verify_case(case, list(events))
        if problem:
            problems.append(problem)
    return len(cases), problems
