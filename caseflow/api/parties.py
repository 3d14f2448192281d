"""Parties (当事人): search, register, read. The identity code is checked first."""

from __future__ import annotations

from sqlalchemy import or_, select

from caseflow.api.access import actor, blueprint, db, party_or_404, party_visible, reach
from caseflow.api.cases import page_of
from caseflow.api.schemas import PartyCreate, PartyPage, PartyQuery, PartySchema
from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import Party

PREFIX = "/parties"
bp = blueprint("api_parties", __name__, "Parties: organisations and individuals")


@bp.route("", methods=["GET"])
@bp.arguments(PartyQuery, location="query")
@bp.response(200, PartyPage)
def index(args):
    """Parties of the actor's jurisdiction; ``q`` searches name and code."""
    query = select(Party).where(party_visible())
    if args.get("q"):
        like = f"%{args['q']}%"
        query = query.where(or_(Party.name.like(like), Party.id_code.like(like.upper())))
    return page_of(db(), query.order_by(Party.name, Party.id), args, lambda p: p)


@bp.route("", methods=["POST"])
@bp.arguments(PartyCreate)
@bp.response(201, PartySchema)
def create(body):
    """Register a party; a code already registered is a 409."""
    session = db()
    code = body["id_code"].strip().upper()
    if session.scalar(select(Party.id).where(Party.id_code == code)):
        raise Conflict("该代码的当事人已登记", f"a party with code {code} is already registered")
    unit_id = body.get("unit_id") or actor().unit_id
    if unit_id not in reach():
        raise InvalidData(
            "单位不在管辖范围内", "unknown unit", field_errors={"unit_id": ["unknown unit"]}
        )
    party = Party(kind=body["kind"], id_code=code, name=body["name"].strip(),
                  address=body["address"], legal_representative=body.get("legal_representative"),
                  phone=body.get("phone"), unit_id=unit_id, industry=body.get("industry"),
                  key_enterprise=body["key_enterprise"], tags=body["tags"])  # fmt: skip
    session.add(party)
    session.commit()
    return party


@bp.route("/<int(min=1):party_id>", methods=["GET"])
@bp.response(200, PartySchema)
def show(party_id: int):
    return party_or_404(party_id)
