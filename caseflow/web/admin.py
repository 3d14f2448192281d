"""Administration: users with their roles and certificates; adding a certificate."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.models import Certificate, SecurityKind, User
from caseflow.security_log import record
from caseflow.web import db_session, now, runtime
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.forms import CertificateForm, options

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _users(session) -> list[User]:
    return session.scalars(
        select(User)
        .where(User.unit_id.in_(visible_unit_ids()))
        .options(selectinload(User.certificates), selectinload(User.unit))
        .order_by(User.unit_id, User.username)
    ).all()


@bp.route("/users")
@roles_required("admin")
def users():
    return render_template(
        "admin/users.html", users=_users(db_session()), today=runtime().engine.today()
    )


@bp.route("/users/<id:user_id>/principal", methods=("POST",))
@roles_required("admin")
def set_principal(user_id: int):
    """Mark or unmark a head as the unit's principal head (正职负责人, 国务院令第310号
    art. 5): the checkbox on the users page posts here."""
    session = db_session()
    user = session.get(User, user_id)
    if user is None or user.unit_id not in visible_unit_ids():
        abort(404)
    wanted = request.form.get("principal") in ("1", "on", "y", "true")
    if wanted and not user.has_role("head"):
        flash(_("%(name)s 不是负责人，不能设为正职负责人", name=user.name), "error")
        return redirect(url_for("admin.users")), 303
    if user.principal != wanted:
        user.principal = wanted
        record(session, SecurityKind.ROLES_CHANGED, now(), username=user.username,
               actor=current_user, address=request.remote_addr, roles=",".join(user.roles),
               action="principal_set" if wanted else "principal_unset")  # fmt: skip
        session.commit()
        flash(_("已更新 %(name)s 的正职负责人标记", name=user.name), "success")
    return redirect(url_for("admin.users")), 303


@bp.route("/certificates/new", methods=("GET", "POST"))
@roles_required("admin")
def new_certificate():
    session = db_session()
    form = CertificateForm()
    form.user_id.choices = options([(u.id, f"{u.name}（{u.username}）") for u in _users(session)])
    if request.method == "GET" and request.args.get("user", type=int):
        form.user_id.data = request.args.get("user", type=int)
    status = 200
    if form.validate_on_submit():
        number = form.number.data.strip()
        if form.valid_to.data < form.valid_from.data:
            form.valid_to.errors.append(_("有效期至不能早于有效期自"))
        elif session.scalar(select(Certificate.id).where(Certificate.number == number)):
            form.number.errors.append(_("该执法证号已登记"))
        else:
            session.add(
                Certificate(
                    user_id=form.user_id.data, number=number,
                    valid_from=form.valid_from.data, valid_to=form.valid_to.data,
                )
            )  # fmt: skip
            holder = session.get(User, form.user_id.data)
            record(session, SecurityKind.ADMIN, now(), username=holder.username if holder else None,
                   actor=current_user, address=request.remote_addr, action="certificate_added",
                   certificate=number)  # fmt: skip
            session.commit()
            flash(_("执法证已登记：%(number)s", number=number), "success")
            return redirect(url_for("admin.users"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("admin/certificate.html", form=form), status
