"""Stories of a defect (瑕疵): a late act waits for a head's acknowledgement, is
recorded with it, or is returned; it never leaves the case at a dead end."""

from __future__ import annotations

import pytest

from caseflow.models import Event
from tests.api.history import CLEAN, drive, open_general_case, take

# Decided Mon 1 Apr 2024; 4-5 Apr are the Qingming holidays, so the 7 working days
# ran out on 11 Apr: served on Fri 12 Apr is one working day late (APL-61-SERVICE).
LATE_SERVICE = {"step": "serve", "date": "2024-04-12", "method": "direct", "receipt_signed": True}
ACK = {"reason": "当事人外出，无法按期送达", "category": "party"}


def step_events(session, case_id):
    session.expire_all()
    return session.query(Event).filter_by(case_id=case_id, kind="step").count()


@pytest.fixture
def decided(api, district, clock):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="serve")
    return api.case(case["id"], "officer1")


@pytest.fixture
def late_service(api, clock, session, decided):
    before = step_events(session, decided["id"])
    r = take(api, clock, decided["id"], "officer1", LATE_SERVICE)
    assert r.status_code == 202, r.get_json()
    return r.get_json(), before


def test_an_officer_recording_a_late_service_waits_for_a_head(api, session, decided, late_service):
    body, before = late_service
    assert body["pending_step_id"] > 0
    assert body["owed"] == ["head"]
    (defect,) = [f for f in body["findings"] if f["severity"] == "defect"]
    assert defect["rule"] == "APL-61-SERVICE"
    # Nothing entered the audit trail and the case did not move.
    assert step_events(session, decided["id"]) == before
    now = api.case(decided["id"], "officer1")
    assert (now["state"], now["version"]) == (decided["state"], decided["version"])


def test_the_pending_step_is_in_the_heads_work_list_not_the_officers(api, late_service):
    body, _ = late_service
    listed = api.get("/api/v1/pending-steps", "head1").get_json()["items"]
    assert [p["id"] for p in listed] == [body["pending_step_id"]]
    assert listed[0]["entered_by"] == "officer1" and listed[0]["step"] == "serve"
    assert api.get("/api/v1/pending-steps", "officer1").get_json()["items"] == []


def test_the_head_acknowledges_and_the_case_moves_with_the_defect_on_the_step(
    api, session, decided, late_service
):
    body, before = late_service
    r = api.post(f"/api/v1/pending-steps/{body['pending_step_id']}/acknowledge", "head1", json=ACK)
    assert r.status_code == 201, r.get_json()
    assert step_events(session, decided["id"]) == before + 1
    case = api.case(decided["id"], "head1")
    assert case["state"] != decided["state"]
    event = session.query(Event).filter_by(case_id=decided["id"], step="serve").one()
    assert event.actor == "officer1"  # who served; the head signed the defect off
    ack = event.payload["acknowledged"]
    assert ack["by"] == ["head1"] and ack["reason"] == ACK["reason"]
    assert ack["category"] == "party"
    assert [d["rule"] for d in ack["defects"]] == ["APL-61-SERVICE"]
    assert "APL-61-SERVICE" in [f["rule"] for f in event.payload["warnings"]]
    assert api.get("/api/v1/pending-steps", "head1").get_json()["items"] == []


def test_acknowledging_needs_a_reason_and_a_category(api, late_service):
    body, _ = late_service
    url = f"/api/v1/pending-steps/{body['pending_step_id']}/acknowledge"
    assert api.post(url, "head1", json={"category": "party"}).status_code == 422
    assert api.post(url, "head1", json={"reason": "x", "category": "weather"}).status_code == 422


def test_an_officer_cannot_acknowledge_his_own_defect(api, late_service):
    body, _ = late_service
    r = api.post(
        f"/api/v1/pending-steps/{body['pending_step_id']}/acknowledge", "officer1", json=ACK
    )
    assert r.status_code == 403


def test_a_head_returning_a_pending_step_leaves_the_case_unchanged(
    api, session, decided, late_service
):
    body, before = late_service
    url = f"/api/v1/pending-steps/{body['pending_step_id']}/return"
    assert api.post(url, "head1", json={}).status_code == 422  # a reason is required
    r = api.post(url, "head1", json={"reason": "送达日期有误，请核实"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "returned"
    assert r.get_json()["return_reason"] == "送达日期有误，请核实"
    assert step_events(session, decided["id"]) == before
    now = api.case(decided["id"], "head1")
    assert (now["state"], now["version"]) == (decided["state"], decided["version"])
    # Returned, it no longer blocks: the officer may take the step again.
    again = api.post(
        f"/api/v1/pending-steps/{body['pending_step_id']}/acknowledge", "head1", json=ACK
    )
    assert again.status_code == 409


def test_a_second_state_moving_step_while_one_is_pending_is_refused(api, decided, late_service):
    body, _ = late_service
    again = {k: v for k, v in LATE_SERVICE.items() if k != "step"}
    r = api.fire(decided["id"], "serve", "officer1", again)
    assert r.status_code == 409, r.get_json()
    assert f"#{body['pending_step_id']}" in r.get_json()["message"]


def test_a_head_filing_late_himself_acknowledges_it_in_the_same_request(
    api, clock, session, district
):
    # Discovered Tue 5 Mar 2024: filing was due within 5 working days, by 12 Mar.
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="register")
    late = {"step": "register", "date": "2024-03-13", "discovered": "2024-03-05"}
    before = step_events(session, case["id"])
    r = take(api, clock, case["id"], "head1", late, acknowledgement=ACK)
    assert r.status_code == 200, r.get_json()
    assert step_events(session, case["id"]) == before + 1
    event = session.query(Event).filter_by(case_id=case["id"], step="register").one()
    assert event.payload["acknowledged"]["by"] == ["head1"]
    assert [d["rule"] for d in event.payload["acknowledged"]["defects"]] == ["APL-54-FILE"]


def test_a_head_filing_late_without_acknowledging_it_leaves_it_pending(
    api, clock, session, district
):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="register")
    late = {"step": "register", "date": "2024-03-13", "discovered": "2024-03-05"}
    state = api.case(case["id"], "head1")["state"]
    r = take(api, clock, case["id"], "head1", late)
    assert r.status_code == 202, r.get_json()
    assert api.case(case["id"], "head1")["state"] == state
    assert api.get("/api/v1/pending-steps", "head1").get_json()["items"][0]["step"] == "register"


# Filed 7 Mar 2024: the 90 days of APL art. 60 ran out on 5 Jun.
LATE_DECISION = dict(CLEAN[[s["step"] for _, s in CLEAN].index("decide")][1], date="2024-06-06")


def test_a_decision_past_the_limit_needs_a_legal_reviewer_too(api, clock, session, district):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="decide")
    before = step_events(session, case["id"])
    r = take(api, clock, case["id"], "head1", LATE_DECISION)
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert [f["rule"] for f in body["findings"] if f["severity"] == "defect"] == ["APL-60-90DAY"]
    assert body["owed"] == ["head", "reviewer"]
    url = f"/api/v1/pending-steps/{body['pending_step_id']}/acknowledge"

    signed = api.post(url, "head1", json=ACK)
    assert signed.status_code == 200, signed.get_json()
    assert signed.get_json()["owed"] == ["reviewer"]
    assert step_events(session, case["id"]) == before  # a head alone does not record it
    listed = api.get("/api/v1/pending-steps", "reviewer1").get_json()["items"]
    assert [p["id"] for p in listed] == [body["pending_step_id"]]

    done = api.post(
        url, "reviewer1", json={"reason": "超期两日，不影响当事人权利", "category": "internal"}
    )
    assert done.status_code == 201, done.get_json()
    event = session.query(Event).filter_by(case_id=case["id"], step="decide").one()
    assert event.payload["acknowledged"]["by"] == ["head1", "reviewer1"]


def test_a_retried_late_service_with_one_idempotency_key_is_held_once(api, clock, session, decided):
    """The connection dropped after the 202: the retry gets the same pending step back."""
    clock.set(LATE_SERVICE["date"])
    body = {k: v for k, v in LATE_SERVICE.items() if k != "step"}
    body["expected_version"] = decided["version"]
    headers = {**api.headers("officer1"), "Idempotency-Key": "serve-0412-officer1"}
    url = f"/api/v1/cases/{decided['id']}/actions/serve"
    first = api.client.post(url, headers=headers, json=body)
    again = api.client.post(url, headers=headers, json=body)
    assert first.status_code == again.status_code == 202, again.get_json()
    assert again.get_json()["pending_step_id"] == first.get_json()["pending_step_id"]
    listed = api.get("/api/v1/pending-steps", "head1").get_json()["items"]
    assert [p["id"] for p in listed] == [first.get_json()["pending_step_id"]]
