"""Workflows as data: the list, one definition with its versions, and its diagram."""

from __future__ import annotations

import shutil
import subprocess

from flask import Response, abort
from marshmallow import Schema, fields, validate

from caseflow.api.access import blueprint, runtime
from caseflow.api.actions import field_dict
from caseflow.api.diagram import to_dot
from caseflow.api.schemas import FieldSchema, Label

PREFIX = "/workflows"
bp = blueprint("api_workflows", __name__, "Workflow definitions (states, steps)")
NAME = "<string(maxlength=80):name>"


class VersionArgs(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=10**6))


class DiagramArgs(VersionArgs):
    format = fields.String(load_default="dot", validate=validate.OneOf(("dot", "svg")))


class WorkflowSummary(Schema):
    name = fields.String(required=True)
    title = fields.Nested(Label, required=True)
    procedure = fields.String(required=True)
    latest = fields.Integer(required=True)
    versions = fields.List(fields.Integer(), required=True)


class StateSchema(Schema):
    name = fields.String(required=True)
    label = fields.Nested(Label, required=True)
    final = fields.Boolean(required=True)


class StepSpecSchema(Schema):
    name = fields.String(required=True)
    label = fields.Nested(Label, required=True)
    sources = fields.List(fields.String(), required=True)
    dest = fields.String(allow_none=True)
    dest_field = fields.String(allow_none=True)
    dest_route = fields.String(allow_none=True)
    annotation = fields.Boolean(required=True)
    dest_by_value = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    roles = fields.List(fields.String(), required=True)
    fields_ = fields.List(fields.Nested(FieldSchema), required=True, data_key="fields")
    documents = fields.List(fields.String(), required=True)
    opens = fields.List(fields.String(), required=True)
    closes = fields.List(fields.String(), required=True)


class DiagramSchema(Schema):
    format = fields.String(required=True)
    source = fields.String(required=True)


class WorkflowSchema(WorkflowSummary):
    version = fields.Integer(required=True)
    initial = fields.String(required=True)
    states = fields.List(fields.Nested(StateSchema), required=True)
    steps = fields.List(fields.Nested(StepSpecSchema), required=True)
    diagram = fields.Nested(DiagramSchema, required=True)


def _label(label) -> dict:
    return {"zh": label.zh, "en": label.en}


def _definition(name: str, version: int | None):
    registry = runtime().registry
    try:
        return registry.get(name, version) if version else registry.latest(name)
    except KeyError:
        abort(404, description=f"no workflow {name}" + (f" version {version}" if version else ""))


def _summary(d) -> dict:
    versions = runtime().registry.versions(d.name)
    return {"name": d.name, "title": _label(d.title), "procedure": d.procedure,
            "latest": max(versions), "versions": versions}  # fmt: skip


@bp.route("", methods=["GET"])
@bp.response(200, WorkflowSummary(many=True))
def index():
    registry = runtime().registry
    return [_summary(registry.latest(n)) for n in registry.names()]


@bp.route(f"/{NAME}", methods=["GET"])
@bp.arguments(VersionArgs, location="query")
@bp.response(200, WorkflowSchema)
def show(args, name: str):
    """The definition (latest version unless ``version``), its versions, and its diagram
    as Graphviz DOT text."""
    d = _definition(name, args.get("version"))
    engine = runtime().engine
    return {
        **_summary(d),
        "version": d.version,
        "initial": d.initial,
        "states": [
            {"name": s.name, "label": _label(s.label), "final": s.final} for s in d.states.values()
        ],
        "steps": [
            {"name": s.name, "label": _label(s.label), "sources": list(s.sources), "dest": s.dest,
             "dest_field": s.dest_field, "dest_route": s.dest_route,
             "annotation": s.annotation, "dest_by_value": dict(s.dest_by_value),
             "roles": list(s.roles),
             "fields_": [field_dict(f) for f in (*s.fields, *engine.extra_fields(d, s))],
             "documents": [doc.kind for doc in s.documents], "opens": [o.name for o in s.opens],
             "closes": list(s.closes)}
            for s in d.steps
        ],
        "diagram": {"format": "dot", "source": to_dot(d)},
    }  # fmt: skip


@bp.route(f"/{NAME}/diagram", methods=["GET"])
@bp.arguments(DiagramArgs, location="query")
@bp.doc(
    responses={
        "200": {
            "description": "The diagram",
            "content": {
                "text/vnd.graphviz": {"schema": {"type": "string"}},
                "image/svg+xml": {"schema": {"type": "string"}},
            },
        }
    }
)
def diagram(args, name: str):
    """The diagram as DOT text, or as SVG where the server has Graphviz's ``dot``
    (406 otherwise: render the DOT yourself)."""
    dot = to_dot(_definition(name, args.get("version")))
    if args["format"] == "dot":
        return Response(dot, mimetype="text/vnd.graphviz")
    binary = shutil.which("dot")
    if binary is None:
        abort(406, description="SVG needs Graphviz on the server; ask for format=dot instead")
    done = subprocess.run(  # noqa: S603 - fixed binary, DOT built from the definition
        [binary, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=20, check=False
    )
    if done.returncode != 0:
        abort(406, description="Graphviz could not draw the diagram; ask for format=dot")
    return Response(done.stdout, mimetype="image/svg+xml")
