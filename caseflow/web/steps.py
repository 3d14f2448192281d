"""Taking a step: the generated form, Engine.fire, and every way the engine says no.

Refusals re-render the form with the engine's reasons: field errors on their
fields, findings with rule id, severity and legal source. A stale form is a
409 with a reload link; a step of another role is the 403 page. Bad input is
never a 500.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.engine.errors import (
    Conflict,
    Forbidden,
    InvalidData,
    NotAvailable,
    Refused,
    RuleViolation,
    UnacknowledgedWarnings,
)
from caseflow.engine.pending import Acknowledgement
from caseflow.web import db_session, once, runtime
from caseflow.web.access import case_or_404
from caseflow.web.i18n import label, refusal_message
from caseflow.web.stepforms import attach_errors, build_form, step_data

bp = Blueprint("steps", __name__, url_prefix="/cases")


def _render(case, spec, form, groups, *, status=200, refusal=None, leftover=(), warnings=False):
    return (
        render_template(
            "cases/step.html", case=case, spec=spec, step_label=label(spec.label), form=form,
            groups=groups, refusal=refusal, message=refusal_message(refusal) if refusal else None,
            leftover=list(leftover), ask_acknowledge=warnings,
        ),
        status,
    )  # fmt: skip


@bp.route("/<id:case_id>/steps/<step_name>", methods=("GET", "POST"))
@login_required
def take(case_id: int, step_name: str):
    session = db_session()
    case = case_or_404(case_id)
    # Before any other check: a form posted again after its step moved the case is
    # answered "already recorded", not "stale" or "not available from this state".
    held = once.take(session) if request.method == "POST" else None
    if held is not None and held.earlier is not None:
        return once.already_recorded(session, held, case)
    engine = runtime().engine
    definition = engine.definition(case)
    try:
        spec = engine.step_spec(case, step_name)
    except NotAvailable as exc:
        if step_name not in definition.step_names():
            abort(404)
        return render_template(
            "errors/error.html", code=409, reason="unavailable",
            detail=refusal_message(exc), case=case,
        ), 409  # fmt: skip
    if not set(current_user.roles) & set(spec.roles):
        abort(403)
    try:
        extra = engine.extra_fields(definition, spec)
    except RuleViolation as exc:  # a plugin failed to say what the step takes: named
        return render_template(
            "errors/error.html", code=422, reason="plugin",
            detail=refusal_message(exc), case=case,
        ), 422  # fmt: skip
    formdata = request.form if request.method == "POST" else None
    form, groups = build_form(
        session, case, spec, extra, current_user, engine.today(), formdata=formdata
    )
    if request.method == "GET":
        return _render(case, spec, form, groups)
    if not form.validate():
        return _render(case, spec, form, groups, status=422)
    try:
        # From the post itself: the form field falls back to its default, the version
        # now, so a post without one passed the stale check and recorded over changes.
        expected = int(request.form.get("expected_version", ""))
    except ValueError:
        expected = -1  # a tampered or missing version is stale by definition
    reason = (getattr(form, "ack_reason", None) and form.ack_reason.data or "").strip()
    category = getattr(form, "ack_category", None) and form.ack_category.data
    try:
        outcome = engine.fire(
            session, case, spec.name, step_data(form, groups), current_user,
            expected_version=expected, acknowledge=bool(form.acknowledge.data),
            acknowledgement=Acknowledgement(reason, category) if reason or category else None,
            hold=True,
        )  # fmt: skip
    except Conflict as exc:
        return render_template(
            "errors/error.html", code=409, reason="conflict", detail=refusal_message(exc),
            case=case,
        ), 409  # fmt: skip
    except Forbidden:
        abort(403)
    except InvalidData as exc:
        leftover = attach_errors(form, groups, exc.field_errors)
        return _render(case, spec, form, groups, status=422, refusal=exc, leftover=leftover)
    except UnacknowledgedWarnings as exc:
        form.acknowledge.data = False
        return _render(case, spec, form, groups, status=422, refusal=exc, warnings=True)
    except Refused as exc:
        return _render(case, spec, form, groups, status=exc.http_status, refusal=exc)
    if held is not None:
        held.answer(302, case_id=case.id)
    session.commit()  # the request owns the transaction; the engine only flushed
    if outcome.pending is not None:
        flash(
            _("未记录：%(step)s存在瑕疵，等待负责人确认（待确认#%(id)s）",
              step=label(spec.label), id=outcome.pending.id)
            + " / waiting for a head's acknowledgement",
            "warning",
        )  # fmt: skip
        return redirect(url_for("cases.detail", case_id=case.id))
    flash(_("已记录：%(step)s", step=label(spec.label)), "success")
    if outcome.warnings:
        flash(_("本步骤带有已确认的提示，已记入审计记录"), "warning")
    if outcome.event.payload.get("case_number"):
        flash(_("已编案号：%(number)s", number=outcome.event.payload["case_number"]), "info")
    if outcome.spawned is not None:
        flash(_("已转立案查处：%(number)s", number=outcome.spawned.label), "info")
    return redirect(url_for("cases.detail", case_id=case.id))
