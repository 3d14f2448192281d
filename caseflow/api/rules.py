"""The rules loaded: each with its id, severity, legal source and the steps it guards."""

from __future__ import annotations

from marshmallow import Schema, fields

from caseflow.api.access import blueprint, runtime
from caseflow.engine.catalogue import rules as loaded_rules
from caseflow.engine.rule_listing import rule_doc

PREFIX = "/rules"
bp = blueprint("api_rules", __name__, "Legal rules checked before every step")


class VersionSchema(Schema):
    from_ = fields.String(data_key="from", attribute="from", required=True)
    value = fields.Raw(allow_none=True)


class RuleSettingSchema(Schema):
    key = fields.String(required=True)
    value = fields.Raw(allow_none=True)
    default = fields.Raw(allow_none=True)
    versions = fields.List(
        fields.Nested(VersionSchema),
        allow_none=True,
        metadata={"description": "a dated setting's rows, the row in force on a date applying"},
    )
    to_confirm = fields.String(
        allow_none=True, metadata={"description": "why the value is not yet confirmed"}
    )


class RuleSchema(Schema):
    id = fields.String(required=True)
    severity = fields.String(required=True, metadata={"description": "the weightiest it gives"})
    severities = fields.List(fields.String(), required=True)
    title_zh = fields.String(required=True)
    title_en = fields.String(required=True)
    source = fields.String(required=True)
    steps = fields.List(fields.String(), required=True)
    plugin = fields.String(allow_none=True)
    settings = fields.List(fields.Nested(RuleSettingSchema), required=True)


@bp.route("", methods=["GET"])
@bp.response(200, RuleSchema(many=True))
def index():
    rt = runtime()
    return [rule_doc(r, rt.engine.settings) for r in loaded_rules(rt.pm)]
