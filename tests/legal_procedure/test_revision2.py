"""Revision 2: the rules that contradicted the statute texts, as the texts read.

Each story changes one thing in a clean case and looks for the one rule that should
notice (or, for the near miss, stay silent)."""

from .builders import (
    decide,
    drop,
    evidence,
    find,
    general_case,
    hearing_case,
    insert_before,
    rule_findings,
    summary_case,
)


def _index(doc, name, n=0):
    return [i for i, s in enumerate(doc["steps"]) if s["step"] == name][n]


# -- APL-43-RECUSAL (APL art. 43: 回避决定作出之前，不停止调查) --------------------------------


def _recusal(**keys) -> dict:
    doc = general_case()
    request = {"step": "recusal_request", "date": "2024-03-08", "officer": "A001", **keys}
    insert_before(doc, "evidence", request)
    return doc


def test_investigation_goes_on_while_a_recusal_request_waits():
    doc = _recusal(decided_on="2024-03-28", granted=False)
    assert rule_findings(doc, "APL-43-RECUSAL") == []


def test_decision_while_a_recusal_request_is_undecided_is_refused():
    doc = _recusal()
    (f,) = rule_findings(doc, "APL-43-RECUSAL")
    assert f.is_error and f.step == _index(doc, "decide")


def test_a_recused_officers_acts_after_the_request_are_flagged():
    doc = _recusal(decided_on="2024-03-28", granted=True)
    found = rule_findings(doc, "APL-43-RECUSAL")
    # The evidence of 12 Mar and the re-inspection of 20 Mar were taken after the request.
    assert [f.step for f in found] == [_index(doc, "decide")]
    assert "2024-03-12" in found[0].message and "2024-03-20" in found[0].message


def test_acts_before_the_request_stay_good_when_recusal_is_granted():
    doc = general_case()
    doc["steps"].insert(
        _index(doc, "conclude"),
        {
            "step": "recusal_request",
            "date": "2024-03-21",
            "officer": "A001",
            "decided_on": "2024-03-21",
            "granted": True,
        },
    )
    assert rule_findings(doc, "APL-43-RECUSAL") == []


# -- APL-64-HEARING-PROC ----------------------------------------------------------------


def test_a_hearing_record_the_party_refused_to_sign_with_the_refusal_noted_is_lawful():
    doc = hearing_case()
    hearing = find(doc, "hearing")
    hearing["record_signed"], hearing["refusal_noted"] = False, True
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def test_an_unsigned_hearing_record_without_a_noted_refusal_is_refused():
    doc = hearing_case()
    find(doc, "hearing")["record_signed"] = False
    assert rule_findings(doc, "APL-64-HEARING-PROC")


def test_a_party_who_does_not_appear_has_waived_the_hearing():
    doc = hearing_case()
    hearing = find(doc, "hearing")
    hearing["record_signed"], hearing["attended"] = False, False
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def _late_request(*answer: dict) -> dict:
    doc = hearing_case()
    # Served Fri 11 Oct 2024: the five working days end Thu 17 Oct; asked 21 Oct.
    find(doc, "hearing_request")["date"] = "2024-10-21"
    find(doc, "hearing_notice")["date"] = "2024-10-21"
    find(doc, "hearing_notice")["hearing_date"] = "2024-10-31"
    for name in ("hearing", "hearing_report"):
        find(doc, name)["date"] = "2024-10-31"
    for name in ("legal_review", "collective_discussion"):
        find(doc, name, -1 if name == "legal_review" else 0)["date"] = "2024-11-01"
    find(doc, "legal_review", 1)["date"] = "2024-11-01"
    find(doc, "decide")["date"] = "2024-11-04"
    for s in answer:
        doc["steps"].insert(_index(doc, "hearing_notice"), s)
    return doc


def test_a_late_hearing_request_is_recorded_without_a_finding():
    doc = _late_request()
    found = rule_findings(doc, "APL-64-HEARING-PROC")
    assert [f.step for f in found] == [_index(doc, "decide")]


def test_deciding_after_a_late_hearing_request_nobody_answered_is_refused():
    (f,) = rule_findings(_late_request(), "APL-64-HEARING-PROC")
    # Served Fri 11 Oct 2024; Sat 12 Oct was worked, so the fifth working day is 17 Oct.
    assert f.is_error and "2024-10-17" in f.message


def test_deciding_after_a_late_request_a_head_accepted_is_lawful():
    answer = {
        "step": "hearing_request_decision",
        "date": "2024-10-21",
        "accepted": True,
        "reasons": "理由正当",
        "approved_by": "H001",
    }
    assert rule_findings(_late_request(answer), "APL-64-HEARING-PROC") == []


def test_late_request_refused_without_reasons_is_refused():
    answer = {
        "step": "hearing_request_decision",
        "date": "2024-10-21",
        "accepted": False,
        "approved_by": "H001",
    }
    (f,) = rule_findings(_late_request(answer), "APL-64-HEARING-PROC")
    assert "reasons" in f.message_en


# -- TRF rules are in test_transfer.py; AQ-65-RECTIFY ------------------------------------


def _major(**keys) -> dict:
    doc = general_case()
    find(doc, "order_correction").update(major_hazard=True, criterion="判定标准第四条", **keys)
    return doc


def test_major_hazard_with_safety_assured_during_rectification_needs_no_suspension():
    """WSL art. 65(3): suspension where safety cannot be assured during rectification."""
    assert rule_findings(_major(safety_assured=True), "AQ-65-RECTIFY") == []


def test_major_hazard_with_neither_suspension_nor_safety_assured_is_refused():
    (f,) = rule_findings(_major(), "AQ-65-RECTIFY")
    assert f.is_error and "safety" in f.message_en


# -- APL-59-CONTENT for summary decisions (APL art. 52) -----------------------------------


def test_summary_decision_needs_no_evidence_list_nor_agency_seal():
    doc = summary_case()
    find(doc, "decide")["contents"] = ["party", "facts", "basis", "payment", "remedies", "unit"]
    assert rule_findings(doc, "APL-59-CONTENT") == []


def test_summary_decision_without_remedies_is_refused():
    doc = summary_case()
    find(doc, "decide")["contents"] = ["party", "facts", "basis", "payment", "unit"]
    (f,) = rule_findings(doc, "APL-59-CONTENT")
    assert "remedies" in f.message


def test_general_decision_still_needs_its_seal():
    doc = general_case()
    find(doc, "decide")["contents"].remove("seal")
    assert rule_findings(doc, "APL-59-CONTENT")


# -- APL-WAIT: a signed waiver (APL art. 62) ---------------------------------------------


def _early(**waiver) -> dict:
    doc = general_case()
    find(doc, "decide")["date"] = "2024-03-27"  # served 26 Mar: the window runs to 29 Mar
    drop(doc, "statement")
    if waiver:
        insert_before(doc, "decide", {"step": "waiver", "date": "2024-03-27", **waiver})
    return doc


def test_a_signed_waiver_ends_the_statement_window_on_its_date():
    assert rule_findings(_early(rights=["statement", "defence"], signed=True), "APL-WAIT") == []


def test_an_unsigned_waiver_ends_nothing():
    assert rule_findings(_early(rights=["statement", "defence"], signed=False), "APL-WAIT")


def test_a_statement_made_inside_the_window_does_not_end_it():
    doc = _early()
    insert_before(doc, "decide", {"step": "statement", "date": "2024-03-27", "reviewed": True})
    assert rule_findings(doc, "APL-WAIT")


def test_waiving_the_hearing_alone_leaves_the_statement_window_running():
    doc = hearing_case()
    drop(doc, "hearing_request", "hearing_notice", "hearing", "hearing_report")
    find(doc, "decide")["date"] = "2024-10-14"  # served Fri 11 Oct
    insert_before(
        doc,
        "decide",
        {"step": "waiver", "date": "2024-10-14", "rights": ["hearing"], "signed": True},
    )
    (f,) = rule_findings(doc, "APL-WAIT")
    assert "statement window" in f.message_en


# -- APL-58-LEGALREVIEW ------------------------------------------------------------------


def test_a_case_heard_needs_a_legal_review_after_the_hearing():
    """APL art. 58(2): 经过听证程序的 — a review after it, before the decision."""
    doc = hearing_case()
    del doc["steps"][_index(doc, "legal_review", 1)]
    (f,) = rule_findings(doc, "APL-58-LEGALREVIEW")
    assert f.is_error and "hearing" in f.message_en


def test_a_review_after_the_hearing_report_clears_the_decision():
    assert rule_findings(hearing_case(), "APL-58-LEGALREVIEW") == []


def test_a_reviewer_without_qualification_who_reviewed_before_july_2021_may_go_on():
    """APL art. 58: 初次从事 — only those first reviewing under the 2021 law need it."""
    doc = general_case()
    find(doc, "legal_review")["reviewer"] = "L003"
    earlier = {
        "step": "legal_review",
        "date": "2021-07-01",
        "reviewer": "L003",
        "opinion": "approve",
    }
    doc["steps"].insert(0, earlier)
    assert rule_findings(doc, "APL-58-LEGALREVIEW") == []


def test_a_reviewer_first_reviewing_after_july_2021_needs_the_qualification():
    doc = general_case()
    find(doc, "legal_review")["reviewer"] = "L003"
    assert rule_findings(doc, "APL-58-LEGALREVIEW")


# -- APL-57-COLLECTIVE: more than half of the heads ----------------------------------------


def _discussed(participants, **keys) -> dict:
    doc = general_case(50000)
    insert_before(
        doc,
        "decide",
        {"step": "collective_discussion", "date": "2024-03-29", "participants": participants,
         "conclusion": "同意", **keys},
    )  # fmt: skip
    return doc


def test_two_of_three_heads_are_a_quorum():
    assert rule_findings(_discussed(["H001", "H002"]), "APL-57-COLLECTIVE") == []


def test_two_of_four_heads_are_not_a_quorum():
    doc = _discussed(["H001", "H002"])
    doc["people"].append({"id": "H004", "name": "郑勇", "roles": ["head"]})
    (f,) = rule_findings(doc, "APL-57-COLLECTIVE")
    assert f.is_error and "4" in f.message


def test_a_discussion_with_an_empty_conclusion_is_refused():
    (f,) = rule_findings(_discussed(["H001", "H002"], conclusion=""), "APL-57-COLLECTIVE")
    assert f.is_error


def test_a_case_heard_is_discussed_after_the_hearing_whatever_the_fine():
    doc = hearing_case(20000)
    find(doc, "collective_discussion")["date"] = "2024-10-24"
    doc["steps"].insert(
        _index(doc, "hearing"), doc["steps"].pop(_index(doc, "collective_discussion"))
    )
    (f,) = rule_findings(doc, "APL-57-COLLECTIVE")
    assert "heard" in f.message_en


def test_a_case_heard_and_discussed_after_it_is_lawful():
    assert rule_findings(hearing_case(20000), "APL-57-COLLECTIVE") == []


# -- APL-46-EVIDENCE and APL-AMOUNT: precise readings -------------------------------------


def test_evidence_collected_on_the_decision_day_counts():
    doc = general_case()
    insert_before(doc, "decide", evidence("2024-04-01", "E9", "document", ["act"]))
    assert rule_findings(doc, "APL-46-EVIDENCE") == []


def test_evidence_collected_the_day_after_the_decision_does_not():
    doc = general_case()
    insert_before(doc, "decide", evidence("2024-04-02", "E9", "document", ["act"]))
    assert rule_findings(doc, "APL-46-EVIDENCE")


def test_a_fine_of_zero_is_refused():
    doc = general_case()
    doc["steps"][_index(doc, "decide")] = decide("2024-04-01", 0)
    found = [f for f in rule_findings(doc, "APL-AMOUNT") if "above zero" in f.message_en]
    assert len(found) == 1 and found[0].is_error


def test_a_warning_with_no_fine_is_no_zero_fine():
    doc = general_case()
    d = decide("2024-04-01", 0)
    d["penalty"] = {"kinds": ["warning"], "fine": 0}
    doc["steps"][_index(doc, "decide")] = d
    assert not [f for f in rule_findings(doc, "APL-AMOUNT") if "above zero" in f.message_en]
