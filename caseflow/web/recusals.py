"""The recusal register (回避登记): who must not act on which party, why, and who said so.

Heads and administrators record and lift recusals for any officer of their reach;
an officer records their own. Nothing is deleted: lifting keeps the row.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from caseflow.engine.errors import Refused
from caseflow.models import Party, Recusal, User
from caseflow.planning.recusals import lift_recusal, record_recusal
from caseflow.web import db_session, runtime
from caseflow.web.access import visible_unit_ids
from caseflow.web.csvexport import csv_response, wants_csv
from caseflow.web.forms import options
from caseflow.web.i18n import pick
from caseflow.web.planforms import RecusalForm

bp = Blueprint("recusals", __name__, url_prefix="/recusals")


def _may_manage() -> bool:
    return current_user.has_role("head", "admin")


def _officers() -> list[User]:
    if not _may_manage():
        return [current_user] if current_user.has_role("officer") else []
    users = db_session().scalars(
        select(User).where(User.unit_id.in_(visible_unit_ids()), User.active.is_(True))
        .order_by(User.username)
    ).all()  # fmt: skip
    return [u for u in users if u.has_role("officer")]


def _rows(q: str, show_lifted: bool) -> list[Recusal]:
    officer = aliased(User)
    query = (
        select(Recusal)
        .join(officer, officer.id == Recusal.officer_id)
        .join(Party, Party.id == Recusal.party_id)
        .where(officer.unit_id.in_(visible_unit_ids()))
        .options(
            selectinload(Recusal.officer),
            selectinload(Recusal.party),
            selectinload(Recusal.recorded_by),
            selectinload(Recusal.lifted_by),
        )  # fmt: skip
        .order_by(Recusal.recorded_at.desc(), Recusal.id.desc())
    )
    if not show_lifted:
        query = query.where(Recusal.lifted_at.is_(None))
    if q:
        like = f"%{q}%"
        query = query.where(or_(officer.name.like(like), officer.username.like(like),
                                Party.name.like(like), Party.id_code.like(like.upper())))  # fmt: skip
    return db_session().scalars(query.limit(1000)).all()


def _page(form: RecusalForm, status: int = 200):
    q = (request.args.get("q") or "").strip()[:100]
    lifted = bool(request.args.get("lifted"))
    rows = _rows(q, lifted)
    if wants_csv(request):
        header = [_("执法人员"), _("当事人"), _("统一社会信用代码/身份证号码"), _("回避理由"),
                  _("登记人"), _("登记时间"), _("解除人"), _("解除时间")]  # fmt: skip
        data = [[r.officer.name, r.party.name, r.party.id_code, r.reason, r.recorded_by.name,
                 r.recorded_at.isoformat(), r.lifted_by.name if r.lifted_by else "",
                 r.lifted_at.isoformat() if r.lifted_at else ""] for r in rows]  # fmt: skip
        return csv_response("recusals.csv", header, data)
    return render_template(
        "recusals/index.html", rows=rows, form=form, q=q, lifted=lifted, manage=_may_manage()
    ), status


def _form() -> RecusalForm:
    form = RecusalForm()
    form.officer_id.choices = options([(u.id, f"{u.name}（{u.username}）") for u in _officers()])
    return form


@bp.route("/")
@login_required
def index():
    return _page(_form())


@bp.route("/", methods=("POST",))
@login_required
def create():
    session = db_session()
    form = _form()
    if not form.validate_on_submit():
        return _page(form, 422)
    officer = session.get(User, form.officer_id.data)
    code = form.party_code.data.strip().upper()
    party = session.scalar(
        select(Party).where(
            Party.id_code == code,
            or_(Party.unit_id.in_(visible_unit_ids()), Party.unit_id.is_(None)),
        )
    )
    if party is None:
        form.party_code.errors.append(_("没有该代码的当事人"))
        return _page(form, 422)
    try:
        record_recusal(session, officer=officer, party=party, reason=form.reason.data,
                       actor=current_user, now=runtime().engine.clock())  # fmt: skip
        session.commit()
    except Refused as exc:
        session.rollback()
        flash(pick(exc.zh, exc.en), "error")
        return _page(form, exc.http_status)
    flash(
        _("回避已登记：%(officer)s — %(party)s", officer=officer.name, party=party.name), "success"
    )
    return redirect(url_for("recusals.index"))


@bp.route("/<id:recusal_id>/lift", methods=("POST",))
@login_required
def lift(recusal_id: int):
    session = db_session()
    row = session.get(Recusal, recusal_id)
    if row is None or row.officer.unit_id not in visible_unit_ids():
        abort(404)
    if not (_may_manage() or row.officer_id == current_user.id):
        abort(403)
    try:
        lift_recusal(row, current_user, runtime().engine.clock())
        session.commit()
    except Refused as exc:
        session.rollback()
        flash(pick(exc.zh, exc.en), "error")
    else:
        flash(_("回避已解除"), "success")
    return redirect(url_for("recusals.index"))
