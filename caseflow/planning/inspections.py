"""Inspections as plans and draws read them.

An inspection is a record of its own (:class:`caseflow.models.Inspection`): its
date, its two officers, the unit that made it and the party it visited. One voided
by a correction did not happen. Plans and draws only see :class:`Inspection` facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from operator import attrgetter

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from caseflow.models import Inspection as Record
from caseflow.models import InspectionCorrection, Party, User


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
    first, second = aliased(User), aliased(User)
    voided = exists().where(
        InspectionCorrection.inspection_id == Record.id, InspectionCorrection.void.is_(True)
    )
    query = (
        select(Record.date, first.username, second.username, Record.recorded_at,
               Record.party_id, Record.unit_id, Party.unit_id)
        .join(Party, Party.id == Record.party_id)
        .join(first, first.id == Record.officer1_id)
        .join(second, second.id == Record.officer2_id)
        .where(~voided)
    )  # fmt: skip
    if unit_ids is not None:
        query = query.where(Record.unit_id.in_(list(unit_ids)))
    if party_unit_ids is not None:
        query = query.where(Party.unit_id.in_(list(party_unit_ids)))
    if start is not None:
        query = query.where(Record.date >= start)
    if end is not None:
        query = query.where(Record.date <= end)
    if recorded_by is not None:
        query = query.where(Record.recorded_at <= recorded_by)
    out = [
        Inspection(
            party_id=party_id,
            party_unit_id=party_unit,
            case_unit_id=unit,
            date=day,
            officers=(o1, o2),
            at=at,
        )  # fmt: skip
        for day, o1, o2, at, party_id, unit, party_unit in session.execute(query)
    ]
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
