"""Case files (案卷, format v1): export a case's history, import one from another system."""

from __future__ import annotations

from flask import jsonify, request

from caseflow.api.access import actor, blueprint, case_or_404, db, runtime
from caseflow.api.errors import payload
from caseflow.api.schemas import ImportArgs, ImportResultSchema
from caseflow.casefile import CaseFileError
from caseflow.casefile.export import export_case
from caseflow.casefile.importer import import_case
from caseflow.engine.errors import InvalidData
from caseflow.engine.pending import CATEGORIES, Acknowledgement
from caseflow.models import SecurityKind
from caseflow.security_log import record

PREFIX = "/cases"
# The import request's own key beside the file's: the importing head's acknowledgement.
ACKNOWLEDGE = "acknowledge"
bp = blueprint("api_casefiles", __name__, "Case files (format caseflow-case-file/1)")

# Documented loosely on purpose: the reader checks a file far more strictly than a
# JSON schema can, and names every bad field (422).
CASE_FILE = {
    "type": "object",
    "description": "A case file, format caseflow-case-file/1 (docs/case-file-format.md)",
    "required": [
        "format",
        "case_number",
        "procedure",
        "unit",
        "party",
        "people",
        "violations",
        "steps",
    ],
    "properties": {
        "format": {"type": "string", "enum": ["caseflow-case-file/1"]},
        "case_number": {"type": "string"},
        "procedure": {"type": "string", "enum": ["general", "summary"]},
        "unit": {"type": "object"},
        "party": {"type": "object"},
        "people": {"type": "array", "items": {"type": "object"}},
        "violations": {"type": "array", "items": {"type": "object"}},
        "steps": {"type": "array", "items": {"type": "object"}},
        "imported": {"type": "object"},
        ACKNOWLEDGE: {
            "type": "object",
            "description": "Import only, not part of the file (mode=live): the importing "
            "head's acknowledgement of the defects (瑕疵) of every step the file does not "
            "acknowledge itself (format 1.1 `acknowledged`). A head signs; a defect that "
            "touches the decision (APL-60-90DAY) also needs a legal reviewer who is not an "
            "officer of the case, named in the file's own `acknowledged`.",
            "required": ["reason", "category"],
            "properties": {
                "reason": {"type": "string", "minLength": 1},
                "category": {"type": "string", "enum": list(CATEGORIES)},
            },
        },
    },
}


@bp.route("/<int(min=1):case_id>/export", methods=["GET"])
@bp.doc(
    responses={
        "200": {
            "description": "The case file",
            "content": {"application/json": {"schema": CASE_FILE}},
        }
    }
)
def export(case_id: int):
    """The case's recorded history as a case file."""
    case = case_or_404(case_id)
    document = export_case(runtime(), db(), case)
    record(db(), SecurityKind.EXPORT, runtime().engine.clock(), actor=actor(),
           address=request.remote_addr, what="case_file", case=case.label)  # fmt: skip
    db().commit()
    return document


@bp.route("/import", methods=["POST"])
@bp.arguments(ImportArgs, location="query")
@bp.doc(requestBody={"required": True, "content": {"application/json": {"schema": CASE_FILE}}})
@bp.response(201, ImportResultSchema)
def import_(args):
    """Import a case file (admins and heads migrating old cases). ``mode=record`` keeps
    the history as it happened and returns the review's findings; ``mode=live`` takes
    every step through the engine and keeps nothing if one is refused (422 with
    ``refused_step`` and its findings). A step with a defect (瑕疵) is taken live only
    when acknowledged: by the file's ``acknowledged`` (people of the file who are a head,
    and for a defect touching the decision a legal reviewer who is not an officer of
    the case) or by you, a head, with ``acknowledge: {reason, category}`` beside the
    file's keys; short of that the file is refused (422, code ``defects``) with
    ``defects`` naming each one (``rule``, ``step``, ``must_acknowledge``, ``owed``,
    ``who``) and nothing is kept. A case number already present is a 409, and so
    is a certificate or a party another unit holds: the file's officers are matched by
    certificate within your units, its other people recorded as inactive people of the
    case's unit. Every event names you as the one who entered it and the file's person
    as the one who acted."""
    doc = request.get_json()
    if not isinstance(doc, dict):
        # Never hand the reader a string: it would take it for a path.
        raise CaseFileError(["_schema: the case file must be a JSON object"])
    doc = dict(doc)
    given = _acknowledgement(doc.pop(ACKNOWLEDGE, None), args["mode"])
    result = import_case(
        runtime(), db(), doc, mode=args["mode"], actor=actor(), acknowledgement=given
    )
    # The importer has committed or rolled back the case; the log line follows it.
    record(db(), SecurityKind.IMPORT, runtime().engine.clock(), actor=actor(),
           address=request.remote_addr, what="case_file", mode=args["mode"],
           case=doc.get("case_number") if isinstance(doc.get("case_number"), str) else None,
           outcome="imported" if result.case is not None else "refused")  # fmt: skip
    db().commit()
    if result.case is None:
        refusal = result.refusal
        body = payload(
            refusal.code if refusal else "refused",
            f"step {result.refused_step} was refused: {refusal}" if refusal else "refused",
            refusal.field_errors if refusal else {},
            [f.to_dict() for f in result.findings],
            refused_step=result.refused_step,
            **({"defects": [d.to_dict() for d in result.defects]} if result.defects else {}),
        )
        return jsonify(body), 422
    case = result.case
    return {
        "id": case.id, "number": case.number, "mode": result.mode, "state": case.state,
        "version": case.version, "findings": [f.to_dict() for f in result.findings],
    }  # fmt: skip


def _acknowledgement(value, mode: str) -> Acknowledgement | None:
    """The request's ``acknowledge`` (live import only), or None when not given."""
    if value is None:
        return None
    if mode != "live" or not isinstance(value, dict):
        message = "must be an object {reason, category}" if mode == "live" else "live import only"
        raise InvalidData(
            "瑕疵确认格式有误", "the acknowledgement is invalid",
            field_errors={ACKNOWLEDGE: [message]},
        )  # fmt: skip
    reason, category = value.get("reason"), value.get("category")
    if not isinstance(reason, str) or not isinstance(category, str):
        raise InvalidData(
            "确认瑕疵须填写理由和类别", "acknowledging a defect needs a reason and a category",
            field_errors={ACKNOWLEDGE: ["reason and category are required strings"]},
        )  # fmt: skip
    return Acknowledgement(reason, category).checked()
