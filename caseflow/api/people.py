"""People (admin only): users of the admin's reach with roles and certificates."""

from __future__ import annotations

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow import passwords
from caseflow.api.access import MAX_ID, actor, blueprint, db, reach, require_role, runtime
from caseflow.api.cases import page_of
from caseflow.api.schemas import PageArgs, PersonCreate, PersonPage, PersonSchema
from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import Certificate, SecurityKind, User
from caseflow.security_log import record

PREFIX = "/people"
bp = blueprint("api_people", __name__, "Users, roles and certificates (admin)")


@bp.before_request
def _admin_only():
    # Runs after require_token, which the blueprint factory registered first.
    require_role("admin")


@bp.route("", methods=["GET"])
@bp.arguments(PageArgs, location="query")
@bp.response(200, PersonPage)
def index(args):
    query = (
        select(User)
        .where(User.unit_id.in_(reach()))
        .options(selectinload(User.certificates))
        .order_by(User.username)
    )
    return page_of(db(), query, args, lambda u: u)


@bp.route("", methods=["POST"])
@bp.arguments(PersonCreate)
@bp.response(201, PersonSchema)
def create(body):
    """Add a user with roles and, for officers, enforcement certificates."""
    session = db()
    weak = passwords.problems(body["password"], body["username"])
    if weak:
        raise InvalidData("密码不符合规则", "the password does not meet the rules",
                          field_errors={"password": [en for _zh, en in weak]})  # fmt: skip
    numbers = [c["number"] for c in body["certificates"]]
    taken = session.scalar(
        select(User.id).where(User.username == body["username"])
    ) or session.scalar(select(Certificate.id).where(Certificate.number.in_(numbers)))
    if taken or len(set(numbers)) != len(numbers):
        raise Conflict("用户名或执法证号已存在", "the username or a certificate number is taken")
    if body["principal"] and "head" not in body["roles"]:
        raise InvalidData("正职负责人须具有负责人角色", "a principal head must hold the head role",
                          field_errors={"principal": ["needs the head role"]})  # fmt: skip
    unit_id = body.get("unit_id") or actor().unit_id
    if unit_id not in reach():
        raise InvalidData(
            "单位不在管辖范围内", "unknown unit", field_errors={"unit_id": ["unknown unit"]}
        )
    user = User(username=body["username"], name=body["name"], unit_id=unit_id,
                roles=sorted(set(body["roles"])), legal_qualification=body["legal_qualification"],
                principal=body["principal"],
                password_hash=passwords.hash_password(body["password"]))  # fmt: skip
    user.certificates = [Certificate(**c) for c in body["certificates"]]
    session.add(user)
    session.flush()
    record(session, SecurityKind.ROLES_CHANGED, runtime().engine.clock(), username=user.username,
           actor=actor(), address=request.remote_addr, roles=",".join(user.roles),
           action="user_created")  # fmt: skip
    session.commit()
    return user


@bp.route("/<int(min=1):person_id>", methods=["GET"])
@bp.response(200, PersonSchema)
def show(person_id: int):
    user = db().get(User, person_id) if person_id <= MAX_ID else None
    if user is None or user.unit_id not in reach():
        abort(404, description="no such person")
    return user
