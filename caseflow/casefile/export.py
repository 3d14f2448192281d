"""Export: any case as a case file (format v1), from its recorded history."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from caseflow.casefile.writer import record_to_dict
from caseflow.engine.history import provenance, record_for, referenced_people
from caseflow.models import Case

# The interchange format knows two procedures; a hazard-rectification case speaks the
# general procedure's vocabulary (inspect, order_correction, reinspect).
PROCEDURES = {"general": "general", "summary": "summary", "hazard": "general"}


def export_case(rt, session: Session, case: Case) -> dict:
    # Written as recorded: the correct steps too, the reader applies them (format 1.1).
    record = record_for(session, case, as_recorded=True)
    # The file names the people its steps name; the unit's other heads, read live for
    # APL-57's quorum, are not part of the case's history.
    named = referenced_people(record.steps)
    record = replace(record, people={k: p for k, p in record.people.items() if k in named})
    doc = record_to_dict(record)
    doc["procedure"] = PROCEDURES.get(case.procedure, "general")
    imported = provenance(session, case)
    if imported:  # the history came from a file, entered here by this user on this day
        doc["imported"] = {"by": imported["by"], "on": imported["on"]}
    return doc
