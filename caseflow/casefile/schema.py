"""Case file format v1 (``shared/domain/case-file-format.md``) as marshmallow schemas.

The fields are strict on purpose: a file comes from another unit's system, and a
``"true"`` where a boolean belongs or a number where a date belongs is a sign the
export went wrong, which a reviewer must hear about rather than have guessed.
Every message is short English naming the problem; the reader adds the path.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validates_schema

from caseflow.casefile.vocabulary import (  # noqa: F401 - re-exported
    ACCIDENT_GRADES,
    ATTACHMENTS,
    DECISION_CONTENTS,
    EVIDENCE_KINDS,
    FACT_ELEMENTS,
    FORMAT,
    INVESTIGATIVE_KEYS,
    LIABLE,
    OUTCOMES,
    PARTY_KINDS,
    PENALTY_KEYS,
    PENALTY_KINDS,
    PERSON_KEYS,
    PROCEDURES,
    RIGHTS,
    ROLES,
    SERVICE_METHODS,
    TIERS,
    UNIT_LEVELS,
)
from caseflow.engine.definition import FieldSpec
from caseflow.engine.fields import InstalmentSchema, ItemSchema, extra_fields_schema
from caseflow.engine.pending import CATEGORIES
from caseflow.idcodes import check_party_code


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages read by people who wrote JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------

_MESSAGES = {"required": "missing required key", "null": "must not be null"}


class _Field(fields.Field):
    default_error_messages = _MESSAGES


class Text(_Field):
    def __init__(self, *, blank: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.blank = blank

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError(f"must be a string, got {json_type(value)}")
        if not self.blank and not value.strip():
            raise ValidationError("must not be empty")
        return value


class Choice(_Field):
    def __init__(self, choices: tuple[str, ...], *, what: str = "", **kwargs):
        super().__init__(**kwargs)
        self.choices, self.what = choices, what

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value in self.choices:
            return value
        if self.what:
            raise ValidationError(f"unknown {self.what} {value!r}")
        raise ValidationError(f"must be one of {', '.join(self.choices)}; got {value!r}")


class Flag(_Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, got {value!r}")
        return value


class Money(_Field):
    """Yuan: a finite, non-negative number, kept as written (int stays int)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"must be a number, got {json_type(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(f"must be a finite number, got {value!r}")
        if value < 0:
            raise ValidationError(f"must not be negative, got {value!r}")
        return value


class Count(_Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"must be a whole number of 0 or more, got {value!r}")
        return value


class Day(_Field):
    """An ISO 8601 date, or a date with a time (and offset). ``keep_time`` returns the
    datetime when one was given, for the step date whose hour a rule may need."""

    def __init__(self, *, keep_time: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.keep_time = keep_time

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                return moment if self.keep_time else moment.date()
        raise ValidationError(f"not a valid date: {value!r}")


class ListOf(fields.List):
    default_error_messages = _MESSAGES

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise ValidationError(f"must be a list, got {json_type(value)}")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(fields.Nested):
    default_error_messages = _MESSAGES

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError(f"must be an object, got {json_type(value)}")
        return super()._deserialize(value, attr, data, partial=partial, **kwargs)


def _is_v1(value: str) -> None:
    if value != FORMAT:
        raise ValidationError(f"must be {FORMAT!r}, got {value!r}")


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


class StrictSchema(Schema):
    error_messages = {"unknown": "unknown key", "type": "must be an object"}

    class Meta:
        unknown = RAISE


class CertificateSchema(StrictSchema):
    number = Text(required=True)
    valid_from = Day(required=True)
    valid_to = Day(required=True)
    # Not in the format's table: a revocation travels with the certificate it ends.
    revoked_on = Day(allow_none=True, load_default=None)


class PersonSchema(StrictSchema):
    id = Text(required=True)
    name = Text(required=True)
    roles = ListOf(Choice(ROLES), load_default=list)
    certificate = Object(CertificateSchema, allow_none=True, load_default=None)
    legal_qualification = Flag(load_default=False)
    # Format 1.1: the unit's principal head (正职负责人, 国务院令第310号 art. 5).
    principal = Flag(load_default=False)


class UnitSchema(StrictSchema):
    name = Text(required=True)
    level = Choice(UNIT_LEVELS, required=True)
    delegated = Flag(load_default=False)


class PartySchema(StrictSchema):
    kind = Choice(PARTY_KINDS, required=True)
    name = Text(required=True)
    id_code = Text(required=True)
    address = Text(blank=True, load_default="")

    @validates_schema
    def _id_code_matches_kind(self, data, **kwargs):
        reason = check_party_code(data["kind"], data["id_code"])
        if reason:
            raise ValidationError(reason, field_name="id_code")


class AccidentSchema(StrictSchema):
    grade = Choice(ACCIDENT_GRADES, required=True)
    report_approved_on = Day(allow_none=True, load_default=None)


class ViolationSchema(StrictSchema):
    code = Text(required=True)
    tier = Choice(TIERS, load_default="initial")
    act_start = Day(allow_none=True, load_default=None)
    act_end = Day(allow_none=True, load_default=None)
    life_health = Flag(load_default=False)
    harm = Flag(load_default=False)
    first_offense = Flag(load_default=False)
    minor = Flag(load_default=False)
    corrected_on = Day(allow_none=True, load_default=None)
    liable = Choice(LIABLE, load_default="unit")
    gains = Money(allow_none=True, load_default=None)
    act = Text(allow_none=True, load_default=None)
    accident = Object(AccidentSchema, allow_none=True, load_default=None)


class PenaltySchema(StrictSchema):
    kinds = ListOf(Choice(PENALTY_KINDS), required=True)
    fine = Money(allow_none=True)
    daily = Flag()

    class Meta:
        # Inside a step an unknown key is a warning, and a penalty lives in a step.
        unknown = EXCLUDE


class ImportedSchema(StrictSchema):
    """Where an exported case came from: entered from a file by ``by`` on ``on``."""

    by = Text(required=True)
    on = Day(required=True)


class CaseFileSchema(StrictSchema):
    format = Text(required=True, validate=_is_v1)
    case_number = Text(required=True)
    procedure = Choice(PROCEDURES, required=True)
    unit = Object(UnitSchema, required=True)
    party = Object(PartySchema, required=True)
    people = ListOf(Object(PersonSchema), required=True)
    violations = ListOf(Object(ViolationSchema), required=True)
    # Steps are checked one by one against their kind's schema (see load_step).
    steps = ListOf(fields.Raw(), required=True)
    # Said by an export of a case that was itself imported; a reader keeps no more of it.
    imported = Object(ImportedSchema, load_default=None)


def _person_ids(**kw):
    return ListOf(Text(), allow_none=True, **kw)


def _person_id(**kw):
    return Text(allow_none=True, **kw)


# Each step key's field. One key has one meaning in every step that carries it.
KEY_FIELDS = {
    "by": _person_ids,
    "participants": _person_ids,
    "approved_by": _person_id,
    "reviewer": _person_id,
    "presider": _person_id,
    "officer": _person_id,
    "credentials_shown": lambda: Flag(allow_none=True),
    "place": lambda: Text(allow_none=True, blank=True),
    "signed_by_party": lambda: Flag(allow_none=True),
    "refusal_note": lambda: Text(allow_none=True, blank=True),
    "deadline": lambda: Day(allow_none=True),
    "major_hazard": lambda: Flag(allow_none=True),
    "criterion": lambda: Text(allow_none=True, blank=True),
    "suspension_ordered": lambda: Flag(allow_none=True),
    "result": lambda: Choice(("corrected", "not_corrected"), allow_none=True),
    "opinion_signed": lambda: Flag(allow_none=True),
    "discovered": lambda: Day(allow_none=True),
    "decided_on": lambda: Day(allow_none=True),
    "id": lambda: Text(allow_none=True),
    "kind": lambda: Choice(EVIDENCE_KINDS, allow_none=True),
    "proves": lambda: ListOf(Choice(FACT_ELEMENTS), allow_none=True),
    "form_complete": lambda: Flag(allow_none=True),
    "opinion": lambda: Choice(("approve", "return"), allow_none=True),
    "days": lambda: Count(allow_none=True),
    "served": lambda: Day(allow_none=True),
    "proposed": lambda: Object(PenaltySchema, allow_none=True),
    "rights": lambda: ListOf(Choice(RIGHTS), allow_none=True),
    "reviewed": lambda: Flag(allow_none=True),
    "adopted": lambda: Flag(allow_none=True),
    "hearing_date": lambda: Day(allow_none=True),
    "record_signed": lambda: Flag(allow_none=True),
    "outcome": lambda: Choice(OUTCOMES, allow_none=True),
    "penalty": lambda: Object(PenaltySchema, allow_none=True),
    "orders_correction": lambda: Flag(allow_none=True),
    "contents": lambda: ListOf(Choice(DECISION_CONTENTS), allow_none=True),
    "method": lambda: Choice(SERVICE_METHODS, allow_none=True),
    "receipt_signed": lambda: Flag(allow_none=True),
    "consent": lambda: Flag(allow_none=True),
    "witness": lambda: Flag(allow_none=True),
    "amount": lambda: Money(allow_none=True),
    "approved": lambda: Flag(allow_none=True),
    "reasons": lambda: Text(allow_none=True, blank=True),
    "attachments": lambda: ListOf(Choice(ATTACHMENTS), allow_none=True),
    "accepted": lambda: Flag(allow_none=True),
}


def _not_empty(ids: list) -> None:
    if not ids:
        raise ValidationError("must name at least one person")


class AcknowledgedSchema(StrictSchema):
    """Format 1.1, on any step: who acknowledged its defects (瑕疵), why, of which kind."""

    by = ListOf(Text(), required=True, validate=_not_empty)
    reason = Text(required=True)
    category = Choice(tuple(CATEGORIES), allow_none=True, load_default=None)


# Keys any step may carry (format 1.1), besides ``step`` and ``date``.
ANY_STEP_KEYS = ("acknowledged", "recorded_on")


class StepSchema(StrictSchema):
    date = Day(keep_time=True, required=True)
    acknowledged = Object(AcknowledgedSchema, allow_none=True)
    recorded_on = Day(allow_none=True)

    @validates_schema
    def _recorded_after_the_act(self, data, **kwargs):
        entered, when = data.get("recorded_on"), data.get("date")
        if entered is None or when is None:
            return
        day = when.date() if isinstance(when, dt.datetime) else when
        if entered < day:
            raise ValidationError(
                f"{entered} is before the step's date {day}: a step is entered on or after it",
                field_name="recorded_on",
            )

    class Meta:
        unknown = EXCLUDE  # reported as warnings by load_step


# A key the format does not type above is read by the type its step kind declares.
_BY_TYPE = {
    "boolean": lambda f: Flag(allow_none=True),
    "date": lambda f: Day(allow_none=True),
    "integer": lambda f: Count(allow_none=True),
    "number": lambda f: Money(allow_none=True),
    "choice": lambda f: Choice(f.choices, allow_none=True),
    "choices": lambda f: ListOf(Choice(f.choices), allow_none=True),
    "person": lambda f: _person_id(),
    "people": lambda f: _person_ids(),
    "penalty": lambda f: Object(PenaltySchema, allow_none=True),
    "datetime": lambda f: Day(keep_time=True, allow_none=True),
    "list": lambda f: ListOf(Text(), allow_none=True),
    "inventory": lambda f: ListOf(Object(ItemSchema), allow_none=True),
    "instalments": lambda f: ListOf(Object(InstalmentSchema), allow_none=True),
    "object": lambda f: fields.Dict(keys=fields.String(), allow_none=True),
}


def _key_field(spec):
    if spec.type in ("choice", "choices") and spec.choices:
        # A kind that declares its own choices for a shared key (a seizure disposal's
        # ``kind``, a review's ``result``) is read by them: the vocabulary decides.
        return _BY_TYPE[spec.type](spec)
    if spec.name in KEY_FIELDS:
        return KEY_FIELDS[spec.name]()
    return _BY_TYPE.get(spec.type, lambda f: Text(allow_none=True, blank=True))(spec)


_SCHEMAS: dict[tuple, dict[str, tuple[tuple[str, ...], type[Schema]]]] = {}


def step_schemas(kinds: Mapping) -> dict[str, tuple[tuple[str, ...], type[Schema]]]:
    """Per step kind the plugins define: its keys and the schema reading them. Built once
    per vocabulary (the reader runs per file; the vocabulary does not change)."""
    key = tuple((n, tuple(f.name for f in k.fields)) for n, k in sorted(kinds.items()))
    if key not in _SCHEMAS:
        _SCHEMAS[key] = {
            name: (
                tuple(f.name for f in kind.fields),
                StepSchema.from_dict(
                    {f.name: _key_field(f) for f in kind.fields}, name=f"{name}_step"
                ),
            )
            for name, kind in kinds.items()
        }
    return _SCHEMAS[key]


def flatten_errors(messages: Any, path: str = "") -> list[str]:
    """marshmallow's nested error dict as ``path: problem`` lines (``steps[3].served``)."""
    if isinstance(messages, dict):
        out: list[str] = []
        for key, sub in messages.items():
            if key == "_schema":
                sub_path = path
            elif isinstance(key, int):
                sub_path = f"{path}[{key}]"
            else:
                sub_path = f"{path}.{key}" if path else str(key)
            out.extend(flatten_errors(sub, sub_path))
        return out
    if isinstance(messages, list):
        return [line for m in messages for line in flatten_errors(m, path)]
    return [f"{path}: {messages}" if path else str(messages)]


def load_step(
    index: int, raw: Any, kinds: Mapping, extra: tuple[FieldSpec, ...] = ()
) -> tuple[dict | None, list[str], list[str]]:
    """One step checked against its kind (``kinds``: the step vocabulary plugins define):
    (data or None, errors, warnings). ``extra`` are the fields plugins add to this step
    (``caseflow_step_fields``): their keys are kept, typed as live, rather than dropped
    as unknown. An old file may lack them."""
    where = f"steps[{index}]"
    if not isinstance(raw, dict):
        return None, [f"{where}: must be an object, got {json_type(raw)}"], []
    if "step" not in raw:
        return None, [f"{where}.step: missing required key"], []
    name = raw["step"]
    schemas = step_schemas(kinds)
    if not isinstance(name, str) or name not in schemas:
        return None, [f"{where}.step: unknown step {name!r}"], []
    keys, schema = schemas[name]
    added = {f.name for f in extra} - set(keys)
    warnings = [
        f"{where}.{key}: unknown key for step '{name}', ignored"
        for key in raw
        if key not in ("step", "date", *ANY_STEP_KEYS, *keys, *added)
    ]
    for key in ("proposed", "penalty"):
        if key in keys and isinstance(raw.get(key), dict):
            warnings += [
                f"{where}.{key}.{k}: unknown key, ignored"
                for k in raw[key]
                if k not in PENALTY_KEYS
            ]
    try:
        data = {"step": name, **schema().load(raw)}
        if added:
            specs = tuple(f for f in extra if f.name in added)
            data.update(extra_fields_schema(specs).load({k: raw[k] for k in added if k in raw}))
    except ValidationError as exc:
        return None, flatten_errors(exc.messages, where), warnings
    return data, [], warnings
