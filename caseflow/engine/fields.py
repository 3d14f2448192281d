"""Step data: a marshmallow schema per step, built from the workflow's field specs.

The same schema validates a web form's data, an API body and a case-file step, so
all three speak one vocabulary and give the same field errors.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from caseflow.engine.definition import FieldSpec, StepSpec

PENALTY_KINDS = (
    "warning", "fine", "confiscation", "suspension", "permit_downgrade",
    "permit_revocation", "closure", "practice_ban",
)  # fmt: skip


class Money(fields.Field):
    """Yuan, as given: 20000 stays 20000 (an export must equal what was recorded)."""

    default_error_messages = {
        "invalid": "Not a valid amount.",
        "range": "Must be between 0 and 10^10.",
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
        fields.String(validate=validate.OneOf(PENALTY_KINDS)),
        required=True,
        validate=validate.Length(min=1),
    )
    fine = Money()
    daily = fields.Boolean()


def _field(spec: FieldSpec) -> fields.Field:
    kw = {"required": spec.required, "allow_none": not spec.required}
    match spec.type:
        case "string" | "person":
            return fields.String(validate=validate.Length(max=500), **kw)
        case "text":
            return fields.String(validate=validate.Length(max=20000), **kw)
        case "boolean":
            return fields.Boolean(**kw)
        case "date":
            return fields.Date(**kw)
        case "datetime":
            return fields.AwareDateTime(default_timezone=dt.UTC, **kw)
        case "integer":
            return fields.Integer(strict=False, validate=validate.Range(min=0, max=10**9), **kw)
        case "number":
            return Money(**kw)
        case "choice":
            return fields.String(validate=validate.OneOf(spec.choices), **kw)
        case "choices":
            return fields.List(fields.String(validate=validate.OneOf(spec.choices)), **kw)
        case "people":
            return fields.List(fields.String(validate=validate.Length(min=1, max=64)), **kw)
        case "penalty":
            return fields.Nested(PenaltySchema, **kw)
    raise ValueError(f"unknown field type {spec.type}")  # the loader already rejects these


@lru_cache(maxsize=512)
def step_schema(step: StepSpec, extra: tuple[FieldSpec, ...] = ()) -> Schema:
    """The schema of one step's data: its declared fields, ``date``, and plugin extras."""
    declared = {"date": fields.Date(required=True)}
    for spec in (*step.fields, *extra):
        declared[spec.name] = _field(spec)
    cls = Schema.from_dict(declared, name=f"{step.name.title().replace('_', '')}Data")
    return cls(unknown=RAISE)


def load_step_data(step: StepSpec, data: dict, extra: tuple[FieldSpec, ...] = ()) -> dict:
    """Validated, typed step data; raises ValidationError with field messages."""
    if not isinstance(data, dict):
        raise ValidationError({"_schema": ["step data must be an object"]})
    return step_schema(step, extra).load(data)


def person_fields(step: StepSpec, extra: tuple[FieldSpec, ...] = ()) -> list[FieldSpec]:
    return [f for f in (*step.fields, *extra) if f.type in ("person", "people")]
