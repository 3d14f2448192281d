"""Schemas of plans, draws and the recusal register (in strict, out documented)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseflow.api.schemas import ID, Bool, Id, Label, PageArgs, PageSchema
from caseflow.models import InspectionKind
from caseflow.planning.draws import MAX_DRAW, SEED_RE
from caseflow.planning.plans import MAX_TARGET

KINDS = [str(k) for k in InspectionKind]
Tag = fields.String(validate=validate.Length(min=1, max=40))


# -- plans -----------------------------------------------------------------------


class TargetSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    unit_id = Id(required=True, metadata={"description": "the territory: a street, or the unit"})
    count = fields.Integer(strict=True, required=True, validate=validate.Range(0, MAX_TARGET))


class PlanCreate(Schema):
    year = fields.Integer(strict=True, required=True, validate=validate.Range(2000, 2100))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    tags = fields.List(Tag, load_default=list, metadata={"description": "campaign tags"})
    targets = fields.List(fields.Nested(TargetSchema), load_default=list)


class ProgressRowSchema(Schema):
    kind = fields.String(required=True)
    kind_label = fields.Nested(Label, required=True)
    unit_id = fields.Integer(allow_none=True, metadata={"description": "null: no target set"})
    target = fields.Integer(required=True)
    done = fields.Integer(required=True)
    percent = fields.Integer(required=True)


class PlanSchema(Schema):
    id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    targets = fields.List(fields.Nested(TargetSchema), required=True)
    created_at = fields.AwareDateTime(required=True)


class PlanDetail(PlanSchema):
    progress = fields.List(
        fields.Nested(ProgressRowSchema),
        required=True,
        metadata={"description": "inspections recorded against each target, by kind and unit"},
    )


class PlanQuery(PageArgs):
    year = fields.Integer(validate=validate.Range(2000, 2100))
    q = fields.String(validate=validate.Length(max=100))


class PlanPage(PageSchema):
    items = fields.List(fields.Nested(PlanSchema), required=True)


# -- draws -----------------------------------------------------------------------


class PoolFilterSchema(Schema):
    units = fields.List(fields.String(validate=validate.Length(min=1, max=32)), load_default=list,
                        metadata={"description": "unit codes; empty: the plan unit's reach"})  # fmt: skip
    industry = fields.String(allow_none=True, load_default=None,
                             validate=validate.Length(min=1, max=60))  # fmt: skip
    tags = fields.List(Tag, load_default=list, metadata={"description": "parties carry every one"})
    key_enterprise = Bool(load_default=False)


class DrawCreate(Schema):
    plan_id = Id(required=True)
    seed = fields.String(required=True, validate=validate.Regexp(SEED_RE))
    n = fields.Integer(strict=True, required=True, validate=validate.Range(1, MAX_DRAW))
    window_start = fields.Date(required=True)
    window_end = fields.Date(required=True)
    pool_filter = fields.Nested(PoolFilterSchema, load_default=dict)
    tags = fields.List(Tag, load_default=list, metadata={"description": "campaign tags"})

    @validates_schema
    def _window(self, data, **kwargs):
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            raise ValidationError("must not be before window_start", "window_end")


class AssignmentSchema(Schema):
    position = fields.Integer(required=True)
    party_id = fields.Integer(required=True)
    party_code = fields.String(required=True)
    party_name = fields.String(required=True)
    officers = fields.List(fields.String(), required=True, metadata={"description": "user names"})


class ShortfallSchema(Schema):
    code = fields.String(required=True)
    zh = fields.String(required=True)
    en = fields.String(required=True)
    data = fields.Dict(required=True)


class DrawSummary(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    plan_id = fields.Integer(required=True)
    algorithm = fields.String(required=True)
    seed = fields.String(required=True)
    requested = fields.Integer(required=True)
    drawn = fields.Integer(required=True)
    window_start = fields.Date(required=True)
    window_end = fields.Date(required=True)
    pool_filter = fields.Nested(PoolFilterSchema, required=True)
    pool_size = fields.Integer(required=True)
    officers = fields.List(fields.String(), required=True)
    exclusions = fields.Integer(required=True, metadata={"description": "how many; see /inputs"})
    fingerprint = fields.String(required=True)
    shortfall = fields.List(fields.Nested(ShortfallSchema), required=True)
    tags = fields.List(fields.String(), required=True)
    drawn_by = fields.String(required=True)
    drawn_at = fields.AwareDateTime(required=True)
    published_at = fields.AwareDateTime(allow_none=True)


class DrawSchema(DrawSummary):
    assignments = fields.List(fields.Nested(AssignmentSchema), required=True)


class DrawInputs(Schema):
    """Everything needed to re-run the draw without the database (see the algorithm)."""

    algorithm = fields.String(required=True)
    seed = fields.String(required=True)
    n = fields.Integer(required=True)
    parties = fields.List(fields.String(), required=True)
    officers = fields.List(fields.String(), required=True)
    exclusions = fields.List(
        fields.List(fields.String()),
        required=True,
        metadata={"description": '[party code or "" for all, officer, reason]'},
    )


class DrawQuery(PageArgs):
    plan_id = fields.Integer(validate=ID)


class DrawPage(PageSchema):
    items = fields.List(fields.Nested(DrawSummary), required=True)


class ChangeSchema(Schema):
    added = fields.List(fields.String(), required=True)
    removed = fields.List(fields.String(), required=True)


class VerificationSchema(Schema):
    ok = fields.Boolean(required=True)
    reproduced = fields.Boolean(
        required=True, metadata={"description": "the recorded inputs and seed give the result"}
    )
    inputs_unchanged = fields.Boolean(
        required=True, metadata={"description": "the database still yields the recorded inputs"}
    )
    fingerprint = fields.String(required=True)
    current_fingerprint = fields.String(required=True)
    changes = fields.Dict(keys=fields.String(), values=fields.Nested(ChangeSchema), required=True)


# -- recusals ----------------------------------------------------------------------


class RecusalCreate(Schema):
    officer_id = Id(required=True)
    party_id = Id(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class RecusalSchema(Schema):
    id = fields.Integer(required=True)
    officer = fields.String(required=True)
    party_id = fields.Integer(required=True)
    reason = fields.String(required=True)
    recorded_by = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)
    lifted_by = fields.String(allow_none=True)
    lifted_at = fields.AwareDateTime(allow_none=True)


class RecusalQuery(PageArgs):
    officer_id = fields.Integer(validate=ID)
    party_id = fields.Integer(validate=ID)
    lifted = fields.Boolean(metadata={"description": "include lifted recusals"})


class RecusalPage(PageSchema):
    items = fields.List(fields.Nested(RecusalSchema), required=True)
