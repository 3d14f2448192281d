"""A step's form, generated from the workflow's field specs.

The form only shapes input (types, choices); whether the data is lawful is the
engine's question, asked on submit. So fields carry no "required" validators of
their own: a missing value comes back from the engine as a field error, the
same words the API and the case-file reader give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length, NumberRange, Optional

from caseflow.engine.definition import FieldSpec, StepSpec
from caseflow.engine.fields import PENALTY_KINDS
from caseflow.engine.history import corrected_steps
from caseflow.models import Case, Event, User
from caseflow.web import once
from caseflow.web.forms import Form, options
from caseflow.web.i18n import label, pick
from caseflow.web.pendingforms import category_choices
from caseflow.web.vocab import value_label


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


# Which users a person field offers: the role the law expects in that seat.
PERSON_ROLES = {
    "by": ("officer",),
    "officer": ("officer",),
    "reviewer": ("reviewer",),
    "participants": ("head",),
    "presider": ("officer", "reviewer", "head"),
}


@dataclass
class Group:
    """One field spec and the form fields that render it (a penalty takes two)."""

    spec: FieldSpec
    names: tuple[str, ...]


def eligible_users(session, case: Case, roles: tuple[str, ...]) -> list[User]:
    """Active users with one of ``roles`` in the case's unit, the units below it and the
    units above it (a bureau officer may act on a street's case it supervises)."""
    ids = set(case.unit.subtree_ids())
    unit = case.unit
    while unit is not None:
        ids.add(unit.id)
        unit = unit.parent
    users = session.scalars(
        select(User).where(User.unit_id.in_(ids), User.active.is_(True)).order_by(User.username)
    ).all()
    return [u for u in users if u.has_role(*roles)]


def _person_choices(session, case, spec: FieldSpec, step: StepSpec) -> list[tuple[str, str]]:
    roles = PERSON_ROLES.get(spec.name, step.roles if spec.default_actor else ("officer",))
    return [(u.username, f"{u.name}（{u.username}）") for u in eligible_users(session, case, roles)]


def _choices(spec: FieldSpec) -> list[tuple[str, str]]:
    return options((c, value_label(c, spec.name)) for c in spec.choices)


def _make_fields(session, case, spec: FieldSpec, step: StepSpec, actor: User) -> dict[str, Field]:
    text = label(spec.label)
    desc = label(spec.help) if spec.help else ""
    opt = [Optional()]
    match spec.type:
        case "string":
            return {spec.name: StringField(text, opt, description=desc)}
        case "text":
            return {spec.name: TextAreaField(text, opt, description=desc)}
        case "boolean":
            return {spec.name: BooleanField(text, description=desc)}
        case "date":
            return {spec.name: DateField(text, opt, description=desc)}
        case "datetime":
            return {spec.name: StringField(text, opt, description=desc)}
        case "integer":
            return {
                spec.name: IntegerField(text, [Optional(), NumberRange(min=0)], description=desc)
            }
        case "number":
            return {
                spec.name: DecimalField(text, [Optional(), NumberRange(min=0)], description=desc)
            }
        case "choice":
            blank = [] if spec.required else [("", "—")]
            return {
                spec.name: SelectField(
                    text, opt, choices=options(blank) + _choices(spec), description=desc
                )
            }
        case "choices":
            return {
                spec.name: MultiCheckboxField(text, opt, choices=_choices(spec), description=desc)
            }
        case "person":
            people = _person_choices(session, case, spec, step)
            if not spec.required or not people:
                people = [("", "—"), *people]
            default = actor.username if spec.default_actor else None
            return {
                spec.name: SelectField(
                    text, opt, choices=options(people), default=default, description=desc
                )
            }
        case "people":
            people = _person_choices(session, case, spec, step)
            return {
                spec.name: MultiCheckboxField(text, opt, choices=options(people), description=desc)
            }
        case "penalty":
            kinds = options((k, value_label(k)) for k in PENALTY_KINDS)
            return {
                f"{spec.name}__kinds": MultiCheckboxField(text, opt, choices=kinds),
                f"{spec.name}__fine": DecimalField(
                    _l("罚款金额（元）"), [Optional(), NumberRange(min=0)]
                ),
            }
        case "list":
            return {spec.name: StringField(text, opt, description=_l("多项以逗号分隔"))}
        case "inventory" | "instalments" | "object":
            return {spec.name: TextAreaField(text, opt, description=LINES[spec.type])}
    return {spec.name: StringField(text, opt)}


# A list of rows typed one per line, two values split by a comma: the engine's schema
# then checks each row as it checks the API's JSON list.
LINES = {
    "inventory": _l("每行一项：物品名称，数量"),
    "instalments": _l("每行一期：日期（YYYY-MM-DD），金额（元）"),
    "object": _l("每行一项：字段名=更正后的值"),
}
ROW_KEYS = {"inventory": ("name", "quantity"), "instalments": ("date", "amount")}


def _rows(kind: str, text: str) -> list[dict]:
    first, second = ROW_KEYS[kind]
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        a, _, b = line.replace("，", ",").partition(",")
        rows.append({first: a.strip(), second: b.strip()})
    return rows


def suggestions(session, case: Case, step: StepSpec) -> dict[str, str]:
    """What a new form may start with, taken from the case (the officer can change it):
    a ``basis`` cites the case's violation codes, and ``facts`` restate the facts the
    case last recorded (a notice states what the investigation report found:
    APL-44-CONTENT). By field, never by step: the workflow says which steps have them."""
    names = {f.name: f.type for f in step.fields}
    out = {}
    if names.get("basis") == "list":
        codes = [v.get("code") for v in case.violations or [] if isinstance(v, dict)]
        if any(codes):
            out["basis"] = ", ".join(c for c in codes if c)
    if names.get("facts") == "text":
        events = session.scalars(
            select(Event).where(Event.case_id == case.id).order_by(Event.seq)
        ).all()
        # As corrected: the facts of a voided step are not suggested.
        stated = [s.get("facts") for s in corrected_steps(list(events))]
        facts = next((f for f in reversed(stated) if isinstance(f, str) and f.strip()), None)
        if facts:
            out["facts"] = facts
    return out


def build_form(
    session,
    case: Case,
    step: StepSpec,
    extra: tuple[FieldSpec, ...],
    actor: User,
    today: dt.date,
    formdata=None,
):
    """(form, groups): a FlaskForm class made for this step, and how to lay it out."""

    class StepForm(Form):
        pass

    groups = []
    for spec in (*step.fields, *extra):
        made = _make_fields(session, case, spec, step, actor)
        for name, field in made.items():
            setattr(StepForm, name, field)
        groups.append(Group(spec, tuple(made)))
    StepForm.date = DateField(_l("日期"), [Optional()], default=today)
    StepForm.expected_version = HiddenField(default=case.version)
    StepForm.form_token = once.field()
    StepForm.acknowledge = BooleanField(_l("我已阅读上述提示，确认继续"))
    if actor.has_role("head"):
        # A head taking a step with a defect signs it off here, as in the review queue.
        StepForm.ack_reason = TextAreaField(
            _l("瑕疵确认理由（负责人）"), [Optional(), Length(max=2000)],
            description=_l("步骤存在瑕疵时填写；不填则提交后等待确认"),
        )  # fmt: skip
        StepForm.ack_category = SelectField(
            _l("瑕疵原因类别"), [Optional()], choices=category_choices(blank=True)
        )
    if formdata is not None:
        return StepForm(formdata=formdata), groups
    form = StepForm()
    for name, value in suggestions(session, case, step).items():
        if name in form and not form[name].data:
            form[name].data = value
    return form, groups


def step_data(form, groups: list[Group]) -> dict:
    """The form's values as the engine takes them: ISO dates, lists, a penalty dict;
    empty optional values left out so the engine's defaults and checks apply."""
    data: dict = {}
    if form.date.data:
        data["date"] = form.date.data.isoformat()
    for g in groups:
        spec = g.spec
        if spec.type == "penalty":
            kinds = form[f"{spec.name}__kinds"].data or []
            fine = form[f"{spec.name}__fine"].data
            if kinds or fine:
                data[spec.name] = {"kinds": list(kinds), "fine": float(fine or 0)}
            continue
        value = form[spec.name].data
        if spec.type == "boolean":
            data[spec.name] = bool(value)
        elif value in (None, "", []):
            continue
        elif spec.type == "date":
            data[spec.name] = value.isoformat()
        elif spec.type == "number":
            data[spec.name] = float(value)
        elif spec.type in ("choices", "people"):
            data[spec.name] = list(value)
        elif spec.type == "list":
            data[spec.name] = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
        elif spec.type in ROW_KEYS:
            data[spec.name] = _rows(spec.type, value)
        elif spec.type == "object":
            from caseflow.web.corrections import parse_keys

            data[spec.name] = parse_keys(value)
        else:
            data[spec.name] = value
    return data


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            out.extend(f"{key}: {m}" for m in _flatten(value))
        return out
    if isinstance(messages, (list, tuple)):
        out = []
        for m in messages:
            out.extend(_flatten(m))
        return out
    return [str(messages)]


def attach_errors(form, groups: list[Group], field_errors: dict) -> list[str]:
    """Put the engine's field errors on the form fields they name; return the rest."""
    owner = {}
    for g in groups:
        for name in g.names:
            owner[name] = name
        owner[g.spec.name] = g.names[0]
    owner["date"] = "date"
    leftover = []
    for key, messages in (field_errors or {}).items():
        target = owner.get(str(key).split(".")[0])
        # The engine's messages are "中文 / English": show the current language's half.
        texts = [pick(*t.split(" / ", 1)) if " / " in t else t for t in _flatten(messages)]
        if target is None:
            leftover.extend(f"{key}: {t}" for t in texts)
            continue
        field = form[target]
        field.errors = list(field.errors or []) + texts
    return leftover
