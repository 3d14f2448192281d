"""Forms of plans, draws and the recusal register."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from caseflow.planning.draws import MAX_DRAW
from caseflow.web.forms import Form


def split_tags(text: str | None) -> list[str]:
    return [t.strip() for t in re.split(r"[,，、]", text or "") if t.strip()]


class PlanForm(Form):
    """Year, title and campaigns; the targets grid is read from ``t-<kind>-<unit id>``."""

    year = IntegerField(_l("年度"), validators=[DataRequired(), NumberRange(2000, 2100)])
    title = StringField(_l("计划名称"), validators=[DataRequired(), Length(max=200)])
    tags = StringField(_l("专项标签（以逗号分隔）"), validators=[Optional(), Length(max=300)])


def new_seed() -> str:
    return secrets.token_hex(8)


class DrawForm(Form):
    seed = StringField(
        _l("随机种子"),
        validators=[
            DataRequired(),
            Regexp(r"^[\w.:@#+-]{1,100}$", message=_l("只能使用字母、数字和 . : @ # + - _")),
        ],
        description=_l("记录在抽取结果中；同一种子和同一对象库得到同一结果。"),
    )
    n = IntegerField(_l("抽取户数"), validators=[DataRequired(), NumberRange(1, MAX_DRAW)])
    window_start = DateField(_l("检查期间自"), validators=[DataRequired()])
    window_end = DateField(_l("检查期间至"), validators=[DataRequired()])
    units = SelectMultipleField(_l("街道（不选为全部）"), validators=[Optional()])
    industry = StringField(_l("行业"), validators=[Optional(), Length(max=60)])
    party_tags = StringField(
        _l("对象须带的标签（以逗号分隔）"), validators=[Optional(), Length(max=300)]
    )
    key_enterprise = BooleanField(_l("仅重点企业"))
    tags = StringField(_l("专项标签（以逗号分隔）"), validators=[Optional(), Length(max=300)])


class RecusalForm(Form):
    officer_id = SelectField(_l("执法人员"), coerce=int, validators=[DataRequired()])
    party_code = StringField(
        _l("当事人统一社会信用代码/身份证号码"), validators=[DataRequired(), Length(max=18)]
    )
    reason = StringField(_l("回避理由"), validators=[DataRequired(), Length(max=300)])
