"""Live import of a file with defects (瑕疵): refused naming who must acknowledge each,
then taken with the file's acknowledgement or the importing head's, which the case's
export carries (case-file format 1.1)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import func, select

from caseflow.models import Case, Event

from .test_casefiles import _import, case_file  # noqa: F401 - the fixture

REASON = {"reason": "送达人员因公出差，迟延送达", "category": "internal"}


def _index(doc, name):
    return next(i for i, s in enumerate(doc["steps"]) if s["step"] == name)


def served_late(doc: dict) -> dict:
    """The decision of 2024-04-01 served 2024-04-12, a working day past the 7 working
    days of APL art. 61 (2024-04-11): a defect, lawful once a head acknowledges it."""
    doc = copy.deepcopy(doc)
    doc["steps"][_index(doc, "serve")]["date"] = "2024-04-12"
    return doc


def decided_late(doc: dict) -> dict:
    """Everything from the notice on 70 days later: the decision falls on the 95th day
    after filing (2024-03-07) with no extension, beyond APL art. 60's 90 days."""
    doc = copy.deepcopy(doc)
    for step in doc["steps"][_index(doc, "notify") :]:
        for key in ("date", "served"):
            if key in step:
                step[key] = (dt.date.fromisoformat(step[key]) + dt.timedelta(days=70)).isoformat()
    return doc


@pytest.fixture
def late_service(case_file):  # noqa: F811
    return served_late(case_file)


@pytest.fixture
def overrun(case_file, clock):  # noqa: F811
    clock.set("2024-08-01")  # after the file's last step
    return decided_late(case_file)


def _cases(session) -> int:
    return session.scalar(select(func.count()).select_from(Case))


def test_a_late_service_is_refused_naming_the_rule_the_step_and_a_head(api, late_service, session):
    r = _import(api, late_service, "live")
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    serve = _index(late_service, "serve")
    assert body["code"] == "defects" and body["refused_step"] == serve
    (defect,) = body["defects"]
    assert defect["rule"] == "APL-61-SERVICE" and defect["step"] == serve
    assert defect["must_acknowledge"] == ["head"] and defect["owed"] == ["head"]
    assert "负责人" in defect["who"] and "APL-61-SERVICE" in body["message"]
    assert [f["rule"] for f in body["findings"]] == ["APL-61-SERVICE"]
    assert _cases(session) == 0  # nothing partial: no case, no party, no people


def test_the_importing_heads_acknowledgement_records_it_and_the_export_carries_it(
    api, late_service, session
):
    r = _import(api, {**late_service, "acknowledge": REASON}, "live")
    assert r.status_code == 201, r.get_json()
    case_id = r.get_json()["id"]
    serve = session.scalar(select(Event).where(Event.case_id == case_id, Event.step == "serve"))
    ack = serve.payload["acknowledged"]
    assert ack["by"] == ["head1"] and ack["reason"] == REASON["reason"]
    assert [d["rule"] for d in ack["defects"]] == ["APL-61-SERVICE"]
    exported = api.get(f"/api/v1/cases/{case_id}/export", "head1").get_json()
    assert exported["steps"][_index(late_service, "serve")]["acknowledged"] == {
        "by": ["head1"],
        **REASON,
    }
    assert all("acknowledged" not in s for s in exported["steps"] if s["step"] != "serve")


def test_the_files_own_acknowledgement_by_its_head_is_enough(api, late_service):
    serve = _index(late_service, "serve")
    late_service["steps"][serve]["acknowledged"] = {"by": ["head1"], **REASON}
    r = _import(api, late_service, "live")
    assert r.status_code == 201, r.get_json()
    exported = api.get(f"/api/v1/cases/{r.get_json()['id']}/export", "head1").get_json()
    # The file's head has no certificate: recorded as a person of the unit, by that name.
    assert exported["steps"][serve]["acknowledged"] == {"by": ["head1@LG"], **REASON}


def test_an_acknowledgement_by_an_officer_is_no_acknowledgement(api, late_service, session):
    late_service["steps"][_index(late_service, "serve")]["acknowledged"] = {
        "by": ["officer1"],
        **REASON,
    }
    r = _import(api, late_service, "live")
    assert r.status_code == 422
    assert r.get_json()["defects"][0]["owed"] == ["head"]
    assert _cases(session) == 0


def test_a_handling_period_overrun_needs_a_legal_reviewer_besides_the_head(api, overrun, session):
    decide = _index(overrun, "decide")
    r = _import(api, {**overrun, "acknowledge": REASON}, "live")
    assert r.status_code == 422, r.get_json()
    (defect,) = r.get_json()["defects"]
    assert defect["rule"] == "APL-60-90DAY" and defect["step"] == decide
    assert defect["must_acknowledge"] == ["head", "reviewer"] and defect["owed"] == ["reviewer"]
    assert "法制审核人员" in defect["who"]
    assert _cases(session) == 0

    overrun["steps"][decide]["acknowledged"] = {"by": ["head1", "reviewer1"], **REASON}
    r = _import(api, overrun, "live")
    assert r.status_code == 201, r.get_json()
    exported = api.get(f"/api/v1/cases/{r.get_json()['id']}/export", "head1").get_json()
    assert exported["steps"][decide]["acknowledged"]["by"] == ["head1@LG", "reviewer1@LG"]


def test_only_a_head_gives_an_acknowledgement_with_an_import(api, late_service, district):
    r = _import(api, {**late_service, "acknowledge": REASON}, "live", user="admin")
    assert r.status_code == 403, r.get_json()


@pytest.mark.parametrize(
    "given",
    [{"reason": " ", "category": "internal"}, {"reason": "x", "category": "weather"}, "yes"],
)
def test_an_acknowledgement_without_a_reason_or_a_known_category_is_422(api, late_service, given):
    r = _import(api, {**late_service, "acknowledge": given}, "live")
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["errors"]


def test_a_late_entry_from_the_file_is_kept_on_the_event_and_in_the_export(api, case_file):  # noqa: F811
    evidence = _index(case_file, "evidence")
    case_file["steps"][evidence]["recorded_on"] = "2024-03-08"
    r = _import(api, case_file, "live")
    assert r.status_code == 201, r.get_json()
    exported = api.get(f"/api/v1/cases/{r.get_json()['id']}/export", "head1").get_json()
    assert exported["steps"][evidence]["recorded_on"] == "2024-03-08"
    # The other steps were entered in the file's system on their day: no late entry.
    assert sum("recorded_on" in s for s in exported["steps"]) == 1
