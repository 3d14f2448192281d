"""Forms for signing off a defect (瑕疵): a reason and a category, or a reason to return it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from caseflow.engine.pending import CATEGORIES
from caseflow.web.forms import Form, options


def category_choices(blank: bool = False):
    pairs = [(key, f"{zh} / {en}") for key, (zh, en) in CATEGORIES.items()]
    return options([("", "—"), *pairs] if blank else pairs)


class AcknowledgeForm(Form):
    reason = TextAreaField(_l("确认理由"), [DataRequired(), Length(max=2000)])
    category = SelectField(_l("瑕疵原因类别"), [DataRequired()], choices=category_choices())


class ReturnForm(Form):
    reason = TextAreaField(_l("退回理由"), [DataRequired(), Length(max=2000)])
