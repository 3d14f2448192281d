"""The request's context: its session, its actor, and what the actor may see.

A case or party outside the actor's jurisdiction is a 404, never a 403: an
officer of one street must not learn that another street's case exists.
"""

from __future__ import annotations

from flask import abort, current_app, g
from sqlalchemy import or_, select

from caseflow.engine.engine import Engine
from caseflow.models import Case, Party, User
from caseflow.runtime import Runtime

# Ids are 32-bit integers on PostgreSQL; a larger one names nothing (and must not
# reach the database as an out-of-range parameter).
MAX_ID = 2**31 - 1


def runtime() -> Runtime:
    return current_app.extensions["caseflow"]


def db():
    """The request's session: one request, one transaction, closed at teardown."""
    if "api_session" not in g:
        g.api_session = runtime().sessions()
    return g.api_session


def actor() -> User:
    return g.api_user


def reach() -> set[int]:
    """Ids of the actor's unit and every unit below it."""
    return actor().unit.subtree_ids()


def require_role(*roles: str) -> None:
    if not actor().has_role(*roles):
        abort(403, description=f"needs role {' or '.join(roles)}")


def case_or_404(case_id: int) -> Case:
    case = db().get(Case, case_id) if 0 < case_id <= MAX_ID else None
    if case is None or not Engine.can_see(actor(), case):
        abort(404, description="no such case")
    return case


def party_visible():
    """Parties of the actor's reach, and those no unit has claimed yet."""
    return or_(Party.unit_id.in_(reach()), Party.unit_id.is_(None))


def party_or_404(party_id: int) -> Party:
    party = (
        db().scalar(select(Party).where(Party.id == party_id, party_visible()))
        if 0 < party_id <= MAX_ID
        else None
    )
    if party is None:
        abort(404, description="no such party")
    return party
