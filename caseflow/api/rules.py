"""The rules loaded: each with its id, severity, legal source and the steps it guards."""

from __future__ import annotations

from marshmallow import Schema, fields

from caseflow.api.access import blueprint, runtime
from caseflow.engine.catalogue import rules as loaded_rules

PREFIX = "/rules"
bp = blueprint("api_rules", __name__, "Legal rules checked before every step")


class RuleSchema(Schema):
    id = fields.String(required=True)
    severity = fields.String(required=True, metadata={"description": "the weightiest it gives"})
    severities = fields.List(fields.String(), required=True)
    title_zh = fields.String(required=True)
    title_en = fields.String(required=True)
    source = fields.String(required=True)
    steps = fields.List(fields.String(), required=True)
    plugin = fields.String(allow_none=True)


@bp.route("", methods=["GET"])
@bp.response(200, RuleSchema(many=True))
def index():
    return [
        {
            **r.__dict__,
            "severity": str(r.severity),
            "severities": [str(s) for s in r.severities],
            "steps": list(r.steps),
        }
        for r in loaded_rules(runtime().pm)
    ]
