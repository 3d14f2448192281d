"""Corrections over the API: POST the ``correct`` step like any step."""

from __future__ import annotations

from tests.api.history import CLEAN, drive, open_general_case, take


def _seq(case: dict, step: str, nth: int = -1) -> int:
    return [s["seq"] for s in case["steps"] if s["step"] == step][nth]


def test_a_head_voids_a_wrong_payment_and_the_case_closes_on_the_right_one(api, clock, district):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="pay")
    r = take(api, clock, case["id"], "officer1", {"step": "pay", "date": "2024-04-15",
                                                   "amount": 2000})  # fmt: skip
    assert r.status_code == 200 and r.get_json()["case"]["state"] == "served"  # 2,000 of 20,000
    wrong = _seq(r.get_json()["case"], "pay")
    r = api.fire(case["id"], "correct", "head1",
                 {"target": wrong, "void": True, "reason": "金额录入错误"})  # fmt: skip
    assert r.status_code == 200, r.get_json()
    now = r.get_json()["case"]
    assert now["state"] == "served"
    voided = next(s for s in now["steps"] if s["seq"] == wrong)
    assert voided["voided_by"] == r.get_json()["event_seq"]
    assert take(api, clock, case["id"], "officer1", {"step": "pay", "date": "2024-04-15",
                                                     "amount": 20000}).status_code == 200  # fmt: skip
    r = take(api, clock, case["id"], "head1", CLEAN[-1][1])
    assert r.status_code == 200 and r.get_json()["case"]["state"] == "closed"
    assert api.get(f"/api/v1/cases/{case['id']}/events", "head1").get_json()["intact"]


def test_an_officers_correction_is_held_for_a_head_202(api, clock, district):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="reinspect")
    e1 = _seq(api.case(case["id"], "officer1"), "evidence", 0)
    r = api.fire(case["id"], "correct", "officer1",
                 {"target": e1, "data": {"description": "现场照片"}, "reason": "补充说明"})  # fmt: skip
    assert r.status_code == 202, r.get_json()
    pending = r.get_json()["pending_step_id"]
    r = api.post(f"/api/v1/pending-steps/{pending}/acknowledge", "head1",
                 json={"reason": "同意更正", "category": "internal"})  # fmt: skip
    assert r.status_code == 201, r.get_json()
    step = next(s for s in api.case(case["id"], "head1")["steps"] if s["seq"] == e1)
    assert step["corrected"] == {"description": "现场照片"}


def test_refusals_say_why(api, clock, district):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="serve")
    now = api.case(case["id"], "head1")
    register, decide = _seq(now, "register"), _seq(now, "decide")
    r = api.fire(case["id"], "correct", "head1", {"target": register, "void": True, "reason": "x"})
    assert r.status_code == 409 and "target" in r.get_json()["errors"]
    r = api.fire(case["id"], "correct", "head1",
                 {"target": decide, "data": {"outcome": "no_penalty"}, "reason": "x"})  # fmt: skip
    assert r.status_code == 422 and "data.outcome" in r.get_json()["errors"]
    r = api.fire(case["id"], "correct", "head1", {"target": 999, "void": True, "reason": "x"})
    assert r.status_code == 422 and "target" in r.get_json()["errors"]
    r = api.fire(case["id"], "correct", "head1", {"target": decide, "void": True})
    assert r.status_code == 422 and "reason" in r.get_json()["errors"]
