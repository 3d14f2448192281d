"""The inspection form: the fixed fields (WTForms) and the checklist items, one group
of fields per item, read from the post by name (``a-<item>``, ``note-<item>`` …).

A failed item carries what its hazard needs: a note, a date to correct by or
"immediately", the violation code when known, for a major one suspension or the
finding that safety is assured, and a photo.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.inspections.record import ItemAnswer
from caseflow.web import once
from caseflow.web.forms import Form

MEASURES = ("suspension", "assured")


class InspectionForm(Form):
    date = DateField(_l("检查日期"), validators=[DataRequired()])
    place = StringField(_l("检查地点"), validators=[DataRequired(), Length(max=300)])
    officer1 = SelectField(_l("执法人员一"), validators=[DataRequired()])
    officer2 = SelectField(_l("执法人员二"), validators=[DataRequired()])
    credentials_shown = BooleanField(_l("已出示执法证件"))
    tags = StringField(_l("专项整治标签（以逗号分隔）"), validators=[Optional(), Length(max=300)])
    findings = TextAreaField(_l("其他检查情况"), validators=[Optional(), Length(max=5000)])
    signed_by_party = BooleanField(_l("被检查单位已签名"))
    refusal_note = StringField(_l("拒签情况说明"), validators=[Optional(), Length(max=500)])
    form_token = once.field()


def split_tags(raw: str | None) -> list[str]:
    return [t.strip()[:40] for t in re.split(r"[,，、]", raw or "") if t.strip()]


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def item_answers(form, items) -> tuple[dict[str, ItemAnswer], dict[str, list[str]]]:
    """The answer posted for each item, and the problems of reading them (a date that
    is not one); what the answers mean is judged by ``record_inspection``."""
    answers, errors = {}, {}
    for item in items:
        iid = item["id"]
        answer = (form.get(f"a-{iid}") or "").strip()
        if not answer:
            continue
        raw_deadline = (form.get(f"deadline-{iid}") or "").strip()
        deadline = _date(raw_deadline) if raw_deadline else None
        if raw_deadline and deadline is None:
            errors[f"answers.{iid}.deadline"] = ["YYYY-MM-DD"]
        measure = form.get(f"measure-{iid}") or ""
        answers[iid] = ItemAnswer(
            answer=answer[:4], note=(form.get(f"note-{iid}") or "")[:2000],
            deadline=deadline, immediate=form.get(f"immediate-{iid}") == "y",
            violation_code=(form.get(f"code-{iid}") or "").strip()[:40] or None,
            suspension_ordered=measure == MEASURES[0], safety_assured=measure == MEASURES[1],
        )  # fmt: skip
    return answers, errors
