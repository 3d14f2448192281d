"""Schemas of inspections and their checklist answers (in strict, out documented)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from caseflow.api.schemas import Bool, Id, PageArgs, PageSchema
from caseflow.models import Answer

ANSWERS = [str(a) for a in Answer]
Tag = fields.String(validate=validate.Length(min=1, max=40))


class AnswerIn(Schema):
    item_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    answer = fields.String(required=True, validate=validate.OneOf(ANSWERS))
    note = fields.String(load_default="", validate=validate.Length(max=2000),
                         metadata={"description": "what was found (required for fail)"})  # fmt: skip
    deadline = fields.Date(load_default=None, allow_none=True,
                           metadata={"description": "fail: correct by this date …"})  # fmt: skip
    immediate = Bool(load_default=False, metadata={"description": "… or immediately"})
    violation_code = fields.String(load_default=None, allow_none=True,
                                   validate=validate.Length(max=40))  # fmt: skip
    major_hazard = Bool(load_default=None, allow_none=True,
                        metadata={"description": "null: as the checklist grades the item"})  # fmt: skip
    suspension_ordered = Bool(load_default=False)
    safety_assured = Bool(load_default=False)


class InspectionCreate(Schema):
    party_id = Id(required=True)
    date = fields.Date(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=300))
    officers = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                           required=True, validate=validate.Length(min=2, max=2),
                           metadata={"description": "the two officers' user names"})  # fmt: skip
    checklists = fields.List(fields.String(validate=validate.Length(min=1, max=80)),
                             required=True, validate=validate.Length(min=1, max=20))  # fmt: skip
    answers = fields.List(fields.Nested(AnswerIn), required=True,
                          validate=validate.Length(max=500),
                          metadata={"description": "one per item of the checklists"})  # fmt: skip
    tags = fields.List(Tag, load_default=list, metadata={"description": "campaign tags"})
    credentials_shown = Bool(load_default=False)
    findings = fields.String(load_default="", validate=validate.Length(max=5000))
    signed_by_party = Bool(load_default=False)
    refusal_note = fields.String(load_default="", validate=validate.Length(max=500))
    assignment_id = Id(load_default=None, allow_none=True,
                       metadata={"description": "the drawn assignment this carries out"})  # fmt: skip
    unit_id = Id(load_default=None, allow_none=True)


class AnswerOut(Schema):
    item_id = fields.String(required=True)
    checklist = fields.String(required=True, metadata={"description": "id@version"})
    text_zh = fields.String(required=True)
    source = fields.String(required=True)
    grade = fields.String(required=True)
    criterion = fields.String(allow_none=True)
    answer = fields.String(required=True)
    note = fields.String(required=True)
    major_hazard = fields.Boolean(required=True)
    deadline = fields.Date(allow_none=True)
    violation_code = fields.String(allow_none=True)
    photo_sha256 = fields.String(allow_none=True)
    hazard_case_id = fields.Integer(allow_none=True)
    hazard_number = fields.String(allow_none=True)


class InspectionSchema(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    unit_id = fields.Integer(required=True)
    party_id = fields.Integer(required=True)
    date = fields.Date(required=True)
    place = fields.String(required=True)
    officers = fields.List(fields.String(), required=True)
    tags = fields.List(fields.String(), required=True)
    checklists = fields.List(fields.String(), required=True)
    assignment_id = fields.Integer(allow_none=True)
    failed = fields.Integer(required=True)
    voided = fields.Boolean(required=True)
    recorded_at = fields.AwareDateTime(required=True)


class InspectionDetail(InspectionSchema):
    credentials_shown = fields.Boolean(required=True)
    findings = fields.String(required=True)
    signed_by_party = fields.Boolean(required=True)
    refusal_note = fields.String(required=True)
    answers = fields.List(fields.Nested(AnswerOut), required=True)


class InspectionPage(PageSchema):
    items = fields.List(fields.Nested(InspectionSchema), required=True)


class InspectionQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100))
    tag = fields.String(validate=validate.Length(max=40))
    party_id = Id()
    start = fields.Date()
    end = fields.Date()


class InspectionVoid(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
