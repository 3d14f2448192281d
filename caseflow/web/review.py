"""The review queue: what waits for a legal reviewer or a head, in their jurisdiction.

A case is in the queue when the workflow offers, from its current state, a step
only reviewers or heads take (no officer may); whether the rules will let it
through is shown on the case. The workflow's roles say which steps those are.
Above them, the pending steps whose defect (瑕疵) this user must acknowledge,
each with the form to sign it off or return it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.engine import pending as pending_book
from caseflow.engine.errors import Conflict, Forbidden, Refused
from caseflow.models import Case, PendingStep
from caseflow.web import db_session, runtime
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.cases import state_label
from caseflow.web.i18n import label, refusal_message
from caseflow.web.pendingforms import AcknowledgeForm, ReturnForm

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
    return _page(rows)


def _page(rows=None, status=200, refusal=None):
    session = db_session()
    engine = runtime().engine
    waiting = pending_book.work_list(session, current_user)
    labels = {p.id: _step_label(engine.definition(p.case), p.step) for p in waiting}
    return render_template(
        "review/index.html", rows=rows if rows is not None else [], state_label=state_label,
        pending=waiting, step_labels=labels, owed=pending_book.owed_now,
        ack_form=AcknowledgeForm(formdata=None), return_form=ReturnForm(formdata=None),
        refusal=refusal_message(refusal) if refusal else None,
    ), status  # fmt: skip


def _step_label(definition, name: str) -> str:
    spec = next((s for s in definition.steps if s.name == name), None)
    if spec is not None:
        return label(spec.label)
    kind = runtime().engine.kinds.get(name)  # a correction is no step of the workflow
    return label(kind.label) if kind else name


def _pending_or_404(pending_id: int) -> PendingStep:
    p = db_session().get(PendingStep, pending_id)
    if p is None or p.case.unit_id not in visible_unit_ids():
        abort(404)
    return p


@bp.route("/pending/<id:pending_id>/acknowledge", methods=("POST",))
@roles_required("reviewer", "head")
def acknowledge(pending_id: int):
    session = db_session()
    p = _pending_or_404(pending_id)
    form = AcknowledgeForm()
    if not form.validate():
        flash(_("确认瑕疵须填写理由和类别"), "error")
        return redirect(url_for("review.index"))
    try:
        outcome = runtime().engine.acknowledge(
            session, p, current_user,
            pending_book.Acknowledgement(form.reason.data, form.category.data),
        )  # fmt: skip
    except Forbidden:
        abort(403)
    except (Conflict, Refused) as exc:
        session.rollback()
        return _page(status=exc.http_status, refusal=exc)
    session.commit()
    if outcome.event is None:
        flash(_("已确认，尚待其他人员确认"), "info")
    else:
        flash(_("已确认瑕疵，步骤已记录"), "success")
    return redirect(url_for("cases.detail", case_id=p.case_id))


@bp.route("/pending/<id:pending_id>/return", methods=("POST",))
@roles_required("reviewer", "head")
def give_back(pending_id: int):
    session = db_session()
    p = _pending_or_404(pending_id)
    form = ReturnForm()
    if not form.validate():
        flash(_("退回须说明理由"), "error")
        return redirect(url_for("review.index"))
    try:
        runtime().engine.give_back(session, p, current_user, form.reason.data)
    except Forbidden:
        abort(403)
    except Refused as exc:
        session.rollback()
        return _page(status=exc.http_status, refusal=exc)
    session.commit()
    flash(_("已退回，案件未作修改"), "info")
    return redirect(url_for("review.index"))
