"""The review queue: what waits for a legal reviewer or a head, in their jurisdiction.

A case is in the queue when the workflow offers, from its current state, a step
only reviewers or heads take (no officer may); whether the rules will let it
through is shown on the case. The workflow's roles say which steps those are.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from caseflow.models import Case
from caseflow.web import db_session, runtime
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.cases import state_label
from caseflow.web.i18n import label

bp = Blueprint("review", __name__, url_prefix="/review")

QUEUE_ROLES = ("reviewer", "head")


@bp.route("/")
@roles_required("reviewer", "head")
def index():
    session = db_session()
    engine = runtime().engine
    mine = {r for r in QUEUE_ROLES if current_user.has_role(r)}
    cases = session.scalars(
        select(Case)
        .where(Case.unit_id.in_(visible_unit_ids()), Case.closed_at.is_(None))
        .order_by(Case.opened_at)
    ).all()
    rows = []
    for case in cases:
        definition = engine.definition(case)
        steps = [
            s
            for s in definition.steps_from(case.state)
            if set(s.roles) & mine and set(s.roles) <= set(QUEUE_ROLES)
        ]
        if steps:
            rows.append({"case": case, "steps": [(s.name, label(s.label)) for s in steps]})
    return render_template("review/index.html", rows=rows, state_label=state_label)
