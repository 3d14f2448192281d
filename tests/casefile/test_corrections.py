"""Corrections in case files (format 1.1): a ``correct`` step's target is an index in
``steps``; review reads the corrected history, export writes the correct steps."""

from __future__ import annotations

import copy
import json

from caseflow.casefile.export import export_case
from caseflow.casefile.importer import import_case
from caseflow.casefile.reader import read_case_file
from caseflow.engine.history import record_for
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.domain import EXAMPLES, with_notice_contents

from .conftest import load_doc, step_index


def _correct(doc: dict, target: int, **keys) -> dict:
    last = doc["steps"][-1]["date"]
    return {"step": "correct", "date": last, "target": target, "reason": "录入有误",
            "approved_by": "H001", **keys}  # fmt: skip


def test_a_file_with_a_correct_step_reviews_with_the_corrected_history(caseflow_review):
    doc = load_doc()
    serve = step_index(doc, "serve")
    doc["steps"][serve]["receipt_signed"] = False
    flagged = caseflow_review(copy.deepcopy(doc))
    assert "APL-61-SERVICE" in {f.rule for f in flagged.findings}
    doc["steps"].append(_correct(doc, serve, data={"receipt_signed": True}))
    corrected = caseflow_review(doc)
    assert corrected.errors == [] and "APL-61-SERVICE" not in {f.rule for f in corrected.findings}


def test_evidence_recorded_twice_and_voided_in_the_file_is_gone_from_what_rules_read():
    doc = load_doc()
    first = step_index(doc, "evidence")
    doc["steps"].insert(first + 1, {**doc["steps"][first], "id": "E1-dup"})
    doc["steps"].append(_correct(doc, first + 1, void=True))
    steps = read_case_file(doc, STEP_KINDS).record.steps
    assert "E1-dup" not in [s.get("id") for s in steps]
    assert "correct" not in [s.step for s in steps]
    assert [s.index for s in steps] == list(range(len(steps)))


def test_export_writes_the_correct_steps_as_recorded(rt, session, district, clock):
    clock.set("2025-01-06")
    doc = json.loads((EXAMPLES / "general-small-clean.json").read_text(encoding="utf-8"))
    doc = with_notice_contents(doc, "small")
    case = import_case(rt, session, doc, mode="live", actor=district["head1"]).case
    session.commit()
    close = max(s.seq for s in _events(session, case) if s.step == "close")
    rt.engine.fire(session, case, "correct",
                   {"target": close, "void": True, "reason": "结案审批未完成"}, district["head1"])  # fmt: skip
    session.commit()
    assert case.state != "closed"
    exported = export_case(rt, session, case)
    written = exported["steps"][-1]
    assert written["step"] == "correct" and written["void"] is True
    assert exported["steps"][written["target"]]["step"] == "close"
    read_back = read_case_file(exported, STEP_KINDS).record.steps
    assert [s.step for s in read_back] == [s.step for s in record_for(session, case).steps]
    assert "close" not in [s.step for s in read_back]


def _events(session, case):
    from sqlalchemy import select

    from caseflow.models import Event

    return session.scalars(select(Event).where(Event.case_id == case.id, Event.kind == "step"))
