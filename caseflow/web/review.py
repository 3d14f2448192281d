"""The review queue: what waits for a legal reviewer or a head, in their jurisdiction.

A case is in the queue when the workflow offers the person's kind of step from
its current state; whether the rules will let it through is shown on the case.
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

QUEUE_STEPS = {
    "reviewer": ("legal_review",),
    "head": ("register", "decide", "close", "extension", "collective_discussion"),
}


@bp.route("/")
@roles_required("reviewer", "head")
def index():
    session = db_session()
    engine = runtime().engine
    wanted = {
        s for role, steps in QUEUE_STEPS.items() if current_user.has_role(role) for s in steps
    }
    cases = session.scalars(
        select(Case)
        .where(Case.unit_id.in_(visible_unit_ids()), Case.closed_at.is_(None))
        .order_by(Case.opened_at)
    ).all()
    rows = []
    for case in cases:
        definition = engine.definition(case)
        steps = [s for s in definition.steps_from(case.state) if s.name in wanted]
        steps = [s for s in steps if set(s.roles) & set(current_user.roles)]
        if steps:
            rows.append({"case": case, "steps": [(s.name, label(s.label)) for s in steps]})
    return render_template("review/index.html", rows=rows, state_label=state_label)
