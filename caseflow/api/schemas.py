"""Marshmallow schemas of the API: what goes in (strict: unknown keys are an error)
and what comes out. Step data is not here: each step's schema is the engine's,
built from the workflow (caseflow.engine.fields), so the API, the web and the
case file speak one vocabulary."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from caseflow import passwords
from caseflow.casefile.vocabulary import ACCIDENT_GRADES, LIABLE
from caseflow.engine.findings import Severity
from caseflow.idcodes import check_party_code
from caseflow.models import PARTY_KINDS, ROLES

TIERS = ("initial", "overdue")
ID = validate.Range(min=1, max=2**31 - 1)


class Bool(fields.Boolean):
    """JSON true or false only: a 0, "yes" or "true" in a body is a sign of a broken
    client, which should hear so rather than have it guessed."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def Id(**kwargs) -> fields.Integer:  # noqa: N802 - reads as a field class
    """An id in a JSON body: an integer, not a string of digits."""
    return fields.Integer(strict=True, validate=ID, **kwargs)


class Label(Schema):
    zh = fields.String(required=True)
    en = fields.String(required=True)


class FindingSchema(Schema):
    rule = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf([s.value for s in Severity]))
    message = fields.String(required=True)
    message_zh = fields.String(required=True)
    message_en = fields.String(required=True)
    source = fields.String()
    step = fields.Integer(allow_none=True)
    plugin = fields.String(allow_none=True)
    data = fields.Dict()


class ErrorSchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable machine-readable code"})
    message = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": "field (dotted when nested) -> messages"},
    )
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    refused_step = fields.Integer(
        allow_none=True, metadata={"description": "live import: index of the refused step"}
    )


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10**6))
    page_size = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    pages = fields.Integer(required=True)


# -- auth ------------------------------------------------------------------------


class TokenRequest(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True)


# -- parties ---------------------------------------------------------------------


class PartySchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    id_code = fields.String(required=True)
    address = fields.String(required=True)
    legal_representative = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    industry = fields.String(allow_none=True)
    key_enterprise = fields.Boolean(required=True)
    tags = fields.List(fields.String(), required=True)


class PartyCreate(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(PARTY_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    id_code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=18),
        metadata={"description": "USCC (organization) or resident ID (individual), checked"},
    )
    address = fields.String(load_default="", validate=validate.Length(max=300))
    legal_representative = fields.String(allow_none=True, validate=validate.Length(max=100))
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    unit_id = Id(allow_none=True)
    industry = fields.String(allow_none=True, validate=validate.Length(max=60))
    key_enterprise = Bool(load_default=False)
    tags = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)

    @validates_schema
    def _code(self, data, **kwargs):
        if data.get("kind") in PARTY_KINDS and data.get("id_code") is not None:
            problem = check_party_code(data["kind"], data["id_code"].strip().upper())
            if problem:
                raise ValidationError(problem, "id_code")


class PartyQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100))


class PartyPage(PageSchema):
    items = fields.List(fields.Nested(PartySchema), required=True)


# -- people ----------------------------------------------------------------------


class CertificateSchema(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(required=True)
    revoked_on = fields.Date(allow_none=True)

    @validates_schema
    def _period(self, data, **kwargs):
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            raise ValidationError("must not be before valid_from", "valid_to")


class PersonSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    name = fields.String(required=True)
    unit_id = fields.Integer(required=True)
    roles = fields.List(fields.String(), required=True)
    legal_qualification = fields.Boolean(required=True)
    principal = fields.Boolean(required=True)
    active = fields.Boolean(required=True)
    certificates = fields.List(fields.Nested(CertificateSchema), required=True)


class PersonCreate(Schema):
    username = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_.-]{1,64}$", error="1-64 of A-Z a-z 0-9 _ . -"),
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH),
        metadata={"description": "at least 12 characters, not a common password"},
    )
    unit_id = Id()
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLES)),
        required=True,
        validate=validate.Length(min=1),
    )
    legal_qualification = Bool(load_default=False)
    principal = Bool(load_default=False)
    certificates = fields.List(fields.Nested(CertificateSchema), load_default=list)


class PersonPage(PageSchema):
    items = fields.List(fields.Nested(PersonSchema), required=True)


# -- cases -----------------------------------------------------------------------


class AccidentSchema(Schema):
    grade = fields.String(required=True, validate=validate.OneOf(ACCIDENT_GRADES))
    report_approved_on = fields.Date(allow_none=True)


class ViolationSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    tier = fields.String(load_default="initial", validate=validate.OneOf(TIERS))
    act_start = fields.Date(allow_none=True)
    act_end = fields.Date(allow_none=True)
    life_health = Bool(load_default=False)
    harm = Bool(load_default=False)
    first_offense = Bool(load_default=False)
    minor = Bool(load_default=False)
    corrected_on = fields.Date(allow_none=True)
    # Format 1.1 (case-file-format.md): the liable subject, illegal gains, the act this
    # violation shares with others, the accident behind an accident penalty.
    liable = fields.String(load_default="unit", validate=validate.OneOf(LIABLE))
    gains = fields.Float(allow_none=True, validate=validate.Range(min=0), allow_nan=False)
    act = fields.String(allow_none=True, validate=validate.Length(min=1, max=40))
    accident = fields.Nested(AccidentSchema, allow_none=True)


class CaseCreate(Schema):
    workflow = fields.String(required=True, validate=validate.Length(min=1, max=80))
    party_id = Id(required=True)
    unit_id = Id(metadata={"description": "default: the actor's unit"})
    violations = fields.List(fields.Nested(ViolationSchema), load_default=list)
    title = fields.String(load_default="", validate=validate.Length(max=300))
    tags = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)


class CaseQuery(PageArgs):
    state = fields.String(validate=validate.Length(max=60))
    workflow = fields.String(validate=validate.Length(max=80))
    party_id = fields.Integer(validate=ID)
    unit_id = fields.Integer(validate=ID)
    officer = fields.String(
        validate=validate.Length(max=64), metadata={"description": "lead officer's username"}
    )
    overdue = fields.Boolean(metadata={"description": "only cases with an open deadline past due"})


class DeadlineSchema(Schema):
    name = fields.String(required=True)
    label = fields.Nested(Label, required=True)
    due = fields.Date(required=True)
    open = fields.Boolean(required=True)
    overdue = fields.Boolean(required=True)
    estimated = fields.Boolean(required=True)
    opened_seq = fields.Integer(required=True)
    closed_seq = fields.Integer(allow_none=True)
    cancelled_seq = fields.Integer(
        allow_none=True, metadata={"description": "the correct step that voided its opening step"}
    )


class StepRecordSchema(Schema):
    seq = fields.Integer(required=True)
    step = fields.String(required=True)
    date = fields.String(required=True)
    actor = fields.String(required=True)
    at = fields.AwareDateTime(required=True)
    data = fields.Dict(required=True)
    warnings = fields.List(fields.Dict(), required=True)
    voided_by = fields.Integer(
        allow_none=True, metadata={"description": "event number of the correct step voiding it"}
    )
    corrected = fields.Dict(
        metadata={"description": "keys later correct steps replaced: the rules read these"}
    )
    corrected_by = fields.List(fields.Integer(), metadata={"description": "its correct steps"})
    recorded_on = fields.String(
        allow_none=True,
        metadata={"description": "the day it was entered, when after `date` (补录)"},
    )
    acknowledged = fields.Dict(
        allow_none=True, metadata={"description": "who acknowledged its defects, and why"}
    )


class CaseSummary(Schema):
    id = fields.Integer(required=True)
    number = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "the case number (案号), drawn when the case is filed; null before"
        },
    )
    label = fields.String(
        required=True,
        metadata={"description": "the number once filed, a provisional label (待立案-…) before"},
    )
    title = fields.String(required=True)
    workflow = fields.String(required=True)
    workflow_version = fields.Integer(required=True)
    procedure = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.Nested(Label, required=True)
    final = fields.Boolean(required=True)
    version = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    party_id = fields.Integer(required=True)
    lead_officer = fields.String(allow_none=True)
    violations = fields.List(fields.Dict(), required=True)
    tags = fields.List(fields.String(), required=True)
    opened_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class CaseSchema(CaseSummary):
    party = fields.Nested(PartySchema, required=True)
    deadlines = fields.List(fields.Nested(DeadlineSchema), required=True)
    steps = fields.List(fields.Nested(StepRecordSchema), required=True)


class CasePage(PageSchema):
    items = fields.List(fields.Nested(CaseSummary), required=True)


class EventSchema(Schema):
    seq = fields.Integer(required=True)
    kind = fields.String(required=True)
    step = fields.String(allow_none=True)
    at = fields.AwareDateTime(required=True)
    actor = fields.String(required=True)
    payload = fields.Dict(required=True)
    prev_hash = fields.String(required=True)
    hash = fields.String(required=True)


class EventList(Schema):
    case_number = fields.String(required=True)
    intact = fields.Boolean(required=True, metadata={"description": "the hash chain verifies"})
    problem = fields.String(allow_none=True)
    events = fields.List(fields.Nested(EventSchema), required=True)


# -- actions ---------------------------------------------------------------------


class FieldSchema(Schema):
    name = fields.String(required=True)
    type = fields.String(required=True)
    label = fields.Nested(Label, required=True)
    required = fields.Boolean(required=True)
    choices = fields.List(fields.String(), required=True)
    default_actor = fields.Boolean(required=True)


class ReasonSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class ActionSchema(Schema):
    step = fields.String(required=True)
    label = fields.Nested(Label, required=True)
    roles = fields.List(fields.String(), required=True)
    allowed = fields.Boolean(required=True)
    # Allowed, but taking it now carries a defect: it waits for these roles to
    # acknowledge it (202, a pending step), and ``note`` says so.
    owed = fields.List(fields.String(), required=True)
    note = fields.String(allow_none=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    reason = fields.Nested(ReasonSchema, allow_none=True)
    fields_ = fields.List(fields.Nested(FieldSchema), required=True, data_key="fields")


class ActionList(Schema):
    version = fields.Integer(required=True)
    state = fields.String(required=True)
    actions = fields.List(fields.Nested(ActionSchema), required=True)


class FireBody(Schema):
    """The step's own fields (as in the case-file format) ride alongside; the engine's
    schema for the step checks them and rejects unknown ones."""

    class Meta:
        unknown = INCLUDE

    expected_version = fields.Integer(
        required=True, strict=True, metadata={"description": "the case version you read"}
    )
    acknowledge_warnings = Bool(load_default=False)
    acknowledgement = fields.Nested(
        lambda: AcknowledgementBody(),
        load_default=None,
        metadata={"description": "a head taking a step with a defect acknowledges it here"},
    )


class AcknowledgementBody(Schema):
    """A signer's acknowledgement of a defect (case-file format 1.1, ``acknowledged``)."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    category = fields.String(
        required=True, validate=validate.OneOf(("force_majeure", "party", "internal", "other"))
    )


class ReturnBody(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class PendingStepSchema(Schema):
    id = fields.Integer(required=True)
    case_id = fields.Integer(required=True)
    case_label = fields.String(required=True)
    step = fields.String(required=True)
    data = fields.Dict(required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    entered_by = fields.String(required=True)
    entered_at = fields.DateTime(required=True)
    expected_version = fields.Integer(required=True)
    status = fields.String(required=True)
    owed = fields.List(fields.String(), required=True)
    signatures = fields.List(fields.Dict(), required=True)
    return_reason = fields.String(allow_none=True)
    event_seq = fields.Integer(allow_none=True)


class PendingStepList(Schema):
    items = fields.List(fields.Nested(PendingStepSchema), required=True)


class FireResult(Schema):
    case = fields.Nested(CaseSchema, required=True)
    warnings = fields.List(fields.Nested(FindingSchema), required=True)
    event_seq = fields.Integer(required=True)
    event_hash = fields.String(required=True)
    spawned_case_id = fields.Integer(allow_none=True)


# -- case files ------------------------------------------------------------------


class ImportArgs(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(("record", "live")))


class ImportResultSchema(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    mode = fields.String(required=True)
    state = fields.String(required=True)
    version = fields.Integer(required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
