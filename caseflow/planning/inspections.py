"""Inspections as plans and draws read them.

Today an inspection is the ``inspect`` step of a case: an audit event with step
'inspect', its date and officers (``by``) in the payload. Steps copied into an
escalated case (``carried_from``) are the same inspection and are not counted
twice. The inspection records to come replace the query in :func:`inspections`
and nothing else: plans and draws only see :class:`Inspection` facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from operator import attrgetter

from sqlalchemy import select

from caseflow.models import Case, Event, Party


@dataclass(frozen=True)
class Inspection:
    party_id: int
    party_unit_id: int | None  # the territory (street) the party lies in
    case_unit_id: int  # the unit that inspected
    date: dt.date
    officers: tuple[str, ...]  # user names
    at: dt.datetime  # when it was recorded


def inspections(
    session,
    *,
    unit_ids: Collection[int] | None = None,
    party_unit_ids: Collection[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    recorded_by: dt.datetime | None = None,
) -> list[Inspection]:
    """Inspections by the units ``unit_ids`` and/or of parties in ``party_unit_ids``,
    dated ``start``..``end``, recorded no later than ``recorded_by``; oldest first."""
    date = Event.payload["date"].as_string()
    # Only the two keys read, not the whole payload: a draw reads thousands of these.
    by = Event.payload[("data", "by")]
    query = (
        select(date, by, Event.at, Case.party_id, Case.unit_id, Party.unit_id)
        .join(Case, Case.id == Event.case_id)
        .join(Party, Party.id == Case.party_id)
        .where(
            Event.kind == "step",
            Event.step == "inspect",
            Event.payload["carried_from"].as_string().is_(None),
        )
    )
    if unit_ids is not None:
        query = query.where(Case.unit_id.in_(list(unit_ids)))
    if party_unit_ids is not None:
        query = query.where(Party.unit_id.in_(list(party_unit_ids)))
    # ISO dates compare as text, on SQLite and PostgreSQL alike.
    if start is not None:
        query = query.where(date >= start.isoformat())
    if end is not None:
        query = query.where(date <= end.isoformat())
    if recorded_by is not None:
        query = query.where(Event.at <= recorded_by)
    out = []
    for day, officers, at, party_id, case_unit, party_unit in session.execute(query):
        officers = officers or []
        out.append(
            Inspection(
                party_id=party_id,
                party_unit_id=party_unit,
                case_unit_id=case_unit,
                date=dt.date.fromisoformat(day),
                officers=tuple(officers if isinstance(officers, list) else [officers]),
                at=at,
            )
        )
    out.sort(key=attrgetter("date", "at"))
    return out


def last_inspectors(
    session, party_unit_ids: Collection[int], recorded_by: dt.datetime
) -> dict[int, tuple[str, ...]]:
    """The officers of each party's last inspection recorded by ``recorded_by``."""
    last: dict[int, tuple[str, ...]] = {}
    for i in inspections(session, party_unit_ids=party_unit_ids, recorded_by=recorded_by):
        last[i.party_id] = i.officers  # oldest first: the last one wins
    return last
