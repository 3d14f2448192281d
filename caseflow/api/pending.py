"""Pending steps: steps with a defect waiting for a head's acknowledgement (瑕疵确认).

The work list is who must sign what; acknowledging records the step through the
engine (rules checked again, one audit event); returning discards it with a reason.
"""

from __future__ import annotations

from flask import abort

from caseflow.api.access import MAX_ID, actor, blueprint, db, runtime
from caseflow.api.cases import detail
from caseflow.api.schemas import (
    AcknowledgementBody,
    FireResult,
    PendingStepList,
    PendingStepSchema,
    ReturnBody,
)
from caseflow.engine import pending as pending_book
from caseflow.engine.engine import Engine
from caseflow.models import PendingStep

PREFIX = "/pending-steps"
bp = blueprint("api_pending", __name__, "Steps with a defect waiting for acknowledgement")


def dump(p: PendingStep) -> dict:
    return {
        "id": p.id, "case_id": p.case_id, "case_label": p.case.label, "step": p.step,
        "data": p.data, "findings": p.findings, "entered_by": p.entered_by.username,
        "entered_at": p.entered_at, "expected_version": p.expected_version,
        "status": str(p.status), "owed": pending_book.owed_now(p) if p.status == "waiting" else [],
        "signatures": p.signatures, "return_reason": p.return_reason, "event_seq": p.event_seq,
    }  # fmt: skip


def pending_or_404(pending_id: int) -> PendingStep:
    p = db().get(PendingStep, pending_id) if 0 < pending_id <= MAX_ID else None
    if p is None or not Engine.can_see(actor(), p.case):
        abort(404, description="no such pending step")
    return p


@bp.route("", methods=["GET"])
@bp.response(200, PendingStepList)
def index():
    """The pending steps you may acknowledge now (your work list), oldest first."""
    return {"items": [dump(p) for p in pending_book.work_list(db(), actor())]}


@bp.route("/<int:pending_id>", methods=["GET"])
@bp.response(200, PendingStepSchema)
def show(pending_id: int):
    return dump(pending_or_404(pending_id))


@bp.route("/<int:pending_id>/acknowledge", methods=["POST"])
@bp.arguments(AcknowledgementBody)
@bp.response(200, PendingStepSchema)
@bp.alt_response(201, schema=FireResult, description="the last signature: the step is recorded")
def acknowledge(body, pending_id: int):
    """Sign the defect with a reason and a category. When the last owed signature is
    given the rules are checked again on the case as it is now and the step is recorded
    (201, one audit event holding the acknowledgement); an error now is a 422."""
    p = pending_or_404(pending_id)
    outcome = runtime().engine.acknowledge(
        db(), p, actor(), pending_book.Acknowledgement(body["reason"], body["category"])
    )
    db().commit()
    if outcome.event is None:
        return dump(p)
    return FireResult().dump(
        {
            "case": detail(outcome.case), "warnings": [f.to_dict() for f in outcome.warnings],
            "event_seq": outcome.event.seq, "event_hash": outcome.event.hash,
            "spawned_case_id": outcome.spawned.id if outcome.spawned else None,
        }
    ), 201  # fmt: skip


@bp.route("/<int:pending_id>/return", methods=["POST"])
@bp.arguments(ReturnBody)
@bp.response(200, PendingStepSchema)
def give_back(body, pending_id: int):
    """Return the step to whoever entered it: discarded, nothing recorded on the case."""
    p = pending_or_404(pending_id)
    runtime().engine.give_back(db(), p, actor(), body["reason"])
    db().commit()
    return dump(p)
