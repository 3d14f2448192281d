"""Double-random draws: make one, read it with its inputs, re-verify it, publish it."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from caseflow.api.access import MAX_ID, actor, blueprint, db, reach, require_role, runtime
from caseflow.api.cases import page_of
from caseflow.api.planschemas import (
    DrawCreate,
    DrawInputs,
    DrawPage,
    DrawQuery,
    DrawSchema,
    VerificationSchema,
)
from caseflow.engine.errors import InvalidData
from caseflow.models import Draw, Plan
from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw, publish, verify

PREFIX = "/draws"
bp = blueprint("api_draws", __name__, "Double-random draws, reproducible from their seed")


def draw_or_404(draw_id: int) -> Draw:
    row = db().get(Draw, draw_id) if draw_id <= MAX_ID else None
    if row is None or row.plan.unit_id not in reach():
        abort(404, description="no such draw")
    return row


def summary(row: Draw) -> dict:
    return {
        "id": row.id, "number": row.number, "plan_id": row.plan_id, "algorithm": row.algorithm,
        "seed": row.seed, "requested": row.requested, "drawn": len(row.assignments),
        "window_start": row.window_start, "window_end": row.window_end,
        "pool_filter": row.pool_filter, "pool_size": len(row.inputs["parties"]),
        "officers": row.inputs["officers"], "exclusions": len(row.inputs["exclusions"]),
        "fingerprint": row.fingerprint, "shortfall": row.shortfall, "tags": row.tags,
        "drawn_by": row.drawn_by.username, "drawn_at": row.drawn_at,
        "published_at": row.published_at,
    }  # fmt: skip


def dump(row: Draw) -> dict:
    return {
        **summary(row),
        "assignments": [
            {"position": a.position, "party_id": a.party_id, "party_code": a.party.id_code,
             "party_name": a.party.name,
             "officers": [a.officer1.username, a.officer2.username]}
            for a in row.assignments
        ],
    }  # fmt: skip


@bp.route("", methods=["GET"])
@bp.arguments(DrawQuery, location="query")
@bp.response(200, DrawPage)
def index(args):
    """Draws of the actor's reach, newest first."""
    query = select(Draw).join(Plan, Plan.id == Draw.plan_id).where(Plan.unit_id.in_(reach()))
    if args.get("plan_id"):
        query = query.where(Draw.plan_id == args["plan_id"])
    return page_of(db(), query.order_by(Draw.drawn_at.desc(), Draw.id.desc()), args, summary)


@bp.route("", methods=["POST"])
@bp.arguments(DrawCreate)
@bp.response(201, DrawSchema)
def create(body):
    """Draw for a plan (heads and administrators). Fewer parties than asked for is not an
    error: ``shortfall`` says why, and no constraint is relaxed."""
    require_role("head", "admin")
    session = db()
    plan = session.get(Plan, body["plan_id"])
    if plan is None or plan.unit_id not in reach():
        raise InvalidData("计划不存在", "unknown plan", field_errors={"plan_id": ["unknown plan"]})
    flt = body["pool_filter"]  # {} when left out: load_default is not itself loaded
    request = DrawRequest(
        plan, body["seed"], body["n"], body["window_start"], body["window_end"],
        PoolFilter(tuple(flt.get("units", ())), flt.get("industry"), tuple(flt.get("tags", ())),
                   flt.get("key_enterprise", False)),
        tuple(body["tags"]),
    )  # fmt: skip
    row = make_draw(session, request, actor(), runtime().engine.clock())
    session.commit()
    return dump(row)


@bp.route("/<int(min=1):draw_id>", methods=["GET"])
@bp.response(200, DrawSchema)
def show(draw_id: int):
    return dump(draw_or_404(draw_id))


@bp.route("/<int(min=1):draw_id>/inputs", methods=["GET"])
@bp.response(200, DrawInputs)
def inputs(draw_id: int):
    """The recorded inputs: with the seed, enough to re-run the draw by hand."""
    row = draw_or_404(draw_id)
    return {"algorithm": row.algorithm, "seed": row.seed, "n": row.requested, **row.inputs}


@bp.route("/<int(min=1):draw_id>/verify", methods=["POST"])
@bp.response(200, VerificationSchema)
def verify_draw(draw_id: int):
    """Re-run the draw from its recorded inputs, and gather its inputs again from the
    database as of the draw; say what changed."""
    row = draw_or_404(draw_id)
    result = verify(db(), row)
    return {"ok": result.ok, "reproduced": result.reproduced,
            "inputs_unchanged": result.inputs_unchanged, "fingerprint": row.fingerprint,
            "current_fingerprint": result.current_fingerprint, "changes": result.changes}  # fmt: skip


@bp.route("/<int(min=1):draw_id>/publish", methods=["POST"])
@bp.response(200, DrawSchema)
def publish_draw(draw_id: int):
    """Mark the draw published (公示); publishing again changes nothing."""
    require_role("head", "admin")
    row = draw_or_404(draw_id)
    publish(row, actor(), runtime().engine.clock())
    db().commit()
    return dump(row)
