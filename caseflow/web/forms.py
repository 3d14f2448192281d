"""The fixed forms: login, party, new case, evidence upload, certificate.

Step forms are not here: they are generated from the workflow (stepforms.py).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseflow.web import once


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class Form(FlaskForm):
    """Every form of the web: text holding a NUL character is a field error. Nobody
    types one, and PostgreSQL cannot store or compare it (the lookup or insert was a
    500); the other fields keep what was typed."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for f in self:
            if isinstance(f, (HiddenField, BooleanField)):
                continue  # a version is parsed, a checkbox only checked
            if any(isinstance(v, str) and "\x00" in v for v in f.raw_data or ()):
                f.errors.append(_("含有无法保存的控制字符"))
                ok = False
        return ok


class LoginForm(Form):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(Form):
    current = PasswordField(_l("当前密码"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("新密码"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("至少 12 个字符，不能是常见密码；可以用一句话"),
    )
    repeat = PasswordField(_l("再次输入新密码"), validators=[DataRequired(), Length(max=200)])


class SecurityLogFilter(Form):
    """Filters of the security log page, read from the query string."""

    class Meta:
        csrf = False

    kind = SelectField(_l("类别"), validators=[Optional()])
    username = StringField(_l("用户名"), validators=[Optional(), Length(max=64)])
    since = DateField(_l("起始日期"), validators=[Optional()])
    until = DateField(_l("截止日期"), validators=[Optional()])


class PartyForm(Form):
    kind = SelectField(
        _l("类型"),
        choices=options([("organization", _l("单位")), ("individual", _l("个人"))]),
        validators=[DataRequired()],
    )
    name = StringField(_l("名称/姓名"), validators=[DataRequired(), Length(max=200)])
    id_code = StringField(
        _l("统一社会信用代码/身份证号码"), validators=[DataRequired(), Length(max=18)]
    )
    address = StringField(_l("地址"), validators=[Optional(), Length(max=300)])
    legal_representative = StringField(_l("法定代表人"), validators=[Optional(), Length(max=100)])
    phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=40)])
    industry = StringField(_l("行业"), validators=[Optional(), Length(max=60)])
    unit_id = SelectField(_l("属地单位"), coerce=int, validators=[DataRequired()])
    key_enterprise = BooleanField(_l("纳管重点企业"))
    tags = StringField(_l("专项标签（以逗号分隔）"), validators=[Optional(), Length(max=300)])


class CaseForm(Form):
    workflow = SelectField(_l("办案流程"), validators=[DataRequired()])
    unit_id = SelectField(_l("办案单位"), coerce=int, validators=[DataRequired()])
    party_id = SelectField(_l("当事人"), coerce=int, validators=[DataRequired()])
    violations = SelectMultipleField(_l("违法行为"), validators=[Optional()])
    act_start = DateField(_l("违法行为开始日期"), validators=[Optional()])
    # Format 1.1: who the provision makes liable, illegal gains, one act breaching several
    # provisions (APL 29), and the accident an accident penalty rests on (WSL 95, 114).
    liable = SelectField(
        _l("责任主体"),
        choices=options(
            [
                ("unit", _l("生产经营单位")),
                ("principal_head", _l("主要负责人")),
                ("responsible_person", _l("直接责任人员")),
            ]
        ),
        default="unit",
    )
    gains = DecimalField(
        _l("违法所得（元）"), places=2, validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    one_act = BooleanField(_l("所选违法行为系同一违法行为"))
    accident_grade = SelectField(
        _l("事故等级（事故罚款）"),
        choices=options(
            [
                ("", _l("无")),
                ("general", _l("一般事故")),
                ("larger", _l("较大事故")),
                ("major", _l("重大事故")),
                ("especially_major", _l("特别重大事故")),
            ]
        ),
        default="",
        validators=[Optional()],
    )
    accident_report_approved_on = DateField(_l("事故调查报告批复日期"), validators=[Optional()])
    title = StringField(_l("案由"), validators=[Optional(), Length(max=300)])
    tags = StringField(_l("专项标签（以逗号分隔）"), validators=[Optional(), Length(max=300)])
    form_token = once.field()


class EvidenceForm(Form):
    file = FileField(_l("证据文件"), validators=[FileRequired()])
    evidence_id = StringField(_l("对应证据编号"), validators=[Optional(), Length(max=40)])
    expected_version = HiddenField()
    form_token = once.field()


class CertificateForm(Form):
    user_id = SelectField(_l("执法人员"), coerce=int, validators=[DataRequired()])
    number = StringField(_l("执法证号"), validators=[DataRequired(), Length(max=40)])
    valid_from = DateField(_l("有效期自"), validators=[DataRequired()])
    valid_to = DateField(_l("有效期至"), validators=[DataRequired()])


class FilterForm(Form):
    """Case list filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    state = SelectField(_l("状态"), validators=[Optional()])
    workflow = SelectField(_l("流程"), validators=[Optional()])
    officer = SelectField(_l("承办人"), validators=[Optional()])
    overdue = BooleanField(_l("仅显示超期"))
    page = IntegerField(validators=[Optional()])


class CorrectionForm(Form):
    """更正: void a recorded step, or give its corrected keys; always with a reason."""

    void = BooleanField(_l("作废该步骤"))
    keys = TextAreaField(
        _l("更正后的内容"),
        validators=[Optional(), Length(max=5000)],
        description=_l("每行一项：字段名=更正后的值"),
    )
    reason = TextAreaField(_l("更正理由"), validators=[DataRequired(), Length(max=2000)])
    expected_version = HiddenField()
    form_token = once.field()
