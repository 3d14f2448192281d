"""The recusal register: officers who must not be drawn for a party, and why."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from caseflow.api.access import MAX_ID, actor, blueprint, db, party_or_404, reach, runtime
from caseflow.api.cases import page_of
from caseflow.api.planschemas import RecusalCreate, RecusalPage, RecusalQuery, RecusalSchema
from caseflow.engine.errors import Forbidden, InvalidData
from caseflow.models import Recusal, User
from caseflow.planning.recusals import lift_recusal, record_recusal

PREFIX = "/recusals"
bp = blueprint("api_recusals", __name__, "The recusal register")


def dump(r: Recusal) -> dict:
    return {
        "id": r.id, "officer": r.officer.username, "party_id": r.party_id, "reason": r.reason,
        "recorded_by": r.recorded_by.username, "recorded_at": r.recorded_at,
        "lifted_by": r.lifted_by.username if r.lifted_by else None, "lifted_at": r.lifted_at,
    }  # fmt: skip


def _may_act_for(officer: User) -> bool:
    return actor().has_role("head", "admin") or officer.id == actor().id


@bp.route("", methods=["GET"])
@bp.arguments(RecusalQuery, location="query")
@bp.response(200, RecusalPage)
def index(args):
    """Recusals of officers in the actor's reach; lifted ones only with ``lifted``."""
    query = (
        select(Recusal).join(User, User.id == Recusal.officer_id).where(User.unit_id.in_(reach()))
    )
    if not args.get("lifted"):
        query = query.where(Recusal.lifted_at.is_(None))
    for key in ("officer_id", "party_id"):
        if args.get(key):
            query = query.where(getattr(Recusal, key) == args[key])
    return page_of(db(), query.order_by(Recusal.recorded_at.desc(), Recusal.id.desc()), args, dump)


@bp.route("", methods=["POST"])
@bp.arguments(RecusalCreate)
@bp.response(201, RecusalSchema)
def create(body):
    """Record a recusal: heads and administrators for any officer of their reach, an
    officer for themselves. One open recusal per officer and party (409 otherwise)."""
    session = db()
    officer = session.get(User, body["officer_id"])
    if officer is None or officer.unit_id not in reach():
        raise InvalidData(
            "执法人员不存在", "unknown officer", field_errors={"officer_id": ["unknown officer"]}
        )
    if not _may_act_for(officer):
        raise Forbidden("只能为本人登记回避", "an officer records only their own recusal")
    party = party_or_404(body["party_id"])
    row = record_recusal(session, officer=officer, party=party, reason=body["reason"],
                         actor=actor(), now=runtime().engine.clock())  # fmt: skip
    session.commit()
    return dump(row)


@bp.route("/<int(min=1):recusal_id>/lift", methods=["POST"])
@bp.response(200, RecusalSchema)
def lift(recusal_id: int):
    """Lift a recusal; the row stays, with who lifted it and when."""
    session = db()
    row = session.get(Recusal, recusal_id) if recusal_id <= MAX_ID else None
    if row is None or row.officer.unit_id not in reach():
        abort(404, description="no such recusal")
    if not _may_act_for(row.officer):
        raise Forbidden("只能解除本人的回避", "an officer lifts only their own recusal")
    lift_recusal(row, actor(), runtime().engine.clock())
    session.commit()
    return dump(row)
