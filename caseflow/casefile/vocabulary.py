"""The case file format's vocabulary (``shared/domain/case-file-format.md``): the
closed lists of values. Step names, titles and keys are the procedure's, defined
once by its plugin (``caseflow_register_steps``). Plain data, importable by
anything that builds or reads steps (forms, the API, rules) without marshmallow.
"""

FORMAT = "caseflow-case-file/1"

ROLES = ("officer", "reviewer", "head")
UNIT_LEVELS = ("county", "city", "province", "street")
PARTY_KINDS = ("organization", "individual")
PROCEDURES = ("general", "summary")
TIERS = ("initial", "overdue")
# Format 1.1: the subject a provision makes liable, and accident grades (WSL 114).
LIABLE = ("unit", "principal_head", "responsible_person")
ACCIDENT_GRADES = ("general", "larger", "major", "especially_major")
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

# Step keys naming people; each id must be one of the file's ``people``.
PERSON_KEYS = ("by", "participants", "approved_by", "reviewer", "presider", "officer")
PENALTY_KEYS = ("kinds", "fine", "daily")
