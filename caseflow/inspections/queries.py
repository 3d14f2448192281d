"""Finding inspections: the one list filter the web and the API share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from caseflow.models import Inspection, Party


def search(
    session,
    unit_ids: Collection[int],
    *,
    q: str = "",
    tag: str = "",
    party_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 500,
) -> list[Inspection]:
    """Inspections made by ``unit_ids``, newest first, matching the text ``q`` (number,
    party name or code, place), the campaign ``tag``, the party and the dates."""
    query = (
        select(Inspection)
        .join(Party, Party.id == Inspection.party_id)
        .where(Inspection.unit_id.in_(list(unit_ids)))
        .options(
            selectinload(Inspection.party), selectinload(Inspection.answers),
            selectinload(Inspection.officer1), selectinload(Inspection.officer2),
            selectinload(Inspection.corrections),
        )
        .order_by(Inspection.date.desc(), Inspection.id.desc())
    )  # fmt: skip
    if q:
        like = f"%{q}%"
        query = query.where(
            or_(Inspection.number.like(like), Party.name.like(like),
                Party.id_code.like(like.upper()), Inspection.place.like(like))
        )  # fmt: skip
    if party_id is not None:
        query = query.where(Inspection.party_id == party_id)
    if start is not None:
        query = query.where(Inspection.date >= start)
    if end is not None:
        query = query.where(Inspection.date <= end)
    found = session.scalars(query.limit(limit)).all()
    if tag:  # tags are a JSON list: matched here, the same on every database
        found = [i for i in found if tag in (i.tags or ())]
    return list(found)
