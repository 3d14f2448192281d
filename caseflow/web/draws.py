"""Draws (双随机抽查): make one for a plan, read it, re-verify it, publish it, print the 公示.

The page states the algorithm (:mod:`caseflow.planning.algorithm`) so that a
reader can re-run it by hand from the seed and the inputs shown.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from caseflow.engine.errors import Refused
from caseflow.models import Draw, DrawAssignment, Plan, Unit
from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw, publish, verify
from caseflow.web import N_, db_session, runtime
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.csvexport import csv_response, wants_csv
from caseflow.web.forms import options
from caseflow.web.i18n import pick
from caseflow.web.planforms import DrawForm, new_seed, split_tags
from caseflow.web.plans import plan_or_404

bp = Blueprint("draws", __name__)

EXCLUSION_REASONS = {
    "certificate": ("执法证不能覆盖检查期间", "certificate does not cover the window"),
    "last_inspection": ("上次检查该当事人", "inspected the party last time"),
    "recusal": ("已登记回避", "recorded recusal"),
}
INPUT_NAMES = {"parties": N_("对象库"), "officers": N_("执法人员"), "exclusions": N_("排除项")}


@bp.app_template_global()
def exclusion_reason(code: str) -> str:
    zh, en = EXCLUSION_REASONS.get(code, (code, code))
    return pick(zh, en)


@bp.app_template_global()
def input_label(name: str) -> str:
    return _(INPUT_NAMES[name]) if name in INPUT_NAMES else name


def draw_or_404(draw_id: int) -> Draw:
    row = db_session().get(Draw, draw_id)
    if row is None or row.plan.unit_id not in visible_unit_ids():
        abort(404)
    return row


def _assignments(row: Draw) -> list[DrawAssignment]:
    return (
        db_session()
        .scalars(
            select(DrawAssignment)
            .where(DrawAssignment.draw_id == row.id)
            .options(
                selectinload(DrawAssignment.party),
                selectinload(DrawAssignment.officer1),
                selectinload(DrawAssignment.officer2),
            )  # fmt: skip
            .order_by(DrawAssignment.position)
        )
        .all()
    )


@bp.route("/plans/<id:plan_id>/draws/new", methods=("GET", "POST"))
@roles_required("head", "admin")
def new(plan_id: int):
    session = db_session()
    plan = plan_or_404(plan_id)
    form = DrawForm()
    streets = session.scalars(
        select(Unit).where(Unit.id.in_(plan.unit.subtree_ids())).order_by(Unit.code)
    ).all()
    form.units.choices = options([(u.code, u.name) for u in streets])
    if request.method == "GET":
        form.seed.data = new_seed()
        form.tags.data = "，".join(plan.tags or ())
    status = 200
    if form.validate_on_submit():
        flt = PoolFilter(tuple(form.units.data or ()), form.industry.data or None,
                         tuple(split_tags(form.party_tags.data)), form.key_enterprise.data)  # fmt: skip
        req = DrawRequest(plan, form.seed.data, form.n.data, form.window_start.data,
                          form.window_end.data, flt, tuple(split_tags(form.tags.data)))  # fmt: skip
        try:
            row = make_draw(session, req, current_user, runtime().engine.clock())
            session.commit()
        except Refused as exc:
            session.rollback()
            for name, messages in exc.field_errors.items():
                target = getattr(form, name, None) or form.window_start
                target.errors = [*target.errors, *messages]
            flash(pick(exc.zh, exc.en), "error")
            status = exc.http_status
        else:
            flash(_("已抽取 %(n)s 户，共要求 %(m)s 户", n=len(row.assignments), m=row.requested),
                  "success" if not row.shortfall else "warning")  # fmt: skip
            return redirect(url_for("draws.detail", draw_id=row.id))
    elif request.method == "POST":
        status = 422
    return render_template("draws/new.html", form=form, plan=plan), status


@bp.route("/draws/")
@login_required
def index():
    q = (request.args.get("q") or "").strip()[:100]
    query = (
        select(Draw)
        .join(Plan, Plan.id == Draw.plan_id)
        .where(Plan.unit_id.in_(visible_unit_ids()))
        .order_by(Draw.drawn_at.desc(), Draw.id.desc())
    )
    if q:
        query = query.where(
            or_(Draw.number.like(f"%{q}%"), Draw.seed == q, Draw.fingerprint.like(f"{q}%"),
                Plan.title.like(f"%{q}%"))
        )  # fmt: skip
    rows = db_session().scalars(query.limit(500)).all()
    if wants_csv(request):
        header = [_("编号"), _("计划"), _("随机种子"), _("要求户数"), _("抽中户数"),
                  _("检查期间自"), _("检查期间至"), _("指纹"), _("公示时间")]  # fmt: skip
        data = [[d.number, d.plan.title, d.seed, d.requested, len(d.assignments), d.window_start,
                 d.window_end, d.fingerprint, d.published_at or ""] for d in rows]  # fmt: skip
        return csv_response("draws.csv", header, data)
    return render_template("draws/list.html", draws=rows, q=q)


def _detail(row: Draw, verification=None, status: int = 200):
    assignments = _assignments(row)
    if wants_csv(request):
        header = [_("序号"), _("当事人"), _("统一社会信用代码/身份证号码"), _("属地"),
                  _("执法人员"), _("执法人员")]  # fmt: skip
        data = [[a.position, a.party.name, a.party.id_code, a.party.unit.name if a.party.unit else "",
                 a.officer1.name, a.officer2.name] for a in assignments]  # fmt: skip
        return csv_response(f"draw-{row.number}.csv", header, data)
    by_reason: dict[str, int] = {}
    for _party, _officer, reason in row.inputs.get("exclusions", []):
        by_reason[reason] = by_reason.get(reason, 0) + 1
    drawn_codes = {a.party.id_code for a in assignments}
    relevant = [e for e in row.inputs.get("exclusions", []) if not e[0] or e[0] in drawn_codes]
    return render_template(
        "draws/detail.html", draw=row, assignments=assignments, by_reason=by_reason,
        exclusions=relevant, verification=verification,
    ), status  # fmt: skip


@bp.route("/draws/<id:draw_id>")
@login_required
def detail(draw_id: int):
    return _detail(draw_or_404(draw_id))


@bp.route("/draws/<id:draw_id>/verify", methods=("POST",))
@login_required
def verify_view(draw_id: int):
    row = draw_or_404(draw_id)
    return _detail(row, verification=verify(db_session(), row))


@bp.route("/draws/<id:draw_id>/publish", methods=("POST",))
@roles_required("head", "admin")
def publish_view(draw_id: int):
    row = draw_or_404(draw_id)
    publish(row, current_user, runtime().engine.clock())
    db_session().commit()
    flash(_("抽取结果已公示"), "success")
    return redirect(url_for("draws.detail", draw_id=row.id))


@bp.route("/draws/<id:draw_id>/public")
@login_required
def public(draw_id: int):
    """The printable 公示 list: Chinese, as published."""
    row = draw_or_404(draw_id)
    return render_template("draws/public.html", draw=row, assignments=_assignments(row))
