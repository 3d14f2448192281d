"""The dismissal-risk register (瑕疵风险台账): defects recorded on steps, by rule and unit."""

from __future__ import annotations

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow import ValidationError as SchemaError

from caseflow.api.access import MAX_ID, blueprint, db, reach, require_role
from caseflow.api.schemas import PageArgs, PageSchema
from caseflow.engine.defect_register import defect_register
from caseflow.engine.errors import InvalidData
from caseflow.models import Unit

PREFIX = "/defects"
bp = blueprint("api_defects", __name__, "The dismissal-risk register: defects (瑕疵) recorded")

# Who watches the register: those who acknowledge defects.
ROLES = ("head", "reviewer")


class DefectQuery(PageArgs):
    unit = fields.Integer(
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "a unit's id: its cases and those of the units below it"},
    )
    rule = fields.String(validate=validate.Length(min=1, max=60))
    date_from = fields.Date(data_key="from", metadata={"description": "acts dated on or after"})
    date_to = fields.Date(data_key="to", metadata={"description": "acts dated on or before"})

    @validates_schema
    def _in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise SchemaError("must not be before 'from'", field_name="to")


class RecordedDefectSchema(Schema):
    case_id = fields.Integer(required=True)
    case_label = fields.String(required=True)
    unit_id = fields.Integer(required=True)
    unit_name = fields.String(required=True)
    event_seq = fields.Integer(required=True)
    step = fields.String(required=True)
    date = fields.String(required=True, metadata={"description": "the date of the act"})
    rule = fields.String(required=True)
    message_zh = fields.String(required=True)
    message_en = fields.String(required=True)
    acknowledged_by = fields.List(fields.String(), required=True)
    reason = fields.String(required=True)
    category = fields.String(required=True)


class RuleCount(Schema):
    rule = fields.String(required=True)
    count = fields.Integer(required=True)


class UnitCount(Schema):
    unit_id = fields.Integer(required=True)
    unit_name = fields.String(required=True)
    count = fields.Integer(required=True)


class DefectRegisterSchema(PageSchema):
    by_rule = fields.List(fields.Nested(RuleCount), required=True)
    by_unit = fields.List(fields.Nested(UnitCount), required=True)
    items = fields.List(fields.Nested(RecordedDefectSchema), required=True)


@bp.route("", methods=["GET"])
@bp.arguments(DefectQuery, location="query")
@bp.response(200, DefectRegisterSchema)
def index(args):
    """Defects (瑕疵) recorded on the steps of cases in your units (heads and legal
    reviewers): ``total``, counts ``by_rule`` and ``by_unit`` (largest first) over every
    defect found, and a page of them (``items``, newest act first). Filters: ``unit`` (a
    unit in your reach, with the units below it), ``rule``, ``from`` and ``to`` (the
    date of the act, both included)."""
    require_role(*ROLES)
    units = reach()
    if "unit" in args:
        unit = db().get(Unit, args["unit"]) if args["unit"] in units else None
        if unit is None:
            raise InvalidData(
                "单位不在管辖范围内", "unknown unit", field_errors={"unit": ["unknown unit"]}
            )
        units = unit.subtree_ids()
    register = defect_register(
        db(), units, rule=args.get("rule"),
        date_from=args.get("date_from"), date_to=args.get("date_to"),
    )  # fmt: skip
    size, page = args["page_size"], args["page"]
    return {
        "total": register.total, "page": page, "page_size": size,
        "pages": -(-register.total // size),
        "by_rule": [{"rule": r, "count": n} for r, n in register.by_rule],
        "by_unit": [{"unit_id": u, "unit_name": name, "count": n} for u, name, n in register.by_unit],
        "items": [d.to_dict() for d in register.items[(page - 1) * size : page * size]],
    }  # fmt: skip
