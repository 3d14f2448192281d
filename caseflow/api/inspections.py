"""Inspections: recorded with their checklist answers, a hazard per failed item."""

from __future__ import annotations

import datetime as dt

from flask import abort

from caseflow.api.access import MAX_ID, actor, blueprint, db, reach, require_role, runtime
from caseflow.api.inspectionschemas import (
    InspectionCreate,
    InspectionDetail,
    InspectionPage,
    InspectionQuery,
    InspectionVoid,
)
from caseflow.inspections.queries import search
from caseflow.inspections.record import (
    InspectionInput,
    ItemAnswer,
    record_inspection,
    void_inspection,
)
from caseflow.models import Inspection

PREFIX = "/inspections"
bp = blueprint("api_inspections", __name__, "Inspections: checklist answers and hazards found")
ANSWER_KEYS = ("answer", "note", "deadline", "immediate", "violation_code", "major_hazard",
               "suspension_ordered", "safety_assured")  # fmt: skip


def inspection_or_404(inspection_id: int) -> Inspection:
    found = db().get(Inspection, inspection_id) if inspection_id <= MAX_ID else None
    if found is None or found.unit_id not in reach():
        abort(404, description="no such inspection")
    return found


def summary(i: Inspection) -> dict:
    return {
        "id": i.id, "number": i.number, "unit_id": i.unit_id, "party_id": i.party_id,
        "date": i.date, "place": i.place, "officers": [o.username for o in i.officers],
        "tags": i.tags, "checklists": i.checklists, "assignment_id": i.assignment_id,
        "failed": len(i.failed), "voided": i.voided,
        "recorded_at": i.recorded_at.astimezone(dt.UTC),
    }  # fmt: skip


def detail(i: Inspection) -> dict:
    answers = [
        {"item_id": a.item_id, "checklist": a.checklist, "text_zh": a.text_zh,
         "source": a.source, "grade": a.grade, "criterion": a.criterion, "answer": a.answer,
         "note": a.note, "major_hazard": a.major_hazard, "deadline": a.deadline,
         "violation_code": a.violation_code, "photo_sha256": a.photo_sha256,
         "hazard_case_id": a.hazard_case_id, "hazard_number": a.hazard.label if a.hazard else None}
        for a in i.answers
    ]  # fmt: skip
    return {
        **summary(i), "credentials_shown": i.credentials_shown, "findings": i.findings,
        "signed_by_party": i.signed_by_party, "refusal_note": i.refusal_note, "answers": answers,
    }  # fmt: skip


@bp.route("", methods=["GET"])
@bp.arguments(InspectionQuery, location="query")
@bp.response(200, InspectionPage)
def index(args):
    """Inspections made within the actor's reach, newest first; ``q`` searches the
    number, the party and the place; ``tag`` a campaign."""
    found = search(db(), reach(), q=args.get("q", ""), tag=args.get("tag", ""),
                   party_id=args.get("party_id"), start=args.get("start"), end=args.get("end"),
                   limit=10_000)  # fmt: skip
    size, page = args["page_size"], args["page"]
    rows = found[(page - 1) * size : page * size]
    return {"items": [summary(i) for i in rows], "total": len(found), "page": page,
            "page_size": size, "pages": -(-len(found) // size)}  # fmt: skip


@bp.route("", methods=["POST"])
@bp.arguments(InspectionCreate)
@bp.response(201, InspectionDetail)
def create(body):
    """Record an inspection (officers). Each failed item opens a hazard case ordered
    corrected immediately or by its ``deadline``; a bad field is a 422 naming it
    (``answers.<item id>.<key>`` for an answer)."""
    require_role("officer")
    answers, dupes = {}, []
    for a in body["answers"]:
        if a["item_id"] in answers:
            dupes.append(a["item_id"])
        answers[a["item_id"]] = ItemAnswer(**{k: a[k] for k in ANSWER_KEYS})
    if dupes:
        abort(422, description=f"items answered twice: {', '.join(dupes)}")
    data = InspectionInput(
        party_id=body["party_id"], date=body["date"], place=body["place"],
        officers=body["officers"], checklists=body["checklists"], answers=answers,
        tags=body["tags"], credentials_shown=body["credentials_shown"],
        findings=body["findings"], signed_by_party=body["signed_by_party"],
        refusal_note=body["refusal_note"], assignment_id=body["assignment_id"],
        unit_id=body["unit_id"],
    )  # fmt: skip
    session = db()
    inspection = record_inspection(runtime().engine, session, data, actor())
    session.commit()
    return detail(inspection)


@bp.route("/<int(min=1):inspection_id>", methods=["GET"])
@bp.response(200, InspectionDetail)
def show(inspection_id: int):
    """An inspection with every answer and the hazard each failure opened."""
    return detail(inspection_or_404(inspection_id))


@bp.route("/<int(min=1):inspection_id>/void", methods=["POST"])
@bp.arguments(InspectionVoid)
@bp.response(200, InspectionDetail)
def void(body, inspection_id: int):
    """Withdraw an inspection (heads): a correction with its reason; the record stays.
    Refused (422) while a hazard it opened is open."""
    require_role("head")
    session = db()
    inspection = inspection_or_404(inspection_id)
    void_inspection(runtime().engine, session, inspection, body["reason"], actor())
    session.commit()
    return detail(inspection)
