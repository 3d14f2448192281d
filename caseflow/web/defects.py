"""The dismissal-risk register page (瑕疵风险台账): defects recorded on steps, filtered,
counted by rule (a bar each) and by unit, and exported as CSV."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from caseflow.engine.catalogue import rules
from caseflow.engine.defect_register import defect_register
from caseflow.engine.findings import Severity
from caseflow.engine.pending import CATEGORIES
from caseflow.engine.steps import collect_steps, titles
from caseflow.web import db_session, runtime
from caseflow.web.access import roles_required, units_in_reach, visible_unit_ids
from caseflow.web.export import csv_response
from caseflow.web.forms import Form, options
from caseflow.web.i18n import lang, pick

bp = Blueprint("defects", __name__, url_prefix="/defects")

PAGE_SIZE = 50


class DefectFilterForm(Form):
    """The register's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    unit = SelectField(_l("办案单位"), validators=[Optional()])
    rule = SelectField(_l("规则"), validators=[Optional()])
    date_from = DateField(_l("行为日期自"), validators=[Optional()])
    date_to = DateField(_l("至"), validators=[Optional()])


def _choices(form: DefectFilterForm) -> None:
    units = units_in_reach()
    form.unit.choices = options([("", _("全部"))] + [(str(u.id), u.name) for u in units])
    ids = sorted(r.id for r in rules(runtime().pm) if Severity.DEFECT in r.severities)
    form.rule.choices = options([("", _("全部"))] + [(i, i) for i in ids])


@bp.route("/")
@roles_required("head", "reviewer")
def index():
    form = DefectFilterForm(request.args)
    _choices(form)
    valid = form.validate()  # a bad filter is shown on its field; the others still apply
    units = visible_unit_ids()
    if form.unit.data and not form.unit.errors:
        chosen = int(form.unit.data)
        units = next(u.subtree_ids() for u in units_in_reach() if u.id == chosen)
    dates = {
        "date_from": form.date_from.data if not form.date_from.errors else None,
        "date_to": form.date_to.data if not form.date_to.errors else None,
    }
    register = defect_register(
        db_session(), units, rule=(form.rule.data or None) if not form.rule.errors else None,
        **dates,
    )  # fmt: skip
    if request.args.get("format") == "csv":
        return _export(register)
    pages = max(1, -(-register.total // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    args = {k: v for k, v in request.args.items() if k != "page"}
    by_rule = register.by_rule
    step_titles = _titles()
    return render_template(
        "defects/index.html", form=form, valid=valid, register=register, by_rule=by_rule,
        widest=max((n for _r, n in by_rule), default=0), by_unit=register.by_unit,
        items=register.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page=page,
        pages=pages, args=args, category=_category, step_titles=step_titles,
    )  # fmt: skip


def _titles() -> dict[str, str]:
    """Step kinds' titles in the page's language, as the case page shows them."""
    return titles(collect_steps(runtime().pm), "en" if lang() == "en" else "zh")


def _export(register):
    step_titles = _titles()
    return csv_response(
        "defects.csv",
        [_("案号"), _("办案单位"), _("步骤"), _("行为日期"), _("规则"), _("说明"),
         _("确认人"), _("确认理由"), _("瑕疵原因类别")],
        ([d.case_label, d.unit_name, step_titles.get(d.step, d.step), d.date.isoformat(), d.rule,
          pick(d.message_zh, d.message_en), " ".join(d.acknowledged_by), d.reason,
          _category(d.category)]
         for d in register.items),
    )  # fmt: skip


def _category(key: str) -> str:
    zh, en = CATEGORIES.get(key, (key, key))
    return pick(zh, en)
