"""Step data: a marshmallow schema per step, built from the workflow's field specs.

The same schema validates a web form's data, an API body and a case-file step, so
all three speak one vocabulary and give the same field errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from caseflow.engine.definition import FieldSpec, StepSpec

PENALTY_KINDS = (
    "warning", "fine", "confiscation", "suspension", "permit_downgrade",
    "permit_revocation", "closure", "practice_ban",
)  # fmt: skip


# Field messages in both languages, "中文 / English" like findings: an officer reads
# the first half, an integrator the second, and the web shows the current language's.
MESSAGES = {
    "required": "必须填写 / Missing data for required field.",
    "null": "不能为空 / Field may not be null.",
}
INVALID = {
    "string": "应为文字 / Not a valid string.",
    "text": "应为文字 / Not a valid string.",
    "person": "应为用户名 / Not a valid username.",
    "boolean": "应为是或否 / Not a valid boolean.",
    "date": "日期格式应为 YYYY-MM-DD / Not a valid date (YYYY-MM-DD).",
    "datetime": "时间格式有误 / Not a valid datetime.",
    "integer": "应为整数 / Not a valid integer.",
    "choice": "应为文字 / Not a valid string.",
    "choices": "应为列表 / Not a valid list.",
    "people": "应为用户名列表 / Not a valid list of usernames.",
    "penalty": "应为处罚内容 / Not a valid penalty.",
    "list": "应为文字列表 / Not a valid list of strings.",
    "inventory": "应为物品清单 / Not a valid list of items.",
    "instalments": "应为缴款期限及金额列表 / Not a valid list of dates and amounts.",
    "object": "应为键值对象 / Not a valid object of keys.",
}


def _messages(kind: str) -> dict:
    return {**MESSAGES, "invalid": INVALID.get(kind, MESSAGES["null"])}


def _one_of(choices) -> validate.OneOf:
    listed = ", ".join(choices)
    return validate.OneOf(choices, error=f"应为以下之一：{listed} / Must be one of: {listed}.")


class Money(fields.Field):
    """Yuan, as given: 20000 stays 20000 (an export must equal what was recorded)."""

    default_error_messages = {
        "invalid": "应为金额（元） / Not a valid amount.",
        "range": "金额应在0至100亿元之间 / Must be between 0 and 10^10.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    value = float(value) if "." in value else int(value)
                except ValueError:
                    raise self.make_error("invalid") from None
            else:
                raise self.make_error("invalid")
        if value != value or not 0 <= value <= 10**10:  # NaN, negative, absurd
            raise self.make_error("range")
        return value


class PenaltySchema(Schema):
    kinds = fields.List(
        fields.String(validate=_one_of(PENALTY_KINDS)),
        required=True,
        validate=validate.Length(min=1, error="至少选择一种处罚 / Choose at least one kind."),
        error_messages=MESSAGES,
    )
    fine = Money()
    daily = fields.Boolean()


class ItemSchema(Schema):
    """One line of a seizure inventory (查封扣押物品清单)."""

    name = fields.String(
        required=True, validate=validate.Length(min=1, max=200), error_messages=MESSAGES
    )
    quantity = fields.String(
        required=True, validate=validate.Length(min=1, max=100), error_messages=MESSAGES
    )


class InstalmentSchema(Schema):
    """One due date and its amount (APL art. 66 deferral or instalments)."""

    date = fields.Date(required=True, error_messages=MESSAGES)
    amount = Money(required=True, error_messages=MESSAGES)


def _field(spec: FieldSpec) -> fields.Field:
    kw = {
        "required": spec.required,
        "allow_none": not spec.required,
        "error_messages": _messages(spec.type),
    }
    match spec.type:
        case "string" | "person":
            return fields.String(validate=validate.Length(max=500, error="过长 / Too long."), **kw)
        case "text":
            return fields.String(
                validate=validate.Length(max=20000, error="过长 / Too long."), **kw
            )
        case "boolean":
            return fields.Boolean(**kw)
        case "date":
            return fields.Date(**kw)
        case "datetime":
            return fields.AwareDateTime(default_timezone=dt.UTC, **kw)
        case "integer":
            return fields.Integer(
                strict=False,
                validate=validate.Range(
                    min=0, max=10**9, error="应在0至10亿之间 / Must be between 0 and 10^9."
                ),
                **kw,
            )
        case "number":
            return Money(**kw)
        case "choice":
            return fields.String(validate=_one_of(spec.choices), **kw)
        case "choices":
            return fields.List(fields.String(validate=_one_of(spec.choices)), **kw)
        case "people":
            return fields.List(fields.String(validate=validate.Length(min=1, max=64)), **kw)
        case "penalty":
            return fields.Nested(PenaltySchema, **kw)
        case "list":
            return fields.List(fields.String(validate=validate.Length(min=1, max=64)), **kw)
        case "inventory":
            return fields.List(
                fields.Nested(ItemSchema),
                validate=validate.Length(min=1, error="至少一项 / At least one item."),
                **kw,
            )
        case "instalments":
            return fields.List(
                fields.Nested(InstalmentSchema),
                validate=validate.Length(min=1, error="至少一期 / At least one date."),
                **kw,
            )
        case "object":
            # Keys of another step (a correction's ``data``): that step's schema checks them.
            return fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=60)), **kw)
    raise ValueError(f"unknown field type {spec.type}")  # the loader already rejects these


@lru_cache(maxsize=512)
def step_schema(step: StepSpec, extra: tuple[FieldSpec, ...] = ()) -> Schema:
    """The schema of one step's data: its declared fields, ``date``, and plugin extras."""
    declared = {"date": fields.Date(required=True, error_messages=_messages("date"))}
    for spec in (*step.fields, *extra):
        declared[spec.name] = _field(spec)
    cls = Schema.from_dict(declared, name=f"{step.name.title().replace('_', '')}Data")
    cls.error_messages = {"unknown": "此步骤没有该字段 / Unknown field."}
    return cls(unknown=RAISE)


def load_step_data(step: StepSpec, data: dict, extra: tuple[FieldSpec, ...] = ()) -> dict:
    """Validated, typed step data; raises ValidationError with field messages."""
    if not isinstance(data, dict):
        raise ValidationError({"_schema": ["step data must be an object"]})
    return step_schema(step, extra).load(data)


def person_fields(step: StepSpec, extra: tuple[FieldSpec, ...] = ()) -> list[FieldSpec]:
    return [f for f in (*step.fields, *extra) if f.type in ("person", "people")]


@lru_cache(maxsize=128)
def extra_fields_schema(extra: tuple[FieldSpec, ...]) -> Schema:
    """Plugin fields read back from a case file: typed as live, none required (a file
    written before the plugin was installed does not have them)."""
    declared = {spec.name: _field(replace(spec, required=False)) for spec in extra}
    return Schema.from_dict(declared, name="PluginFieldsData")(unknown=RAISE)
