"""The security log (admins: read, filter, export as CSV) and account locks (heads and
admins: see and lift)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from caseflow import throttle
from caseflow.models import SecurityKind, User
from caseflow.security_log import record, search, to_csv
from caseflow.web import db_session, now
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.forms import SecurityLogFilter, options
from caseflow.web.i18n import pick

bp = Blueprint("security", __name__, url_prefix="/admin")


@bp.app_context_processor
def _helpers():
    return {"security_kind_label": kind_label}


PAGE_SIZE = 100
CST = dt.timezone(dt.timedelta(hours=8))  # the bureau's day, for the date filters


def kind_label(kind: str) -> str:
    try:
        return pick(*SecurityKind(kind).label)
    except ValueError:
        return kind


def _filtered():
    form = SecurityLogFilter(request.args)
    form.kind.choices = options(
        [("", _("全部"))] + [(k.value, pick(*k.label)) for k in SecurityKind]
    )
    if request.args and not form.validate():
        return form, None
    query = search(
        kind=form.kind.data or None, username=(form.username.data or "").strip() or None,
        since=form.since.data, until=form.until.data, tz=CST, unit_ids=visible_unit_ids(),
    )  # fmt: skip
    return form, query


@bp.route("/security-log")
@roles_required("admin")
def log():
    form, query = _filtered()
    if query is None:
        return render_template("admin/security_log.html", form=form, entries=[], total=0,
                               page=1, pages=1, args={}), 422  # fmt: skip
    db = db_session()
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    entries = db.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/security_log.html", form=form, entries=entries, total=total,
                           page=page, pages=pages, args=args)  # fmt: skip


@bp.route("/security-log.csv")
@roles_required("admin")
def log_csv():
    form, query = _filtered()
    if query is None:
        abort(400)
    db = db_session()
    body = to_csv(db.scalars(query))
    record(db, SecurityKind.EXPORT, now(), actor=current_user, address=request.remote_addr,
           what="security_log", filters=request.query_string.decode()[:200] or None)  # fmt: skip
    db.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=security-log.csv"},
    )


def _users_in_reach(usernames) -> dict[str, User]:
    if not usernames:
        return {}
    users = db_session().scalars(
        select(User).where(User.username.in_(usernames), User.unit_id.in_(visible_unit_ids()))
    )
    return {u.username: u for u in users}


@bp.route("/locks")
@roles_required("admin", "head")
def locks():
    locked = throttle.locked_usernames(db_session(), now())
    users = _users_in_reach(list(locked))
    rows = [(users[name], until) for name, until in sorted(locked.items()) if name in users]
    return render_template("admin/locks.html", rows=rows)


@bp.route("/locks/<id:user_id>/lift", methods=("POST",))
@roles_required("admin", "head")
def lift(user_id: int):
    db = db_session()
    user = db.get(User, user_id)
    if user is None or user.unit_id not in visible_unit_ids():
        abort(404)
    if throttle.lift(db, user.username):
        record(db, SecurityKind.UNLOCKED, now(), username=user.username, actor=current_user,
               address=request.remote_addr)  # fmt: skip
        db.commit()
        flash(_("已解除 %(name)s 的登录锁定", name=user.name), "success")
    return redirect(url_for("security.locks"))
