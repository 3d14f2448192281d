"""Lawful paths before the decision that workflow version 2 adds (format 1.1): no penalty
after the investigation report and a legal review without a notice, a late hearing
request accepted and heard, a waiver, and a case the police send back."""

from __future__ import annotations

import datetime as dt

from caseflow.models import Deadline
from tests.api.history import CLEAN, drive, open_general_case, take
from tests.api.test_dead_ends import NOTICE_WITH_HEARING, notified_with_hearing, offered

DECIDE = next(s for _, s in CLEAN if s["step"] == "decide")


def test_no_penalty_follows_the_report_and_a_legal_review_without_a_notice(api, district, clock):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="notify")
    decision = {"step": "decide", "date": "2024-03-25", "approved_by": "head1",
                "outcome": "no_penalty_unproven", "contents": ["party", "facts", "unit"]}  # fmt: skip
    r = take(api, clock, case["id"], "head1", decision)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["case"]["state"] == "decided"


def test_a_penalty_still_needs_the_notice_when_decided_from_the_report(api, district, clock):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="notify")
    r = take(api, clock, case["id"], "head1", dict(DECIDE, date="2024-03-25"))
    assert r.status_code == 422
    assert "APL-44-NOTICE" in [f["rule"] for f in r.get_json()["findings"]]


def test_an_accepted_late_hearing_request_is_heard_reported_reviewed_then_decided(
    api, district, clock, session
):
    case = notified_with_hearing(api, district, clock)
    steps = [
        ("officer1", {"step": "hearing_request", "date": "2024-04-08"}),
        ("head1", {"step": "hearing_request_decision", "date": "2024-04-08", "accepted": True,
                   "reasons": "当事人因病住院，逾期有正当理由", "approved_by": "head1"}),
        ("officer1", {"step": "hearing_notice", "date": "2024-04-08", "hearing_date": "2024-04-18"}),
        ("head2", {"step": "hearing", "date": "2024-04-18", "presider": "head2",
                       "record_signed": True, "attended": True}),
        ("head2", {"step": "hearing_report", "date": "2024-04-19", "presider": "head2",
                       "conclusion": "事实清楚，维持拟处罚意见"}),
        ("reviewer1", {"step": "legal_review", "date": "2024-04-22", "reviewer": "reviewer1",
                       "opinion": "approve", "opinion_text": "听证后复核，同意"}),
        # After a hearing the heads discuss it collectively (APL art. 57(2), revision 2).
        ("head1", {"step": "collective_discussion", "date": "2024-04-22",
                   "participants": ["head1", "head2"], "conclusion": "同意处罚"}),
    ]  # fmt: skip
    for user, step in steps:
        r = take(api, clock, case["id"], user, step)
        assert r.status_code == 200, (step["step"], r.get_json())
    # The hearing (request 8 Apr to report 19 Apr) does not count against the 90 days.
    session.expire_all()
    due = session.query(Deadline).filter_by(case_id=case["id"], name="decision_due").one().due
    # 11 days of hearing do not count; 16 June is a Sunday, so the period rolls to Monday.
    assert due == dt.date(2024, 6, 17)
    r = take(api, clock, case["id"], "head1", dict(DECIDE, date="2024-04-23"))
    assert r.status_code == 200, r.get_json()


def test_a_signed_waiver_ends_the_partys_window_on_its_date(api, district, clock, session):
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="notify")
    assert take(api, clock, case["id"], "officer1", NOTICE_WITH_HEARING).status_code == 200
    waiver = {"step": "waiver", "date": "2024-03-27", "rights": ["statement", "defence", "hearing"],
              "signed": True}  # fmt: skip
    assert take(api, clock, case["id"], "officer1", waiver).status_code == 200
    session.expire_all()
    window = session.query(Deadline).filter_by(case_id=case["id"], name="statement_window").one()
    assert window.closed_seq is not None


def test_a_case_the_police_send_back_returns_to_the_investigation(api, district, clock, session):
    district["head1"].principal = True  # the principal head decides the transfer (310号令 art. 5)
    session.commit()
    case = open_general_case(api, district)
    drive(api, clock, case["id"], CLEAN, until="conclude")
    steps = [
        ("officer1", {"step": "transfer_report", "date": "2024-03-20"}),
        ("head1", {"step": "transfer_decision", "date": "2024-03-21", "approved": True,
                   "approved_by": "head1"}),
        ("officer1", {"step": "transfer", "date": "2024-03-22",
                      "attachments": ["transfer_letter", "investigation_report", "item_inventory"]}),
    ]  # fmt: skip
    for user, step in steps:
        r = take(api, clock, case["id"], user, step)
        assert r.status_code == 200, (step["step"], r.get_json())
    assert "case_returned" in offered(api, case["id"], "officer1")
    r = take(api, clock, case["id"], "officer1",
             {"step": "case_returned", "date": "2024-04-15", "by": "procuratorate"})  # fmt: skip
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["case"]["state"] == "investigation"
