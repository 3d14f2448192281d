"""What a party's page shows: its cases, inspections and penalties within the viewer's
reach, and the risk it carries, read from the recorded steps (never from a second copy).

A penalty in the last year matters on its own: a second penalty for the same duty
within a year is where the law turns to closure (安全生产法 art. 113), so the page
counts them and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from caseflow.engine.history import referenced_people
from caseflow.models import Case, Deadline, Event, Party, User

# The window in which repeated penalties put a party at risk of closure.
REPEAT_WINDOW = dt.timedelta(days=365)


@dataclass
class Act:
    day: dt.date
    case: Case
    data: dict


@dataclass
class PartyRecord:
    party: Party
    cases: list[Case]
    inspections: list[Act] = field(default_factory=list)
    penalties: list[Act] = field(default_factory=list)
    open_cases: int = 0
    overdue_cases: int = 0
    penalties_last_year: int = 0
    fines_total: float = 0.0
    # usernames named in the steps shown, with the person's name: a reader reads names
    people: dict[str, str] = field(default_factory=dict)

    def names(self, usernames) -> str:
        usernames = usernames if isinstance(usernames, list) else [usernames]
        return "、".join(self.people.get(u, u) for u in usernames if u)


def party_record(session, party: Party, unit_ids, today: dt.date) -> PartyRecord:
    cases = session.scalars(
        select(Case)
        .where(Case.party_id == party.id, Case.unit_id.in_(unit_ids))
        .order_by(Case.opened_at.desc(), Case.id.desc())
    ).all()
    record = PartyRecord(party, list(cases))
    by_id = {c.id: c for c in cases}
    if not by_id:
        return record
    events = session.scalars(
        select(Event)
        .where(
            Event.case_id.in_(by_id), Event.kind == "step", Event.step.in_(("inspect", "decide"))
        )
        .order_by(Event.at.desc())
    ).all()
    for ev in events:
        data = ev.payload.get("data", {})
        act = Act(dt.date.fromisoformat(ev.payload["date"]), by_id[ev.case_id], data)
        if ev.step == "inspect":
            record.inspections.append(act)
        elif data.get("outcome") == "penalty":
            record.penalties.append(act)
    record.open_cases = sum(1 for c in cases if c.closed_at is None)
    overdue = session.scalars(
        select(Deadline.case_id).where(Deadline.case_id.in_(by_id), Deadline.overdue(today))
    )
    record.overdue_cases = len(set(overdue))
    record.penalties_last_year = sum(1 for p in record.penalties if today - p.day <= REPEAT_WINDOW)
    record.fines_total = sum(
        float((p.data.get("penalty") or {}).get("fine") or 0) for p in record.penalties
    )
    named = set().union(*(referenced_people([], act.data) for act in record.inspections))
    record.people = dict(
        session.execute(select(User.username, User.name).where(User.username.in_(named))).all()
    )
    return record
