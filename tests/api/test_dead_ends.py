"""The dead ends of issue #9, each now a lawful way on (workflow version 2): an act
late or irregular in a way the law calls minor is recorded with a head's
acknowledgement, the party's late request is recorded and answered, a suspension
stops the handling period, and a case the unit will not pursue reaches a final state.
What the page and ``GET .../actions`` offer, taking the step does not refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.models import Deadline, Document
from tests.api.history import CLEAN, NOTICE_CONTENTS, OFFICERS, drive, open_general_case, take
from tests.factories import PASSWORD

ACK = {"reason": "当事人外出，整改复查顺延", "category": "party"}


def offered(api, case_id, user) -> dict:
    actions = api.get(f"/api/v1/cases/{case_id}/actions", user).get_json()["actions"]
    return {a["step"]: a for a in actions}


def acknowledge(api, pending_id, user="head1"):
    r = api.post(f"/api/v1/pending-steps/{pending_id}/acknowledge", user, json=ACK)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_a_late_re_inspection_is_offered_with_a_defect_waits_and_closes_the_hazard(
    api, district, clock
):
    clock.set("2024-03-05")
    r = api.post("/api/v1/cases", "officer1",
                 json={"workflow": "hazard_rectification", "party_id": district["party"].id,
                       "title": "危化品仓库未设置警示标志"})  # fmt: skip
    assert r.status_code == 201, r.get_json()
    case = r.get_json()
    order = {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19",
             "major_hazard": False}  # fmt: skip
    assert take(api, clock, case["id"], "officer1", order).status_code == 200
    # 15 working days after the deadline: the 10-day re-inspection period is long past.
    clock.set("2024-04-11")
    reinspect = offered(api, case["id"], "officer1")["reinspect"]
    assert reinspect["allowed"] is True
    assert reinspect["owed"] == ["head"]
    assert reinspect["note"].startswith("允许，但有瑕疵：需负责人确认")
    assert "AQ-REVIEW" in [f["rule"] for f in reinspect["findings"]]
    late = {"step": "reinspect", "date": "2024-04-11", **OFFICERS, "result": "corrected",
            "opinion_signed": True}  # fmt: skip
    r = take(api, clock, case["id"], "officer1", late)
    assert r.status_code == 202, r.get_json()
    assert [f["rule"] for f in r.get_json()["findings"] if f["severity"] == "defect"] == [
        "AQ-REVIEW"
    ]
    acknowledge(api, r.get_json()["pending_step_id"])
    now = api.case(case["id"], "head1")
    assert now["state"] == "closed" and now["final"]


def test_the_case_page_says_a_late_re_inspection_is_allowed_with_a_defect(
    app, api, district, clock
):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    order = {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19"}
    assert take(api, clock, case["id"], "officer1", order).status_code == 200
    clock.set("2024-04-11")
    client = app.test_client()
    client.post("/login", data={"username": "officer1", "password": PASSWORD})
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "允许，但有瑕疵：需负责人确认" in page


def test_a_service_one_working_day_late_waits_is_acknowledged_and_served(api, district, clock):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="serve")
    # Decided Mon 1 Apr 2024; 4-5 Apr are holidays: the 7 working days ended 11 Apr.
    clock.set("2024-04-12")
    serve = offered(api, case["id"], "officer1")["serve"]
    assert serve["allowed"] and serve["owed"] == ["head"]
    step = {"step": "serve", "date": "2024-04-12", "method": "direct", "receipt_signed": True}
    r = take(api, clock, case["id"], "officer1", step)
    assert r.status_code == 202, r.get_json()
    # While it waits, no step that moves the case is offered: taking one would be refused.
    assert offered(api, case["id"], "officer1")["serve"]["allowed"] is False
    acknowledge(api, r.get_json()["pending_step_id"])
    assert api.case(case["id"], "officer1")["state"] == "served"


NOTICE_WITH_HEARING = {"step": "notify", "date": "2024-03-25", "served": "2024-03-26",
                       "proposed": {"kinds": ["fine"], "fine": 20000},
                       "rights": ["statement", "defence", "hearing"], **NOTICE_CONTENTS}  # fmt: skip
DECIDE = dict(next(s for _, s in CLEAN if s["step"] == "decide"), date="2024-04-10")


def notified_with_hearing(api, district, clock):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="notify")
    assert take(api, clock, case["id"], "officer1", NOTICE_WITH_HEARING).status_code == 200
    return case


def test_a_late_hearing_request_is_recorded_and_the_case_decides_after_a_heads_answer(
    api, district, clock
):
    case = notified_with_hearing(api, district, clock)
    # Served Tue 26 Mar: the 5 working days ended 2 Apr; the request comes on 8 Apr.
    r = take(api, clock, case["id"], "officer1", {"step": "hearing_request", "date": "2024-04-08"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["warnings"] == []
    clock.set("2024-04-10")
    decide = offered(api, case["id"], "head1")["decide"]
    assert decide["allowed"] is False
    assert "APL-64-HEARING-PROC" in [f["rule"] for f in decide["findings"]]
    refused = take(api, clock, case["id"], "head1", DECIDE)
    assert refused.status_code == 422
    assert "APL-64-HEARING-PROC" in [f["rule"] for f in refused.get_json()["findings"]]
    answer = {"step": "hearing_request_decision", "date": "2024-04-09", "accepted": False,
              "reasons": "申请逾期且无正当理由", "approved_by": "head1"}  # fmt: skip
    assert take(api, clock, case["id"], "head1", answer).status_code == 200
    assert offered(api, case["id"], "head1")["decide"]["allowed"] is True
    r = take(api, clock, case["id"], "head1", DECIDE)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["case"]["state"] == "decided"


def decision_due(session, case_id) -> dt.date:
    session.expire_all()
    return session.query(Deadline).filter_by(case_id=case_id, name="decision_due").one().due


def test_a_suspended_cases_handling_period_does_not_run(api, district, clock, session):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="evidence")
    # Filed Thu 7 Mar 2024: 90 calendar days run to Wed 5 Jun.
    assert decision_due(session, case["id"]) == dt.date(2024, 6, 5)
    suspend = {"step": "suspend", "date": "2024-03-11", "reasons": "当事人下落不明",
               "approved_by": "head1"}  # fmt: skip
    r = take(api, clock, case["id"], "head1", suspend)
    assert r.status_code == 200 and r.get_json()["case"]["state"] == "suspended"
    assert set(offered(api, case["id"], "head1")) == {"resume", "terminate"}
    resume = {"step": "resume", "date": "2024-04-10", "reasons": "当事人已到案",
              "approved_by": "head1"}  # fmt: skip
    r = take(api, clock, case["id"], "head1", resume)
    assert r.status_code == 200 and r.get_json()["case"]["state"] == "investigation"
    # 30 days suspended (11 Mar to 9 Apr) do not count: 5 Jun + 30 = 5 Jul.
    assert decision_due(session, case["id"]) == dt.date(2024, 7, 5)


FILED = [("officer1", CLEAN[0][1]), ("head1", CLEAN[2][1])]
APPROVAL = {"reasons": "经核查，不属于本机关管辖", "approved_by": "head1", "date": "2024-03-08"}


@pytest.mark.parametrize(
    "until, step, extra, final",
    [
        (1, "decline_filing", {}, "declined"),
        (2, "withdraw_filing", {}, "withdrawn"),
        (2, "terminate", {"ground": "time_barred"}, "terminated"),
        (2, "terminate", {"ground": "no_jurisdiction"}, "handed_over"),
    ],
)
def test_a_case_the_unit_will_not_pursue_reaches_a_final_state_with_its_approval_form(
    api, district, clock, until, step, extra, final
):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], FILED[:until])
    r = take(api, clock, case["id"], "head1", {"step": step, **APPROVAL, **extra})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()["case"]
    assert body["state"] == final and body["final"]
    assert offered(api, case["id"], "head1") == {}


def test_the_approval_forms_of_a_suspension_and_a_termination_print_in_chinese(
    app, api, district, clock
):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], FILED)
    steps = [
        {"step": "suspend", "date": "2024-03-08", "reasons": "当事人下落不明", "approved_by": "head1"},
        {"step": "resume", "date": "2024-03-12", "reasons": "当事人已到案", "approved_by": "head1"},
        {"step": "terminate", "date": "2024-03-13", "ground": "no_jurisdiction",
         "reasons": "违法行为发生地不在本辖区", "approved_by": "head1"},
    ]  # fmt: skip
    for step in steps:
        assert take(api, clock, case["id"], "head1", step).status_code == 200
    client = app.test_client()
    client.post("/login", data={"username": "head1", "password": PASSWORD})
    with app.extensions["caseflow"].sessions() as s:
        docs = {d.kind: d.id for d in s.query(Document).filter_by(case_id=case["id"])}
    expected = {
        "suspension_approval": ("中止调查审批表", "当事人下落不明"),
        "resumption_approval": ("恢复调查审批表", "当事人已到案"),
        "termination_approval": ("终止调查审批表", "移送有管辖权的机关"),
    }
    for kind, (title, words) in expected.items():
        page = client.get(f"/cases/{case['id']}/documents/{docs[kind]}")
        assert page.status_code == 200, kind
        assert title in page.text and words in page.text, kind
