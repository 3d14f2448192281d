"""Opening a hazard (隐患) for a failed checklist item: a case on the hazard workflow,
ordered corrected at once (AQ-65-RECTIFY: immediately or by a date; a major hazard
with its criterion, and suspension or the finding that safety is assured).

The hazard is opened through the engine like any case, so it has its own number in
the ``hazard`` series and its own audit chain, and the correction order is a step the
rules check. The link back to the inspection and its item is kept on the answer.

The hazard's file opens with the inspection that found it (an ``inspect`` step with
the inspection's officers, place and signature, issuing its 现场检查记录): should the
hazard escalate, the penalty case receives that record with the order and the
re-inspection (APL-40-FACTS), as the workflow promises. An inspection neither signed
by the party nor noting its refusal is not a record the rules accept as a step, so its
hazards open with the order alone.
"""

from __future__ import annotations

from caseflow.engine.cases import open_case
from caseflow.models import Case, Inspection, InspectionAnswer, User

WORKFLOW = "hazard_rectification"  # its latest version
ORDER = "order_correction"
INSPECT = "inspect"


def inspection_step(inspection: Inspection) -> dict:
    """The ``inspect`` step a hazard's file opens with: the inspection as recorded."""
    return {
        "date": inspection.date.isoformat(),
        "by": [inspection.officer1.username, inspection.officer2.username],
        "credentials_shown": bool(inspection.credentials_shown),
        "place": inspection.place,
        "signed_by_party": bool(inspection.signed_by_party),
        "refusal_note": inspection.refusal_note or "",
    }


def open_hazard(
    engine, session, inspection: Inspection, answer: InspectionAnswer, actor: User, *,
    suspension_ordered: bool = False, safety_assured: bool = False,
) -> Case:  # fmt: skip
    """Open the hazard ``answer`` found and order it corrected; flushed, not committed.
    Raises what the engine raises (the caller rolls the whole inspection back)."""
    violations = [{"code": answer.violation_code}] if answer.violation_code else []
    case = open_case(
        engine, session, workflow=WORKFLOW, party=inspection.party, unit=inspection.unit,
        actor=actor, violations=violations, title=f"{answer.item_id} {answer.text_zh}"[:300],
        tags=list(inspection.tags),
    )  # fmt: skip
    if inspection.signed_by_party or (inspection.refusal_note or "").strip():
        # An unsigned record with no note of the refusal is no record (APL-55-RECORDS):
        # the hazard then opens with the order alone, as it did before.
        engine.fire(session, case, INSPECT, inspection_step(inspection), actor, acknowledge=True)
    data = {
        "date": inspection.date.isoformat(),
        "deadline": answer.deadline.isoformat() if answer.deadline else None,
        "major_hazard": answer.major_hazard,
        "criterion": answer.criterion if answer.major_hazard else None,
        "suspension_ordered": suspension_ordered,
        "safety_assured": safety_assured,
    }
    # Warnings are the officer's to see on the hazard; the inspection is what was found.
    engine.fire(session, case, ORDER, data, actor, acknowledge=True)
    answer.hazard_case_id = case.id
    return case
