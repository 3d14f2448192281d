"""The case file format's vocabulary (``shared/domain/case-file-format.md``): step
names and their keys, and the closed lists of values. Plain data, importable by
anything that builds or reads steps (forms, the API, rules) without marshmallow.
"""

FORMAT = "caseflow-case-file/1"

ROLES = ("officer", "reviewer", "head")
UNIT_LEVELS = ("county", "city", "province", "street")
PARTY_KINDS = ("organization", "individual")
PROCEDURES = ("general", "summary")
TIERS = ("initial", "overdue")
PENALTY_KINDS = (
    "warning",
    "fine",
    "confiscation",
    "suspension",
    "permit_downgrade",
    "permit_revocation",
    "closure",
    "practice_ban",
)
EVIDENCE_KINDS = (
    "document",
    "physical",
    "audio_video",
    "electronic",
    "witness",
    "party_statement",
    "expert_opinion",
    "inspection_record",
    "interview_record",
    "site_record",
    "sampling",
)
FACT_ELEMENTS = ("party", "act", "time", "place", "provision", "consequence")
DECISION_CONTENTS = ("party", "facts", "evidence", "basis", "payment", "remedies", "unit", "seal")
OUTCOMES = ("penalty", "no_penalty_minor", "no_penalty_unproven", "transfer")
SERVICE_METHODS = (
    "on_the_spot",
    "direct",
    "mail",
    "left_with_witness",
    "public_notice",
    "electronic",
)
RIGHTS = ("statement", "defence", "hearing")
ATTACHMENTS = (
    "transfer_letter",
    "investigation_report",
    "item_inventory",
    "expert_reports",
    "other",
)

# Investigative acts (◆ in the format) carry the officers present and whether
# they showed their certificates (行政处罚法 art. 42, 55).
INVESTIGATIVE_KEYS = ("by", "credentials_shown")

# The step vocabulary: step name -> the keys it may carry besides ``step`` and
# ``date``. Keys are optional here: a missing approval or signature is a finding
# of the legal rules, not a malformed file.
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "inspect": (*INVESTIGATIVE_KEYS, "place", "signed_by_party", "refusal_note"),
    "order_correction": ("deadline", "major_hazard", "criterion", "suspension_ordered"),
    "request_review": (),
    "reinspect": (*INVESTIGATIVE_KEYS, "result", "opinion_signed"),
    "register": ("discovered", "approved_by"),
    "recusal_request": ("officer", "decided_on"),
    "evidence": (
        *INVESTIGATIVE_KEYS,
        "id",
        "kind",
        "proves",
        "form_complete",
        "signed_by_party",
        "refusal_note",
    ),
    "preserve": (*INVESTIGATIVE_KEYS, "approved_by"),
    "dispose_preserved": (),
    "conclude": (),
    "legal_review": ("reviewer", "opinion"),
    "collective_discussion": ("participants",),
    "extension": ("approved_by", "days"),
    "notify": ("served", "proposed", "rights"),
    "statement": ("reviewed", "adopted"),
    "hearing_request": (),
    "hearing_notice": ("hearing_date",),
    "hearing": ("presider", "record_signed"),
    "decide": ("approved_by", "outcome", "penalty", "orders_correction", "contents"),
    "serve": ("method", "receipt_signed", "consent", "witness"),
    # Summary procedure: the on-the-spot decision is reported to the unit (行政处罚法 art. 52).
    "report": (),
    "pay": ("amount",),
    "demand": (),
    "enforce_application": (),
    "transfer_report": (),
    "transfer_decision": ("approved", "reasons"),
    "transfer": ("attachments",),
    "police_reply": ("accepted",),
    "publish": (),
    "close": ("approved_by",),
}
INVESTIGATIVE_STEPS = frozenset(s for s, keys in STEP_KEYS.items() if "by" in keys)
# Step keys naming people; each id must be one of the file's ``people``.
PERSON_KEYS = ("by", "participants", "approved_by", "reviewer", "presider", "officer")
PENALTY_KEYS = ("kinds", "fine", "daily")
