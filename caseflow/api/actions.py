"""Steps: which ones the workflow has from here (allowed or not, and why), and firing one.

Firing is Engine.fire and nothing else: the engine checks role, jurisdiction,
the step's data, every rule and the version, and writes all or nothing.
"""

from __future__ import annotations

from flask import abort, jsonify

from caseflow.api import idempotency
from caseflow.api.access import actor, blueprint, case_or_404, db, runtime
from caseflow.api.cases import detail
from caseflow.api.schemas import ActionList, FireBody, FireResult
from caseflow.engine.corrections import CORRECT
from caseflow.engine.pending import Acknowledgement, owed_now

PREFIX = "/cases"
bp = blueprint("api_actions", __name__, "Steps of a case: what is allowed, and taking one")


def field_dict(f) -> dict:
    return {
        "name": f.name, "type": f.type, "label": {"zh": f.label.zh, "en": f.label.en},
        "required": f.required, "choices": list(f.choices), "default_actor": f.default_actor,
    }  # fmt: skip


@bp.route("/<int(min=1):case_id>/actions", methods=["GET"])
@bp.response(200, ActionList)
def index(case_id: int):
    """Every step the workflow has from the case's state, each with ``allowed`` and
    the findings (or the refusal) that say why not."""
    case = case_or_404(case_id)
    engine = runtime().engine
    definition = engine.definition(case)
    out = []
    for action in engine.actions(db(), case, actor()):
        spec = action.step
        extra = engine.extra_fields(definition, spec)
        out.append(
            {
                "step": spec.name,
                "label": {"zh": spec.label.zh, "en": spec.label.en},
                "roles": list(spec.roles),
                "allowed": action.allowed,
                "owed": action.owed,
                "note": " / ".join(action.note) if action.note else None,
                "findings": [f.to_dict() for f in action.findings],
                "reason": {"code": action.reason.code, "message": str(action.reason)}
                if action.reason
                else None,
                "fields_": [field_dict(f) for f in (*spec.fields, *extra)],
            }
        )
    return {"version": case.version, "state": case.state, "actions": out}


@bp.route("/<int(min=1):case_id>/actions/<string(maxlength=60):step>", methods=["POST"])
@bp.arguments(FireBody)
@bp.response(200, FireResult)
@bp.doc(**idempotency.DOC)
@bp.alt_response(202, description="held as a pending step: a defect awaits acknowledgement")
def fire(body, case_id: int, step: str):
    """Take ``step``: the body holds the step's fields (as in the case-file format),
    ``expected_version`` (the version you read: a stale one is a 409) and optionally
    ``acknowledge_warnings``. Refused by the rules: 422 with findings; by role: 403.
    A step with a defect is not recorded: it waits as a pending step (202 with its id
    and the findings) for a head's acknowledgement, unless a head taking it gives his
    own in ``acknowledgement`` (reason and category). With an ``Idempotency-Key``, a
    retry gets the first answer and records nothing.

    ``correct`` (更正, case-file format 1.1) is taken from any state: ``target`` (the
    event number of a recorded step), ``void`` or ``data`` (the corrected keys),
    ``reason``. A head's is recorded (``approved_by`` is the head); anyone else's
    waits for a head (202). Refused with 409 when the target may not be voided (not
    the latest step that moved the case, a case it spawned still open) and 422 with
    field messages when a key chose the route or opened a deadline."""
    case = case_or_404(case_id)
    engine = runtime().engine
    if step != CORRECT and step not in engine.definition(case).step_names():
        abort(404, description=f"the workflow has no step '{step}'")
    held = idempotency.claim()
    earlier = idempotency.replay(held)
    if earlier is not None:
        return earlier
    expected = body.pop("expected_version")
    acknowledge = body.pop("acknowledge_warnings")
    given = body.pop("acknowledgement")
    outcome = engine.fire(
        db(), case, step, body, actor(), expected_version=expected, acknowledge=acknowledge,
        acknowledgement=Acknowledgement(**given) if given else None, hold=True,
    )  # fmt: skip
    if outcome.pending is not None:
        p = outcome.pending
        held_body = {
            "pending_step_id": p.id, "status": str(p.status), "findings": p.findings,
            "owed": owed_now(p), "case_version": outcome.case.version,
            "message": "等待负责人确认瑕疵 / waiting for a head's acknowledgement",
        }  # fmt: skip
        if held is not None:
            held.answer(202, held_body, case.id)
        db().commit()  # the request owns the transaction; the engine only flushed
        return jsonify(held_body), 202
    result = {
        "case": detail(outcome.case),
        "warnings": [f.to_dict() for f in outcome.warnings],
        "event_seq": outcome.event.seq,
        "event_hash": outcome.event.hash,
        "spawned_case_id": outcome.spawned.id if outcome.spawned else None,
    }
    if held is not None:
        held.answer(200, FireResult().dump(result), case.id)
    db().commit()  # the request owns the transaction; the engine only flushed
    return result
