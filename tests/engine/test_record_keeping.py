"""Nothing recorded twice: an evidence id names one piece of evidence on a case."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from caseflow.casefile.review import review_file
from caseflow.engine.errors import InvalidData
from caseflow.engine.record_keeping import RULE_EVIDENCE_ID
from caseflow.models import Event
from caseflow.plugins import make_manager
from caseflow_plugins.legal_procedure import procedure
from tests.casefile.conftest import SMALL, load_doc, step_index
from tests.engine.helpers import OFFICERS, committed, new_case, register

EVIDENCE = {**OFFICERS, "kind": "document", "proves": ["party"], "form_complete": True}


@pytest.fixture
def rt(make_app):
    return make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]


def _events(session, case) -> int:
    return session.scalar(select(func.count()).where(Event.case_id == case.id))


def test_evidence_entered_twice_is_refused_naming_the_step_that_recorded_it(rt, district, session):
    case = new_case(rt, session, district)
    register(rt, session, case, district)
    committed(
        session,
        rt.engine.fire(session, case, "evidence", {**EVIDENCE, "id": "E1"}, district["officer1"]),
    )
    before = _events(session, case)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(session, case, "evidence", {**EVIDENCE, "id": "E1"}, district["officer1"])
    (message,) = refused.value.field_errors["id"]
    assert "E1" in message and "step 2 'evidence'" in message
    session.rollback()
    assert _events(session, case) == before


def test_another_evidence_id_is_recorded(rt, district, session):
    case = new_case(rt, session, district)
    register(rt, session, case, district)
    for eid in ("E1", "E2"):
        committed(
            session,
            rt.engine.fire(
                session, case, "evidence", {**EVIDENCE, "id": eid}, district["officer1"]
            ),
        )
    assert [e.payload["data"]["id"] for e in session.scalars(
        select(Event).where(Event.case_id == case.id, Event.step == "evidence")
    )] == ["E1", "E2"]  # fmt: skip


def test_a_reviewed_file_with_a_duplicate_evidence_id_is_a_finding_not_a_crash(tmp_path):
    doc = load_doc(SMALL)
    i = step_index(doc, "evidence")
    doc["steps"].insert(i + 1, copy.deepcopy(doc["steps"][i]))
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = review_file(path, make_manager(autoload=False, extra=[procedure]))
    (found,) = [f for f in result.findings if f.rule == RULE_EVIDENCE_ID]
    assert found.step == i + 1 and found.is_error
    assert doc["steps"][i]["id"] in found.message and f"step {i + 1} 'evidence'" in found.message
    assert result.exit_status == 1


def test_a_live_import_of_a_file_entering_one_evidence_twice_is_refused_at_that_step(
    make_app, district, session, clock
):
    from caseflow.casefile.importer import import_case
    from tests.casefile.test_import import example

    rt = make_app().extensions["caseflow"]
    clock.set("2025-01-06")  # an old case, imported after it happened
    doc = example("small")
    i = step_index(doc, "evidence")
    doc["steps"].insert(i + 1, copy.deepcopy(doc["steps"][i]))
    result = import_case(rt, session, doc, mode="live", actor=district["head1"])
    assert result.case is None and result.refused_step == i + 1
    assert isinstance(result.refusal, InvalidData)
    assert "id" in result.refusal.field_errors
