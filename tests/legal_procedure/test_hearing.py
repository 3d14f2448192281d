"""D. Notice and hearing."""

from .builders import drop, find, general_case, hearing_case, insert_before, rule_findings


def test_decision_without_a_pre_decision_notice_is_refused():
    doc = drop(general_case(), "notify", "statement")
    (f,) = rule_findings(doc, "APL-44-NOTICE")
    assert "2024-04-01" in f.message


def test_notice_served_after_the_decision_is_refused():
    doc = general_case()
    find(doc, "notify")["served"] = "2024-04-02"
    (f,) = rule_findings(doc, "APL-44-NOTICE")
    assert "2024-04-02" in f.message


def test_notice_that_omits_the_right_of_defence_is_refused():
    doc = general_case()
    find(doc, "notify")["rights"] = ["statement"]
    (f,) = rule_findings(doc, "APL-44-NOTICE")
    assert "defence" in f.message_en


def test_served_notice_with_penalty_and_rights_is_enough():
    assert rule_findings(general_case(), "APL-44-NOTICE") == []


def test_decided_fine_heavier_than_noticed_needs_a_new_notice():
    doc = general_case()
    find(doc, "decide")["penalty"]["fine"] = 25000
    (f,) = rule_findings(doc, "APL-45-NOHEAVIER")
    assert "25,000" in f.message and "20,000" in f.message


def test_decided_fine_equal_to_the_noticed_one_is_not_heavier():
    assert rule_findings(general_case(), "APL-45-NOHEAVIER") == []


def test_unreviewed_statement_blocks_the_decision():
    doc = general_case()
    find(doc, "statement")["reviewed"] = False
    (f,) = rule_findings(doc, "APL-45-NOHEAVIER")
    assert "2024-03-27" in f.message


def _decided_on(day: str, doc=None) -> dict:
    doc = doc or hearing_case()
    find(doc, "decide")["date"] = day
    return doc


def test_decision_on_the_last_day_of_the_hearing_window_is_too_early():
    # Served Fri 11 Oct 2024; Sat 12 Oct is a worked day, so 5 working days end Thu 17 Oct.
    doc = drop(hearing_case(), "hearing_request", "hearing_notice", "hearing")
    (f,) = rule_findings(_decided_on("2024-10-17", doc), "APL-WAIT")
    assert "2024-10-17" in f.message and "2024-10-11" in f.message


def test_decision_the_day_after_the_hearing_window_is_allowed():
    doc = drop(hearing_case(), "hearing_request", "hearing_notice", "hearing")
    assert rule_findings(_decided_on("2024-10-18", doc), "APL-WAIT") == []


def test_decision_inside_the_three_day_statement_window_is_too_early():
    # Served Tue 26 Mar 2024: the statement window ends Fri 29 Mar.
    (f,) = rule_findings(_decided_on("2024-03-29", general_case()), "APL-WAIT")
    assert "2024-03-29" in f.message


def _proposed(amount: float, kind="organization", rights=("statement", "defence")) -> dict:
    doc = general_case(amount)
    doc["party"]["kind"] = kind
    find(doc, "notify")["rights"] = list(rights)
    return doc


def test_notice_of_a_30000_fine_to_a_company_must_offer_a_hearing():
    (f,) = rule_findings(_proposed(30000), "APL-63-HEARING-SCOPE")
    assert "30,000" in f.message


def test_notice_of_a_29999_fine_to_a_company_needs_no_hearing():
    assert rule_findings(_proposed(29999), "APL-63-HEARING-SCOPE") == []


def test_notice_of_a_10000_fine_to_an_individual_must_offer_a_hearing():
    assert rule_findings(_proposed(10000, "individual"), "APL-63-HEARING-SCOPE")


def test_province_with_a_higher_threshold_needs_no_hearing_at_30000():
    settings = {"APL-63-HEARING-SCOPE.threshold_organization": 50000}
    assert rule_findings(_proposed(30000), "APL-63-HEARING-SCOPE", settings=settings) == []


def test_notice_of_a_suspension_must_offer_a_hearing():
    doc = _proposed(0)
    find(doc, "notify")["proposed"] = {"kinds": ["suspension"], "fine": 0}
    assert rule_findings(doc, "APL-63-HEARING-SCOPE")


def test_hearing_request_on_the_fifth_working_day_is_in_time():
    doc = hearing_case()
    find(doc, "hearing_request")["date"] = "2024-10-17"
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def test_a_late_hearing_request_holds_the_decision_until_a_head_decides_on_it():
    """APL art. 64(1): the request is due within 5 working days of the notice; revision 2
    records a late one and lets the decision wait for a head's accept-or-refuse."""
    doc = hearing_case()
    find(doc, "hearing_request")["date"] = "2024-10-18"
    (f,) = rule_findings(doc, "APL-64-HEARING-PROC")
    assert "2024-10-17" in f.message and "逾期申请听证" in f.message_zh


def test_a_late_hearing_request_refused_with_reasons_lets_the_case_decide():
    doc = hearing_case()
    find(doc, "hearing_request")["date"] = "2024-10-18"
    refusal = {"step": "hearing_request_decision", "date": "2024-10-18", "accepted": False,
               "reasons": "逾期且无正当理由", "approved_by": "H001"}  # fmt: skip
    insert_before(doc, "hearing_notice", refusal)
    drop(doc, "hearing_notice", "hearing")
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def test_hearing_held_six_working_days_after_its_notice_is_refused():
    doc = hearing_case()
    find(doc, "hearing_notice")["hearing_date"] = "2024-10-23"
    find(doc, "hearing")["date"] = "2024-10-23"
    found = rule_findings(doc, "APL-64-HEARING-PROC")
    assert found and "2024-10-24" in found[0].message


def test_hearing_seven_working_days_after_its_notice_is_lawful():
    doc = hearing_case()
    find(doc, "hearing_notice")["hearing_date"] = "2024-10-24"
    find(doc, "hearing")["date"] = "2024-10-24"
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def test_investigating_officer_cannot_preside_over_the_hearing():
    doc = hearing_case()
    find(doc, "hearing")["presider"] = "A001"
    (f,) = rule_findings(doc, "APL-64-HEARING-PROC")
    assert "张伟(A001)" in f.message


def test_decision_after_a_requested_hearing_that_was_never_held_is_refused():
    doc = drop(hearing_case(), "hearing")
    found = rule_findings(doc, "APL-64-HEARING-PROC")
    assert any("2024-10-14" in f.message for f in found)


def test_hearing_request_without_a_notice_before_it_is_not_judged_here():
    doc = general_case()
    insert_before(doc, "notify", {"step": "hearing_request", "date": "2024-03-22"})
    assert rule_findings(doc, "APL-64-HEARING-PROC") == []


def test_hearing_held_with_no_hearing_notice_is_refused():
    doc = drop(hearing_case(), "hearing_notice")
    found = rule_findings(doc, "APL-64-HEARING-PROC")
    assert any("2024-10-25" in f.message and "notice" in f.message_en for f in found)
