"""B. Investigation: officers, recusal, records, evidence, facts, preservation, trail."""

from caseflow.engine.checks import CheckContext, check_step

from .builders import (
    act,
    build,
    drop,
    evidence,
    find,
    general_case,
    hearing_case,
    insert_before,
    manager,
    rule_findings,
)


def test_interview_by_a_single_officer_is_refused():
    doc = general_case()
    find(doc, "evidence", 1)["by"] = ["A001"]
    (f,) = rule_findings(doc, "APL-42-2OFFICERS")
    assert f.is_error and "2024-03-12" in f.message and "A001" in f.message


def test_officer_whose_certificate_expired_the_day_before_cannot_record_evidence():
    doc = general_case()
    doc["people"][2]["certificate"]["valid_to"] = "2024-03-11"
    find(doc, "evidence", 1)["by"] = ["A001", "A003"]
    found = rule_findings(doc, "APL-42-2OFFICERS")
    assert found and all(f.is_error for f in found)
    assert "王磊" in found[0].message and "2024-03-11" in found[0].message


def test_certificate_valid_through_the_act_day_is_enough():
    doc = general_case()
    doc["people"][2]["certificate"]["valid_to"] = "2024-03-12"
    find(doc, "evidence", 1)["by"] = ["A001", "A003"]
    assert rule_findings(doc, "APL-42-2OFFICERS") == []


def test_officer_with_an_expired_certificate_who_never_acts_is_no_problem():
    doc = general_case()
    doc["people"][2]["certificate"]["valid_to"] = "2023-01-01"
    assert rule_findings(doc, "APL-42-2OFFICERS") == []


def test_inspection_without_showing_credentials_is_refused():
    doc = general_case()
    find(doc, "inspect")["credentials_shown"] = False
    (f,) = rule_findings(doc, "APL-42-2OFFICERS")
    assert "credentials" in f.message_en


def _recusal(decided_on):
    doc = general_case()
    req = {
        "step": "recusal_request",
        "date": "2024-03-10",
        "officer": "A002",
        "decided_on": decided_on,
    }
    return insert_before(doc, "evidence", req)


def test_officer_facing_an_undecided_recusal_request_cannot_interview():
    found = rule_findings(_recusal(None), "APL-43-RECUSAL")
    assert found and "李娜(A002)" in found[0].message and "2024-03-10" in found[0].message


def test_officer_may_act_again_once_the_head_decided_the_recusal_request():
    # E1 (5 March) predates the request; the interview (12 March) follows the decision.
    assert rule_findings(_recusal("2024-03-11"), "APL-43-RECUSAL") == []


def test_inspection_record_unsigned_without_a_refusal_note_is_refused():
    doc = general_case()
    find(doc, "inspect")["signed_by_party"] = False
    (f,) = rule_findings(doc, "APL-55-RECORDS")
    assert f.is_error and "2024-03-05" in f.message


def test_party_refusing_to_sign_with_the_reason_noted_is_a_complete_record():
    doc = general_case()
    find(doc, "inspect").update(signed_by_party=False, refusal_note="当事人拒绝签字，二人见证")
    assert rule_findings(doc, "APL-55-RECORDS") == []


def test_unsigned_document_evidence_is_not_a_record_needing_signature():
    doc = general_case()
    assert "signed_by_party" not in find(doc, "evidence", 2)
    assert rule_findings(doc, "APL-55-RECORDS") == []


def test_copy_not_certified_against_the_original_cannot_support_the_decision():
    doc = general_case()
    find(doc, "evidence", 2)["form_complete"] = False
    (f,) = rule_findings(doc, "APL-46-EVIDENCE")
    assert "E3" in f.message


def test_evidence_collected_after_the_decision_date_is_refused():
    doc = general_case()
    insert_before(doc, "decide", evidence("2024-04-02", "E9", "document", ["act"]))
    (f,) = rule_findings(doc, "APL-46-EVIDENCE")
    assert "E9" in f.message and "2024-04-01" in f.message


def test_evidence_recorded_after_filing_but_dated_before_the_decision_is_fine():
    doc = general_case()
    insert_before(doc, "decide", evidence("2024-03-28", "E9", "document", ["act"]))
    assert rule_findings(doc, "APL-46-EVIDENCE") == []


def test_decision_without_evidence_of_the_provision_violated_is_refused():
    doc = general_case()
    find(doc, "evidence", 2)["proves"] = ["act"]
    found = rule_findings(doc, "APL-40-FACTS")
    assert [f.step for f in found] == [7, 8, 11]  # conclude, legal review, decide
    assert "provision" in found[-1].message_en


def test_overdue_tier_needs_a_failed_re_inspection_after_the_deadline():
    doc = general_case()
    doc["violations"][0]["tier"] = "overdue"
    (f, *_) = rule_findings(doc, "APL-40-FACTS")
    assert "not corrected" in f.message_en


def test_overdue_tier_with_the_order_and_a_failed_re_inspection_is_proved():
    doc = general_case()
    doc["violations"][0]["tier"] = "overdue"
    find(doc, "reinspect")["result"] = "not_corrected"
    assert rule_findings(doc, "APL-40-FACTS") == []


def _preserved(dispose: str | None, approver="H001") -> dict:
    doc = general_case()
    steps = [act("preserve", "2024-09-27", approved_by=approver)]
    if dispose:
        steps.append({"step": "dispose_preserved", "date": dispose})
    return insert_before(doc, "close", *steps)


def test_disposal_on_the_seventh_working_day_counting_the_worked_saturday_is_in_time():
    # 29 Sep (Sun) and 12 Oct (Sat) 2024 are worked; 1-7 Oct are holidays.
    assert rule_findings(_preserved("2024-10-12"), "APL-56-PRESERVE") == []


def test_disposal_after_seven_working_days_is_refused():
    (f,) = rule_findings(_preserved("2024-10-14"), "APL-56-PRESERVE")
    assert "2024-10-12" in f.message and "2024-10-14" in f.message


def test_preservation_without_a_head_approval_is_refused():
    (f,) = rule_findings(_preserved("2024-10-08", approver="A001"), "APL-56-PRESERVE")
    assert "A001" in f.message


def test_preserved_evidence_still_within_its_window_is_no_finding():
    assert rule_findings(_preserved(None), "APL-56-PRESERVE", as_of="2024-10-12") == []


def test_preserved_evidence_left_undisposed_past_its_window_is_reported():
    (f,) = rule_findings(_preserved(None), "APL-56-PRESERVE", as_of="2024-10-14")
    assert "2024-10-12" in f.message


def test_broken_audit_chain_is_one_error_on_the_reviewed_file():
    doc = general_case()
    doc["trail_intact"] = False
    (f,) = rule_findings(doc, "APL-47-TRACE")
    assert f.is_error and f.step is None


def test_broken_audit_chain_refuses_the_next_live_step():
    doc = general_case()
    doc["trail_intact"] = False
    record = build(doc)
    ctx = CheckContext(mode="live")
    found = check_step(manager(), record.before(3), record.steps[3], ctx)
    assert [f.rule for f in found] == ["APL-47-TRACE"]


def test_intact_audit_chain_is_no_finding():
    assert rule_findings(general_case(), "APL-47-TRACE") == []


def test_overdue_tier_without_a_correction_order_names_the_failed_re_inspection_it_has():
    doc = drop(hearing_case(), "order_correction")
    doc["violations"][0]["tier"] = "overdue"
    find(doc, "reinspect")["result"] = "not_corrected"  # 18 Sep 2024
    found = rule_findings(doc, "APL-40-FACTS")
    assert found
    assert all("2024-09-18" in f.message and "none)" not in f.message_en for f in found)
