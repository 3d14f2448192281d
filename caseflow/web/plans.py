"""Plans (年度检查计划): the list, a new plan with its targets grid, and a plan's progress."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.engine.errors import Refused
from caseflow.models import Draw, InspectionKind, Plan
from caseflow.planning.plans import make_plan
from caseflow.planning.progress import progress
from caseflow.web import db_session, runtime
from caseflow.web.access import roles_required, units_in_reach, visible_unit_ids
from caseflow.web.csvexport import csv_response, wants_csv
from caseflow.web.i18n import pick
from caseflow.web.planforms import PlanForm, split_tags

bp = Blueprint("plans", __name__, url_prefix="/plans")


def kind_label(kind) -> str:
    return pick(*InspectionKind(kind).labels)


def plan_or_404(plan_id: int) -> Plan:
    plan = db_session().get(Plan, plan_id)
    if plan is None or plan.unit_id not in visible_unit_ids():
        abort(404)
    return plan


@bp.app_template_global()
def inspection_kind_label(kind) -> str:
    return kind_label(kind)


@bp.route("/")
@login_required
def index():
    q = (request.args.get("q") or "").strip()[:100]
    year = request.args.get("year", type=int)
    query = (
        select(Plan)
        .where(Plan.unit_id.in_(visible_unit_ids()))
        .options(selectinload(Plan.targets), selectinload(Plan.unit))
        .order_by(Plan.year.desc(), Plan.id.desc())
    )
    if q:
        query = query.where(Plan.title.like(f"%{q}%"))
    if year:
        query = query.where(Plan.year == year)
    plans = db_session().scalars(query.limit(500)).all()
    tag = (request.args.get("tag") or "").strip()
    if tag:  # tags are a JSON list: matched here, the same on every database
        plans = [p for p in plans if tag in (p.tags or ())]

    def totals(p):
        return {k: sum(t.count for t in p.targets if t.kind == k) for k in InspectionKind}

    if wants_csv(request):
        header = [_("年度"), _("计划名称"), _("单位"), _("专项标签")]
        header += [kind_label(k) for k in InspectionKind]
        rows = [[p.year, p.title, p.unit.name, "、".join(p.tags)]
                + [totals(p)[k] for k in InspectionKind] for p in plans]  # fmt: skip
        return csv_response("plans.csv", header, rows)
    return render_template("plans/list.html", plans=plans, q=q, year=year, tag=tag, totals=totals)


def _targets_from(form_data, units) -> tuple[list[tuple[str, int, int]], dict[str, str]]:
    targets, errors = [], {}
    for unit in units:
        for kind in InspectionKind:
            name = f"t-{kind}-{unit.id}"
            raw = (form_data.get(name) or "").strip()
            if not raw:
                continue
            if not raw.isdigit() or int(raw) > 1_000_000:
                errors[name] = _("请填写 0 到 1000000 的整数")
                continue
            targets.append((str(kind), unit.id, int(raw)))
    return targets, errors


@bp.route("/new", methods=("GET", "POST"))
@roles_required("head", "admin")
def new():
    form = PlanForm()
    units = units_in_reach()
    grid_errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        targets, grid_errors = _targets_from(request.form, units)
        if form.validate_on_submit() and not grid_errors:
            session = db_session()
            try:
                plan = make_plan(
                    session, unit=current_user.unit, year=form.year.data,
                    title=form.title.data, targets=targets, tags=split_tags(form.tags.data),
                    actor=current_user, now=runtime().engine.clock(),
                )  # fmt: skip
                session.commit()
            except Refused as exc:
                session.rollback()
                flash(pick(exc.zh, exc.en), "error")
            else:
                flash(_("计划已保存：%(title)s", title=plan.title), "success")
                return redirect(url_for("plans.detail", plan_id=plan.id))
        status = 422
    return render_template(
        "plans/new.html", form=form, units=units, kinds=list(InspectionKind),
        grid_errors=grid_errors, values=request.form,
    ), status  # fmt: skip


@bp.route("/<id:plan_id>")
@login_required
def detail(plan_id: int):
    session = db_session()
    plan = plan_or_404(plan_id)
    report = progress(session, plan)
    if wants_csv(request):
        rows = [[kind_label(r.kind), r.unit.name if r.unit else _("计划外"), r.target, r.done,
                 f"{r.percent}%"] for r in report.rows]  # fmt: skip
        header = [_("检查类型"), _("属地"), _("目标"), _("已检查"), _("完成率")]
        return csv_response(f"plan-{plan.id}-progress.csv", header, rows)
    draws = session.scalars(
        select(Draw).where(Draw.plan_id == plan.id).order_by(Draw.drawn_at.desc())
    ).all()
    return render_template("plans/detail.html", plan=plan, report=report, draws=draws)
