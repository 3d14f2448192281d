"""Who may see what: jurisdiction by unit subtree, pages by role.

A case outside the actor's jurisdiction is a 404, never a 403: an officer of
one street must not learn that another street's case number exists.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from caseflow.engine.engine import Engine
from caseflow.models import Case, EvidenceFile, Unit
from caseflow.web import db_session


def visible_unit_ids() -> set[int]:
    return current_user.unit.subtree_ids()


def case_or_404(case_id: int) -> Case:
    case = db_session().get(Case, case_id)
    if case is None or not Engine.can_see(current_user, case):
        abort(404)
    return case


def evidence_or_404(file_id: int) -> tuple[EvidenceFile, Case]:
    row = db_session().get(EvidenceFile, file_id)
    if row is None:
        abort(404)
    return row, case_or_404(row.case_id)


def units_in_reach() -> list[Unit]:
    """The actor's unit and every unit below it, the bureau first."""
    ids = visible_unit_ids()
    units = [db_session().get(Unit, i) for i in ids]
    return sorted(units, key=lambda u: (u.parent_id is not None, u.code))


def roles_required(*roles: str):
    """Login, then one of ``roles``; otherwise the 403 page."""

    def wrap(view):
        @wraps(view)
        @login_required
        def inner(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return inner

    return wrap
