"""更正 on the case page: propose (an officer) or take (a head) a correction of one
recorded step: void it, or give its corrected keys, with a reason.

The engine decides everything (caseflow.engine.correcting); this page only turns
the form into the ``correct`` step's data and shows the engine's answer. A head's
correction is recorded; anyone else's waits in the heads' queue (/review/).
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from caseflow.engine.corrections import CORRECT
from caseflow.engine.errors import Conflict, Forbidden, InvalidData, Refused
from caseflow.models import Event
from caseflow.web import db_session, once, runtime
from caseflow.web.access import case_or_404
from caseflow.web.forms import CorrectionForm
from caseflow.web.i18n import label, refusal_message

bp = Blueprint("corrections", __name__, url_prefix="/cases")


def parse_keys(text: str) -> dict:
    """``key=value`` lines as the corrected keys; a value that reads as JSON (a number,
    true/false, a list) is taken as such, anything else as text."""
    out = {}
    for line in (text or "").splitlines():
        key, sep, value = line.replace("＝", "=").partition("=")
        if not sep or not key.strip():
            continue
        value = value.strip()
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


def _render(case, target, spec, form, status=200, refusal=None, errors=()):
    return render_template(
        "cases/correct.html", case=case, target=target, spec=spec,
        step_label=label(spec.label) if spec else target.step, form=form, refusal=refusal,
        message=refusal_message(refusal) if refusal else None, errors=list(errors),
    ), status  # fmt: skip


@bp.route("/<id:case_id>/corrections/<id:seq>", methods=("GET", "POST"))
@login_required
def correct(case_id: int, seq: int):
    session = db_session()
    case = case_or_404(case_id)
    held = once.take(session) if request.method == "POST" else None
    if held is not None and held.earlier is not None:
        return once.already_recorded(session, held, case)
    target = session.scalar(
        select(Event).where(Event.case_id == case.id, Event.seq == seq, Event.kind == "step")
    )
    if target is None or target.step == CORRECT:
        abort(404)
    if not {"officer", "head"} & set(current_user.roles):
        abort(403)
    engine = runtime().engine
    spec = next((s for s in engine.definition(case).steps if s.name == target.step), None)
    form = CorrectionForm(
        formdata=request.form if request.method == "POST" else None,
        expected_version=case.version,
    )
    if request.method == "GET":
        return _render(case, target, spec, form)
    if not form.validate():
        return _render(case, target, spec, form, status=422)
    try:
        expected = int(request.form.get("expected_version", ""))
    except ValueError:
        expected = -1
    keys = parse_keys(form.keys.data)
    data = {"target": seq, "reason": form.reason.data.strip(), "void": bool(form.void.data)}
    if keys:
        data["data"] = keys
    try:
        outcome = engine.fire(session, case, CORRECT, data, current_user, expected_version=expected)
    except Conflict as exc:
        return render_template(
            "errors/error.html", code=409, reason="conflict", detail=refusal_message(exc),
            case=case,
        ), 409  # fmt: skip
    except Forbidden:
        abort(403)
    except InvalidData as exc:
        errors = [f"{k}: {v}" for k, v in _flat(exc.field_errors)]
        return _render(case, target, spec, form, status=422, refusal=exc, errors=errors)
    except Refused as exc:
        errors = [f"{k}: {v}" for k, v in _flat(exc.field_errors)]
        return _render(case, target, spec, form, exc.http_status, refusal=exc, errors=errors)
    if held is not None:
        held.answer(302, case_id=case.id)
    session.commit()
    if outcome.pending is not None:
        flash(
            _("更正已提交，等待负责人批准（待确认#%(id)s）", id=outcome.pending.id),
            "warning",
        )
    else:
        flash(_("已更正：步骤#%(seq)s", seq=seq), "success")
    return redirect(url_for("cases.detail", case_id=case.id))


def _flat(errors, prefix=""):
    if isinstance(errors, dict):
        for k, v in errors.items():
            yield from _flat(v, f"{prefix}{k}." if not isinstance(v, list) else f"{prefix}{k}")
    elif isinstance(errors, list):
        yield prefix, "；".join(str(e) for e in errors)
