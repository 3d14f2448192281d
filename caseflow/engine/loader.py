"""Loading workflow files: YAML -> validated definitions, with file and line on error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import yaml
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from caseflow.engine.definition import (
    FIELD_TYPES,
    DeadlineSpec,
    DocumentSpec,
    FieldSpec,
    Label,
    Numbering,
    StateSpec,
    StepSpec,
    WorkflowDefinition,
)
from caseflow.engine.numbers import SERIES

# libyaml's loader where PyYAML was built with it: start-up parses every workflow file.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class WorkflowError(Exception):
    """A workflow file that cannot be used; the message names file, line and problem."""


class LabelSchema(Schema):
    zh = fields.String(required=True)
    en = fields.String(required=True)


class StateSchema(LabelSchema):
    final = fields.Boolean(load_default=False)


class FieldSchema(Schema):
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(FIELD_TYPES))
    label = fields.Nested(LabelSchema, required=True)
    required = fields.Boolean(load_default=False)
    choices = fields.List(fields.String(), load_default=list)
    default_actor = fields.Boolean(load_default=False)
    ahead = fields.Boolean(load_default=False)
    help = fields.Nested(LabelSchema, load_default=None)

    @validates_schema
    def _choices(self, data, **_):
        if data["type"] in ("choice", "choices") and not data["choices"]:
            raise ValidationError("a choice field needs choices", "choices")


class DeadlineSchema(Schema):
    name = fields.String(required=True)
    label = fields.Nested(LabelSchema, load_default=None)
    period = fields.String(load_default=None)
    due_field = fields.String(load_default=None)


class DocumentSchema(Schema):
    kind = fields.String(required=True)
    title_zh = fields.String(required=True)
    when = fields.Dict(keys=fields.String(), load_default=None)


class ConditionalDestSchema(Schema):
    """The value of one of the step's fields, or a plugin's route, picks the state."""

    field = fields.String(load_default=None)
    route = fields.String(load_default=None)
    values = fields.Dict(keys=fields.String(), values=fields.String(), required=True)

    @validates_schema
    def _one_chooser(self, data, **_):
        if (data["field"] is None) == (data["route"] is None):
            raise ValidationError("give either a field or a route")


class DestField(fields.Field):
    """``to``: a state name, ``previous``, null (stay), or a choice by a field or a route."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, dict):
            return ConditionalDestSchema().load(value)
        raise ValidationError(
            "must be a state name, previous, null, {field, values} or {route, values}"
        )


class FieldEntry(fields.Field):
    """A field: its full spec, or, for a step a plugin's vocabulary defines, its name."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            return FieldSchema().load(value)
        raise ValidationError("must be a field spec or the name of a field of the step's kind")


class SpawnSchema(Schema):
    workflow = fields.String(required=True)
    when_state = fields.String(load_default=None)
    # Only when the step's fields have these values (a review result that revokes).
    when = fields.Dict(keys=fields.String(), load_default=None)
    # The history carried stops before the first step of this kind (None: all of it).
    carry_before = fields.String(load_default=None)
    # The tier the new case's violations take (an escalation: overdue); null keeps theirs.
    tier = fields.String(load_default="overdue", allow_none=True)
    # A deadline this case opened: what was corrected by its (last) due date stays
    # behind; the rest goes on to the new case as the overdue tier.
    overdue_after = fields.String(load_default=None)


class NumberingSchema(Schema):
    series = fields.String(load_default="penalty", validate=validate.OneOf(sorted(SERIES)))
    drawn_at = fields.String(load_default=None)


class StepSchema(Schema):
    name = fields.String(required=True)
    label = fields.Nested(LabelSchema, load_default=None)
    from_ = fields.List(
        fields.String(), required=True, data_key="from", validate=validate.Length(min=1)
    )
    to = DestField(load_default=None, allow_none=True)
    roles = fields.List(fields.String(), required=True)
    fields_ = fields.List(FieldEntry(), data_key="fields", load_default=None)
    # A step of a defined kind: require some of its fields, narrow a field's choices.
    require = fields.List(fields.String(), load_default=list)
    choices = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()), load_default=dict
    )
    documents = fields.List(fields.Nested(DocumentSchema), load_default=None)
    opens = fields.List(fields.Nested(DeadlineSchema), load_default=list)
    closes = fields.List(fields.String(), load_default=list)
    spawns = fields.Nested(SpawnSchema, load_default=None)
    annotation = fields.Boolean(load_default=False)


class WorkflowSchema(Schema):
    name = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]*$"))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    title = fields.Nested(LabelSchema, required=True)
    procedure = fields.String(
        required=True, validate=validate.OneOf(["general", "summary", "hazard"])
    )
    initial = fields.String(required=True)
    states = fields.Dict(keys=fields.String(), values=fields.Nested(StateSchema), required=True)
    opening_fields = fields.List(fields.Nested(FieldSchema), load_default=list)
    numbering = fields.Nested(NumberingSchema, load_default=None)
    steps = fields.List(fields.Nested(StepSchema), required=True, validate=validate.Length(min=1))

    @pre_load
    def _drop_extensions(self, data, **_):
        # "x-" keys hold YAML anchors (shared field definitions) and notes.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data


def _label(d: dict | None) -> Label | None:
    return Label(d["zh"], d["en"]) if d else None


def _field(d: dict) -> FieldSpec:
    return FieldSpec(
        name=d["name"],
        type=d["type"],
        label=_label(d["label"]),
        required=d["required"],
        choices=tuple(d["choices"]),
        default_actor=d["default_actor"],
        ahead=d["ahead"],
        help=_label(d["help"]),
    )


def field_spec(d: dict) -> FieldSpec:
    """A field spec written as a workflow file writes it (a plugin's extra field)."""
    return _field(FieldSchema().load(d))


def _step(d: dict, line: int | None, kinds: Mapping) -> tuple[StepSpec, list[str]]:
    """The step as the workflow uses it, and what is wrong with it. A step of a kind the
    plugins define takes its title and fields from the kind (one home for each)."""
    problems: list[str] = []
    kind = kinds.get(d["name"])
    entries = d["fields_"] or []
    if kind is None:
        label = _label(d["label"])
        if label is None:
            problems.append("needs a label (no plugin defines this step)")
        named = [e for e in entries if isinstance(e, str)]
        if named or d["require"] or d["choices"]:
            problems.append("names fields of a step kind no plugin defines")
        specs = tuple(_field(e) for e in entries if isinstance(e, dict))
        documents = d["documents"] or []
    else:
        label = kind.label
        if d["label"] is not None:
            problems.append("restates its title: the procedure definition holds it")
        if any(isinstance(e, dict) for e in entries):
            problems.append("restates field specs: name the kind's fields instead")
        chosen = [e for e in entries if isinstance(e, str)] or [f.name for f in kind.fields]
        specs = []
        for name in chosen:
            f = kind.field(name)
            if f is None:
                problems.append(f"field '{name}' is not a field of step kind '{kind.name}'")
                continue
            if name in d["require"]:
                f = replace(f, required=True)
            if name in d["choices"]:
                narrowed = tuple(d["choices"][name])
                if not set(narrowed) <= set(f.choices):
                    problems.append(f"choices of '{name}' must be among {list(f.choices)}")
                f = replace(f, choices=narrowed)
            specs.append(f)
        for name in (*d["require"], *d["choices"]):
            if name not in chosen:
                problems.append(f"'{name}' is not one of the step's fields")
        specs = tuple(specs)
        documents = kind.documents if d["documents"] is None else d["documents"]
    to = d["to"]
    dest_field, dest_route, dest_by = None, None, ()
    if isinstance(to, dict):
        dest_field, dest_route = to["field"], to["route"]
        dest_by, to = tuple(to["values"].items()), None
    spec = StepSpec(
        name=d["name"],
        label=label or Label(d["name"], d["name"]),
        sources=tuple(d["from_"]),
        dest=to,
        roles=tuple(d["roles"]),
        dest_field=dest_field,
        dest_by_value=dest_by,
        dest_route=dest_route,
        annotation=d["annotation"],
        fields=specs,
        documents=tuple(doc if isinstance(doc, DocumentSpec) else DocumentSpec(**doc)
                        for doc in documents),
        opens=tuple(DeadlineSpec(**{**o, "label": _label(o["label"])}) for o in d["opens"]),
        closes=tuple(d["closes"]),
        spawns=d["spawns"]["workflow"] if d["spawns"] else None,
        spawn_when=d["spawns"]["when_state"] if d["spawns"] else None,
        spawn_if=tuple(sorted((d["spawns"]["when"] or {}).items())) if d["spawns"] else (),
        spawn_carry_before=d["spawns"]["carry_before"] if d["spawns"] else None,
        spawn_tier=d["spawns"]["tier"] if d["spawns"] else "overdue",
        spawn_overdue_after=d["spawns"]["overdue_after"] if d["spawns"] else None,
        line=line,
    )  # fmt: skip
    return spec, problems


def _line_of(node: yaml.Node, path: list) -> int | None:
    """Line (1-based) of the YAML node at ``path``, or of the nearest parent found."""
    line = node.start_mark.line + 1
    for key in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if (
                    k.value == key
                    or (key == "from_" and k.value == "from")
                    or (key == "fields_" and k.value == "fields")
                ):
                    child = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _flatten(messages, path=()) -> Iterable[tuple[list, str]]:
    if isinstance(messages, dict):
        for k, v in messages.items():
            yield from _flatten(v, (*path, k))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        yield list(path), "; ".join(messages)
    else:
        for m in messages:
            yield from _flatten(m, path)


def _dotted(path: list) -> str:
    out = ""
    for p in path:
        p = {"from_": "from", "fields_": "fields"}.get(p, p)
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def load_definition(path: str | Path, kinds: Mapping | None = None) -> WorkflowDefinition:
    """Read, validate and return one workflow file; WorkflowError names file, line, problem.
    ``kinds`` are the step kinds plugins define (:mod:`caseflow.engine.steps`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader (C or Python)
    except OSError as exc:
        raise WorkflowError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise WorkflowError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(raw, dict) or node is None:
        raise WorkflowError(
            f"{path}:1: a workflow file is a mapping with name, version, states, steps"
        )
    try:
        data = WorkflowSchema().load(raw)
    except ValidationError as exc:
        problems = [
            f"{path}:{_line_of(node, p)}: {_dotted(p)}: {msg}" for p, msg in _flatten(exc.messages)
        ]
        raise WorkflowError("\n".join(problems)) from exc
    steps = [
        _step(s, _line_of(node, ["steps", i]), kinds or {}) for i, s in enumerate(data["steps"])
    ]
    wrong = [
        f"{path}:{step.line}: step '{step.name}' {p}" for step, problems in steps for p in problems
    ]
    if wrong:
        raise WorkflowError("\n".join(wrong))
    definition = WorkflowDefinition(
        name=data["name"],
        version=data["version"],
        title=_label(data["title"]),
        procedure=data["procedure"],
        initial=data["initial"],
        states={
            n: StateSpec(n, Label(s["zh"], s["en"]), s["final"], _line_of(node, ["states", n]))
            for n, s in data["states"].items()
        },
        steps=tuple(step for step, _ in steps),
        source=path,
        opening_fields=tuple(_field(f) for f in data["opening_fields"]),
        numbering=Numbering(**data["numbering"]) if data["numbering"] else Numbering(),
    )
    problems = definition.located_problems()
    if problems:
        raise WorkflowError("\n".join(f"{path}:{line or 1}: {p}" for line, p in problems))
    return definition
