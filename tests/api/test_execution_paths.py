"""After the decision (issue 9, item 4), live through the API on workflow version 2:
payments that add up, a deferral, a review that revokes, the court, and closing."""

from __future__ import annotations

import datetime as dt

from tests.api.history import CLEAN, VIOLATIONS, drive, open_general_case, take


def _served_case(api, district, clock) -> int:
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="publish")
    return case


def _step(api, clock, case, user, step, **data):
    r = take(api, clock, case, user, {"step": step, **data}, acknowledge_warnings=True)
    assert r.status_code == 200, (step, r.get_json())
    return r.get_json()


def _open_steps(api, case, user="officer1") -> set[str]:
    r = api.get(f"/api/v1/cases/{case}/actions", user)
    return {a["step"] for a in r.get_json()["actions"] if a["allowed"]}


def _deadline(api, case, name):
    found = [d for d in api.case(case, "officer1")["deadlines"] if d["name"] == name]
    return found[-1] if found else None


def test_a_fine_paid_in_two_parts_without_approval_is_paid_when_the_sum_reaches_it(
    api, district, clock
):
    case = _served_case(api, district, clock)
    first = _step(api, clock, case, "officer1", "pay", date="2024-04-10", amount=12000)
    assert first["case"]["state"] == "served"
    assert {"pay", "demand", "deferral_request"} <= _open_steps(api, case)
    assert _deadline(api, case, "payment")["open"]
    refused = take(api, clock, case, "head1", {"step": "close", "date": "2024-04-11"})
    assert refused.status_code == 422
    second = _step(api, clock, case, "officer1", "pay", date="2024-04-18", amount=8000)
    assert second["case"]["state"] == "paid"
    assert not _deadline(api, case, "payment")["open"]
    closed = _step(api, clock, case, "head1", "close", date="2024-04-22", approved_by="head1")
    assert closed["case"]["state"] == "closed"


def test_approved_instalments_move_the_payment_deadline_and_payments_close_it(api, district, clock):
    case = _served_case(api, district, clock)
    _step(api, clock, case, "officer1", "deferral_request", date="2024-04-10")
    plan = [{"date": "2024-05-15", "amount": 10000}, {"date": "2024-06-14", "amount": 10000}]
    decided = _step(api, clock, case, "head1", "deferral_decision", date="2024-04-12",
                    approved=True, kind="instalments", due=plan, approved_by="head1")  # fmt: skip
    assert decided["case"]["state"] == "served"
    assert _deadline(api, case, "payment")["due"] == "2024-05-15"
    _step(api, clock, case, "officer1", "pay", date="2024-05-15", amount=10000)
    assert _deadline(api, case, "payment")["due"] == "2024-06-14"
    paid = _step(api, clock, case, "officer1", "pay", date="2024-06-14", amount=10000)
    assert paid["case"]["state"] == "paid" and not _deadline(api, case, "payment")["open"]


def test_a_reconsideration_that_revokes_withdraws_the_publication_and_opens_a_linked_case(
    api, district, clock
):
    case = _served_case(api, district, clock)
    _step(api, clock, case, "officer1", "publish", date="2024-04-08")
    _step(api, clock, case, "officer1", "review_filed", date="2024-04-10", kind="reconsideration")
    result = _step(api, clock, case, "officer1", "review_result", date="2024-05-06",
                   result="revoked")  # fmt: skip
    spawned = result["spawned_case_id"]
    assert spawned is not None and spawned != case
    linked = api.case(spawned, "officer1")
    assert linked["state"] == "inspection"
    assert "decide" not in [s["step"] for s in linked["steps"]]
    # Mon 6 May 2024: three working days end Thu 9 May (APL 48(2)).
    assert _deadline(api, case, "publication_withdrawal")["due"] == "2024-05-09"
    assert take(api, clock, case, "officer1",
                {"step": "pay", "date": "2024-05-07", "amount": 20000}).status_code == 422  # fmt: skip
    _step(api, clock, case, "officer1", "withdraw_publication", date="2024-05-08")
    assert not _deadline(api, case, "publication_withdrawal")["open"]
    closed = _step(api, clock, case, "head1", "close", date="2024-05-10", approved_by="head1")
    assert closed["case"]["state"] == "closed"


def test_an_upheld_decision_opens_no_linked_case_and_no_withdrawal(api, district, clock):
    case = _served_case(api, district, clock)
    _step(api, clock, case, "officer1", "review_filed", date="2024-04-10", kind="lawsuit")
    result = _step(api, clock, case, "officer1", "review_result", date="2024-05-06",
                   result="upheld")  # fmt: skip
    assert result["spawned_case_id"] is None and result["case"]["state"] == "served"
    assert _deadline(api, case, "publication_withdrawal") is None


def _before_the_court(api, district, clock) -> int:
    case = _served_case(api, district, clock)
    _step(api, clock, case, "officer1", "publish", date="2024-04-08")
    _step(api, clock, case, "officer1", "demand", date="2024-10-08")
    r = _step(api, clock, case, "head1", "enforce_application", date="2024-10-22")
    assert r["case"]["state"] == "enforcing"
    return case


def test_a_court_refusing_enforcement_lets_the_case_close_with_its_reasons(api, district, clock):
    case = _before_the_court(api, district, clock)
    early = take(api, clock, case, "head1",
                 {"step": "close", "date": "2024-10-23", "approved_by": "head1"})  # fmt: skip
    assert early.status_code == 422
    no_reasons = take(api, clock, case, "officer1",
                      {"step": "court_ruling", "date": "2024-10-25", "granted": False})  # fmt: skip
    assert no_reasons.status_code == 422
    _step(api, clock, case, "officer1", "court_ruling", date="2024-10-25", granted=False,
          reasons="申请人未提供催告书送达回证")  # fmt: skip
    closed = _step(api, clock, case, "head1", "close", date="2024-10-30", approved_by="head1")
    assert closed["case"]["state"] == "closed"


def test_a_granted_ruling_needs_the_enforcement_result_before_close(api, district, clock):
    case = _before_the_court(api, district, clock)
    _step(api, clock, case, "officer1", "court_ruling", date="2024-10-25", granted=True)
    close = {"step": "close", "date": "2024-10-30", "approved_by": "head1"}
    assert take(api, clock, case, "head1", close).status_code == 422
    _step(api, clock, case, "officer1", "enforcement_result", date="2024-10-29", result="completed")
    assert take(api, clock, case, "head1", close).status_code == 200


def test_a_closed_case_takes_an_annotation_but_no_other_step(api, district, clock):
    case = _served_case(api, district, clock)
    _step(api, clock, case, "officer1", "pay", date="2024-04-15", amount=20000)
    closed = _step(api, clock, case, "head1", "close", date="2024-04-22", approved_by="head1")
    closed_at = closed["case"]["closed_at"]
    noted = _step(api, clock, case, "officer1", "review_result", date="2024-05-06",
                  result="dismissed")  # fmt: skip
    assert noted["case"]["state"] == "closed"
    assert dt.datetime.fromisoformat(noted["case"]["closed_at"]) == dt.datetime.fromisoformat(
        closed_at
    )
    other = take(api, clock, case, "officer1", {"step": "pay", "date": "2024-05-07", "amount": 1})
    assert other.status_code in (409, 422) and api.case(case, "officer1")["state"] == "closed"


def test_a_summary_case_paid_on_the_spot_is_reported_and_closed(api, district, clock):
    r = api.post("/api/v1/cases", "officer1", json={
        "workflow": "summary_penalty", "party_id": district["party"].id,
        "violations": [{**VIOLATIONS[0], "code": "AQL-99-1"}], "title": "未设置安全警示标志"})  # fmt: skip
    assert r.status_code == 201, r.get_json()
    case = r.get_json()["id"]
    assert r.get_json()["workflow_version"] == 2
    officers = {"by": ["officer1", "officer2"], "credentials_shown": True}
    _step(api, clock, case, "officer1", "inspect", date="2024-03-05", place="仓库",
          signed_by_party=True, **officers)  # fmt: skip
    _step(api, clock, case, "officer1", "decide", date="2024-03-05", outcome="penalty",
          penalty={"kinds": ["fine"], "fine": 100}, orders_correction=True,
          contents=["party", "facts", "evidence", "basis", "payment", "remedies", "unit", "seal"],
          **officers)  # fmt: skip
    _step(api, clock, case, "officer1", "serve", date="2024-03-05", method="on_the_spot",
          receipt_signed=True)  # fmt: skip
    no_receipt = take(api, clock, case, "officer1",
                      {"step": "pay", "date": "2024-03-05", "amount": 100, "on_the_spot": True})  # fmt: skip
    assert no_receipt.status_code == 422
    paid = _step(api, clock, case, "officer1", "pay", date="2024-03-05", amount=100,
                 on_the_spot=True, receipt_number="No.0012345")  # fmt: skip
    assert paid["case"]["state"] == "paid"
    reported = _step(api, clock, case, "officer1", "report", date="2024-03-06")
    assert reported["case"]["state"] == "reported"
    closed = _step(api, clock, case, "head1", "close", date="2024-03-07", approved_by="head1")
    assert closed["case"]["state"] == "closed"
