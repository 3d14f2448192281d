"""Plans: a unit's yearly inspection targets, and progress against them."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from caseflow.api.access import MAX_ID, actor, blueprint, db, reach, require_role, runtime
from caseflow.api.cases import page_of
from caseflow.api.planschemas import PlanCreate, PlanDetail, PlanPage, PlanQuery
from caseflow.models import Plan
from caseflow.planning.plans import make_plan
from caseflow.planning.progress import progress

PREFIX = "/plans"
bp = blueprint("api_plans", __name__, "Inspection plans: targets by kind and street, progress")


def plan_or_404(plan_id: int) -> Plan:
    plan = db().get(Plan, plan_id) if plan_id <= MAX_ID else None
    if plan is None or plan.unit_id not in reach():
        abort(404, description="no such plan")
    return plan


def summary(plan: Plan) -> dict:
    return {
        "id": plan.id, "unit_id": plan.unit_id, "year": plan.year, "title": plan.title,
        "tags": plan.tags, "created_at": plan.created_at,
        "targets": [{"kind": t.kind, "unit_id": t.unit_id, "count": t.count} for t in plan.targets],
    }  # fmt: skip


def detail(plan: Plan) -> dict:
    rows = progress(db(), plan).rows
    return {
        **summary(plan),
        "progress": [
            {"kind": str(r.kind), "kind_label": dict(zip(("zh", "en"), r.kind.labels, strict=True)),
             "unit_id": r.unit.id if r.unit else None, "target": r.target, "done": r.done,
             "percent": r.percent}
            for r in rows
        ],
    }  # fmt: skip


@bp.route("", methods=["GET"])
@bp.arguments(PlanQuery, location="query")
@bp.response(200, PlanPage)
def index(args):
    """Plans of the actor's reach, newest year first; ``q`` searches the title."""
    query = select(Plan).where(Plan.unit_id.in_(reach()))
    if args.get("year"):
        query = query.where(Plan.year == args["year"])
    if args.get("q"):
        query = query.where(Plan.title.like(f"%{args['q']}%"))
    return page_of(db(), query.order_by(Plan.year.desc(), Plan.id.desc()), args, summary)


@bp.route("", methods=["POST"])
@bp.arguments(PlanCreate)
@bp.response(201, PlanDetail)
def create(body):
    """Make a plan of the actor's unit (heads and administrators)."""
    require_role("head", "admin")
    session = db()
    targets = [(t["kind"], t["unit_id"], t["count"]) for t in body["targets"]]
    plan = make_plan(session, unit=actor().unit, year=body["year"], title=body["title"],
                     targets=targets, tags=body["tags"], actor=actor(),
                     now=runtime().engine.clock())  # fmt: skip
    session.commit()
    return detail(plan)


@bp.route("/<int(min=1):plan_id>", methods=["GET"])
@bp.response(200, PlanDetail)
def show(plan_id: int):
    """A plan with its progress: inspections recorded against each target."""
    return detail(plan_or_404(plan_id))
