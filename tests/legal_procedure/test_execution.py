"""F. Service, summary procedure, payment, enforcement, publication, closing."""

from caseflow.engine.findings import Severity
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

from .builders import (
    cut_after,
    drop,
    errors,
    find,
    general_case,
    insert_before,
    rule_findings,
    summary_case,
)


def _served(on: str, **keys) -> dict:
    doc = general_case()
    find(doc, "serve").update(date=on, **keys)
    return doc


def test_service_on_the_seventh_working_day_after_qingming_is_in_time():
    # Decided Mon 1 Apr 2024; 4-6 Apr are Qingming holidays and Sun 7 Apr is worked.
    assert rule_findings(_served("2024-04-11"), "APL-61-SERVICE") == []


def test_service_on_the_eighth_working_day_is_late():
    (f,) = rule_findings(_served("2024-04-12"), "APL-61-SERVICE")
    assert "2024-04-11" in f.message and "2024-04-01" in f.message


def test_service_without_a_signed_receipt_is_refused():
    (f,) = rule_findings(_served("2024-04-03", receipt_signed=False), "APL-61-SERVICE")
    assert "receipt" in f.message_en


def test_service_left_at_the_premises_needs_a_witness():
    doc = _served("2024-04-03", method="left_with_witness", receipt_signed=False)
    assert rule_findings(doc, "APL-61-SERVICE")
    find(doc, "serve")["witness"] = True
    assert rule_findings(doc, "APL-61-SERVICE") == []


def test_decision_still_within_its_service_window_is_no_finding():
    doc = cut_after(general_case(), "decide")
    assert rule_findings(doc, "APL-61-SERVICE", as_of="2024-04-11") == []


def test_decision_not_served_within_seven_working_days_is_reported_as_of_today():
    doc = cut_after(general_case(), "decide")
    (f,) = rule_findings(doc, "APL-61-SERVICE", as_of="2024-04-12")
    assert f.step == 11 and "2024-04-11" in f.message


def test_service_window_in_2027_falls_back_to_weekends_and_says_so():
    doc = general_case()
    find(doc, "decide")["date"] = "2027-02-01"
    find(doc, "serve")["date"] = "2027-02-11"  # weekends only: 7 working days end 10 Feb
    (f,) = rule_findings(doc, "APL-61-SERVICE")
    assert "2027-02-10" in f.message and "2027" in f.message_en and "not loaded" in f.message_en


def _summary(amount: float, kind="organization") -> dict:
    doc = summary_case(amount)
    doc["party"]["kind"] = kind
    return doc


def test_on_the_spot_fine_of_3000_on_a_company_is_allowed():
    assert rule_findings(_summary(3000), "APL-51-SIMPLE") == []


def test_on_the_spot_fine_of_3001_on_a_company_needs_the_general_procedure():
    (f,) = rule_findings(_summary(3001), "APL-51-SIMPLE")
    assert "3,000" in f.message and "3,001" in f.message


def test_on_the_spot_fine_of_201_on_a_citizen_needs_the_general_procedure():
    assert rule_findings(_summary(201, "individual"), "APL-51-SIMPLE")
    assert rule_findings(_summary(200, "individual"), "APL-51-SIMPLE") == []


def test_on_the_spot_decision_reported_after_five_working_days_is_late():
    doc = _summary(2000)
    find(doc, "report")["date"] = "2024-03-13"  # decided Tue 5 Mar: due Tue 12 Mar
    (f,) = rule_findings(doc, "APL-51-SIMPLE")
    assert "2024-03-12" in f.message
    find(doc, "report")["date"] = "2024-03-12"
    assert rule_findings(doc, "APL-51-SIMPLE") == []


def test_on_the_spot_decision_never_reported_is_found_once_the_window_ran_out():
    doc = drop(_summary(2000), "report", "pay", "close")
    assert rule_findings(doc, "APL-51-SIMPLE", as_of="2024-03-12") == []
    assert rule_findings(doc, "APL-51-SIMPLE", as_of="2024-03-13")


def test_payment_taken_before_the_decision_was_served_is_refused():
    (f,) = rule_findings(drop(general_case(), "serve"), "APL-67-PAY15")
    assert "served" in f.message_en


def test_unpaid_fine_is_reported_only_after_the_15_days_with_no_demand():
    # Served 3 Apr 2024: payable through 18 Apr.
    doc = cut_after(general_case(), "serve")
    assert rule_findings(doc, "APL-67-PAY15", as_of="2024-04-18") == []
    (f,) = rule_findings(doc, "APL-67-PAY15", as_of="2024-04-19")
    assert "2024-04-18" in f.message and "20,000" in f.message
    doc["steps"].append({"step": "demand", "date": "2024-04-19"})
    assert rule_findings(doc, "APL-67-PAY15", as_of="2024-04-25") == []


def _paid(on: str, amount: float) -> dict:
    doc = general_case()
    find(doc, "pay").update(date=on, amount=amount)
    return doc


def test_surcharge_of_3_percent_a_day_for_two_days_late_is_lawful():
    assert rule_findings(_paid("2024-04-20", 21200), "APL-72-SURCHARGE") == []


def test_collecting_more_than_the_lawful_surcharge_is_refused():
    (f,) = rule_findings(_paid("2024-04-20", 21201), "APL-72-SURCHARGE")
    assert "1,200" in f.message and "21,201" in f.message


def test_surcharge_is_capped_at_the_fine():
    assert rule_findings(_paid("2024-12-31", 40000), "APL-72-SURCHARGE") == []
    assert rule_findings(_paid("2024-12-31", 40001), "APL-72-SURCHARGE")


def _enforced(demand: str | None, applied: str) -> dict:
    doc = cut_after(general_case(), "publish")
    if demand:
        doc["steps"].append({"step": "demand", "date": demand})
    doc["steps"].append({"step": "enforce_application", "date": applied})
    return doc


def test_court_enforcement_without_a_written_demand_is_refused():
    (f,) = rule_findings(_enforced(None, "2024-10-22"), "APL-ENFORCE")
    assert "demand" in f.message_en


def test_application_on_the_tenth_working_day_after_the_demand_is_too_early():
    # Demand Tue 8 Oct 2024; Sat 12 Oct is worked: 10 working days end Mon 21 Oct.
    (f,) = rule_findings(_enforced("2024-10-08", "2024-10-21"), "APL-ENFORCE")
    assert "2024-10-21" in f.message


def test_application_after_the_demand_period_and_the_lawsuit_period_is_lawful():
    assert rule_findings(_enforced("2024-10-08", "2024-10-22"), "APL-ENFORCE") == []


def test_application_while_the_party_may_still_sue_is_too_early():
    (f,) = rule_findings(_enforced("2024-05-06", "2024-06-03"), "APL-ENFORCE")
    assert "2024-10-03" in f.message


def test_application_more_than_three_months_after_the_remedy_periods_is_late():
    (f,) = rule_findings(_enforced("2024-10-08", "2025-01-06"), "APL-ENFORCE")
    assert "2025-01-03" in f.message


def _published(on: str) -> dict:
    doc = general_case()
    find(doc, "publish")["date"] = on
    return doc


def test_publication_on_the_seventh_working_day_is_in_time():
    assert rule_findings(_published("2024-04-11"), "AQ-78-PUBLISH") == []


def test_publication_on_the_eighth_working_day_is_late():
    (f,) = rule_findings(_published("2024-04-12"), "AQ-78-PUBLISH")
    assert "2024-04-11" in f.message


def test_decision_never_published_is_reported_once_its_window_ran_out():
    doc = cut_after(general_case(), "serve")
    assert rule_findings(doc, "AQ-78-PUBLISH", as_of="2024-04-11") == []
    assert rule_findings(doc, "AQ-78-PUBLISH", as_of="2024-04-12")


def test_closing_an_unpaid_case_is_refused():
    (f,) = rule_findings(drop(general_case(), "pay"), "CLS-ARCHIVE")
    assert "20,000" in f.message


def test_closing_without_a_head_approval_is_refused():
    doc = general_case()
    find(doc, "close")["approved_by"] = "A001"
    assert rule_findings(doc, "CLS-ARCHIVE")


def test_closing_without_the_legal_review_document_is_refused():
    (f,) = rule_findings(drop(general_case(), "legal_review"), "CLS-ARCHIVE")
    assert "legal_review" in f.message


def test_closed_case_cannot_take_another_step():
    doc = general_case()
    doc["steps"].append({"step": "publish", "date": "2024-04-23"})
    (f,) = rule_findings(doc, "CLS-ARCHIVE")
    assert f.step == 16 and "2024-04-22" in f.message


def test_paid_case_with_every_document_closes_cleanly():
    assert rule_findings(general_case(), "CLS-ARCHIVE") == []
    assert rule_findings(summary_case(), "CLS-ARCHIVE") == []


def _before_the_court(*after: dict) -> dict:
    doc = drop(general_case(), "pay")
    insert_before(doc, "close", {"step": "demand", "date": "2024-10-08"},
                  {"step": "enforce_application", "date": "2024-10-22"}, *after)  # fmt: skip
    find(doc, "close")["date"] = "2024-10-30"
    return doc


def test_an_unpaid_case_cannot_close_on_the_application_to_court_alone():
    """CLS-ARCHIVE (revision 2): closing on a court application needs the ruling."""
    (f,) = rule_findings(_before_the_court(), "CLS-ARCHIVE")
    assert "ruled" in f.message_en


def test_a_court_refusing_enforcement_lets_the_unpaid_case_close_with_its_reasons():
    refused = {"step": "court_ruling", "date": "2024-10-25", "granted": False,
               "reasons": "申请超过法定期限"}  # fmt: skip
    doc = _before_the_court(refused)
    assert rule_findings(doc, "CLS-ARCHIVE") == []
    assert rule_findings(doc, "APL-ENFORCE") == []


def test_a_court_refusal_without_its_reasons_is_refused():
    """行政强制法 art. 58: 裁定不予执行的，应当说明理由."""
    refused = {"step": "court_ruling", "date": "2024-10-25", "granted": False}
    (f,) = rule_findings(_before_the_court(refused), "APL-ENFORCE")
    assert "reasons" in f.message_en


def test_a_granted_ruling_needs_the_enforcement_result_before_closing():
    granted = {"step": "court_ruling", "date": "2024-10-25", "granted": True}
    (f,) = rule_findings(_before_the_court(granted), "CLS-ARCHIVE")
    assert "completed or terminated" in f.message_en
    done = {"step": "enforcement_result", "date": "2024-10-25", "result": "terminated"}
    assert rule_findings(_before_the_court(granted, done), "CLS-ARCHIVE") == []


def test_an_enforcement_result_without_a_granted_ruling_is_refused():
    """行政强制法 arts. 57, 58: only what the court ruled enforceable is executed."""
    refused = {"step": "court_ruling", "date": "2024-10-25", "granted": False, "reasons": "x"}
    done = {"step": "enforcement_result", "date": "2024-10-25", "result": "completed"}
    (f,) = rule_findings(_before_the_court(refused, done), "APL-ENFORCE")
    assert "granting" in f.message_en


def test_a_closed_case_takes_an_annotation_but_no_other_step():
    """CLS-ARCHIVE (revision 2): a closed file takes only review or lawsuit results, the
    withdrawn publication and the enforcement result."""
    doc = general_case()
    doc["steps"] += [
        {"step": "review_result", "date": "2024-05-06", "result": "upheld"},
        {"step": "withdraw_publication", "date": "2024-05-07"},
    ]
    assert rule_findings(doc, "CLS-ARCHIVE") == []
    doc["steps"].append({"step": "pay", "date": "2024-05-08", "amount": 1})
    (f,) = rule_findings(doc, "CLS-ARCHIVE")
    assert "pay" in f.message


def _paid_in(*payments: tuple[str, float]) -> dict:
    doc = drop(general_case(), "pay")
    insert_before(doc, "close", *({"step": "pay", "date": d, "amount": a} for d, a in payments))
    return doc


def test_a_fine_paid_in_two_parts_in_time_needs_no_instalment_approval():
    """Revision 2: several payments reaching the fine by the due date are paid."""
    doc = _paid_in(("2024-04-10", 12000), ("2024-04-18", 8000))
    assert errors(doc) == []
    assert rule_findings(doc, "APL-72-SURCHARGE") == []


def test_a_fine_paid_in_part_cannot_close_the_case():
    (f,) = rule_findings(_paid_in(("2024-04-10", 12000)), "CLS-ARCHIVE")
    assert "12,000" in f.message


def test_a_late_payment_accepted_without_the_surcharge_is_a_warning():
    """APL art. 72: 到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款 (the unit may)."""
    (f,) = rule_findings(_paid_in(("2024-04-10", 12000), ("2024-04-20", 8000)), "APL-72-SURCHARGE")
    assert f.severity == "warning" and "1,200" in f.message
    assert (
        rule_findings(_paid_in(("2024-04-10", 12000), ("2024-04-20", 9200)), "APL-72-SURCHARGE")
        == []
    )


def test_the_surcharge_does_not_run_while_a_reconsideration_is_pending():
    """APL art. 73(3): 加处罚款的数额在行政复议或者行政诉讼期间不予计算."""
    doc = _paid_in(("2024-04-25", 20000 + 600 * 3))  # due 18 Apr: 7 days late, 4 under review
    insert_before(doc, "pay", {"step": "review_filed", "date": "2024-04-19", "kind": "reconsideration"},
                  {"step": "review_result", "date": "2024-04-23", "result": "upheld"})  # fmt: skip
    assert rule_findings(doc, "APL-72-SURCHARGE") == []
    find(doc, "pay")["amount"] = 20000 + 600 * 3 + 1
    (f,) = rule_findings(doc, "APL-72-SURCHARGE")
    assert "3 day(s)" in f.message_en


def test_no_payment_demand_sent_yet_is_a_reminder_warning():
    """APL art. 67 with revision 2: the missing demand is a reminder, not an error."""
    doc = cut_after(general_case(), "serve")
    (f,) = rule_findings(doc, "APL-67-PAY15", as_of="2024-04-19")
    assert f.severity == "warning"


def _deferred(approved_by="H001", request=True, due=None) -> dict:
    doc = drop(general_case(), "pay")
    plan = due or [{"date": "2024-05-15", "amount": 10000}, {"date": "2024-06-15", "amount": 10000}]
    steps = [{"step": "deferral_request", "date": "2024-04-10"}] if request else []
    steps += [
        {"step": "deferral_decision", "date": "2024-04-12", "approved": True,
         "kind": "instalments", "due": plan, "approved_by": approved_by},
        {"step": "pay", "date": "2024-05-15", "amount": 10000},
        {"step": "pay", "date": "2024-06-14", "amount": 10000},
    ]  # fmt: skip
    insert_before(doc, "close", *steps)
    find(doc, "close")["date"] = "2024-06-20"
    return doc


def test_instalments_approved_by_a_head_move_the_due_dates():
    """APL art. 66: 经当事人申请和行政机关批准，可以暂缓或者分期缴纳."""
    doc = _deferred()
    assert errors(doc) == []
    assert rule_findings(doc, "APL-72-SURCHARGE") == []
    assert (
        rule_findings(cut_after(doc, "deferral_decision"), "APL-67-PAY15", as_of="2024-05-15") == []
    )
    (f,) = rule_findings(cut_after(doc, "deferral_decision"), "APL-67-PAY15", as_of="2024-05-16")
    assert "2024-05-15" in f.message


def test_instalments_need_the_partys_request_a_heads_approval_and_the_whole_fine():
    assert rule_findings(_deferred(request=False), "APL-67-PAY15")
    assert rule_findings(_deferred(approved_by="A001"), "APL-67-PAY15")
    short = [{"date": "2024-05-15", "amount": 10000}]
    (f,) = rule_findings(_deferred(due=short), "APL-67-PAY15")
    assert "10,000" in f.message


def test_collecting_on_the_spot_needs_the_official_receipt():
    """APL art. 70: 必须向当事人出具 … 统一制发的专用票据."""
    doc = summary_case(100)
    find(doc, "pay").update(on_the_spot=True)
    (f,) = rule_findings(doc, "APL-67-PAY15")
    assert "receipt" in f.message_en
    find(doc, "pay")["receipt_number"] = "No.0012345"
    assert rule_findings(doc, "APL-67-PAY15") == []


def test_collecting_more_than_100_yuan_on_the_spot_asks_for_the_ground():
    """APL art. 68: 一百元以下 … 或者不当场收缴事后难以执行的; art. 69 remote areas."""
    doc = summary_case(200)
    find(doc, "pay").update(on_the_spot=True, receipt_number="No.0012345")
    (f,) = rule_findings(doc, "APL-67-PAY15")
    assert f.severity == "warning" and "200" in f.message


def test_a_revoked_decision_refuses_payment_and_lets_the_case_close():
    """行政复议法 art. 64: a revoked decision is no longer in force."""
    doc = drop(general_case(), "pay")
    insert_before(doc, "close", {"step": "review_filed", "date": "2024-04-10", "kind": "lawsuit"},
                  {"step": "review_result", "date": "2024-04-20", "result": "revoked"})  # fmt: skip
    assert rule_findings(doc, "CLS-ARCHIVE") == []
    insert_before(doc, "close", {"step": "pay", "date": "2024-04-21", "amount": 20000})
    (f,) = rule_findings(doc, "APL-67-PAY15")
    assert "in force" in f.message_en


def test_summary_case_file_with_credentials_shown_at_the_on_site_inspection_reviews_clean():
    # A case file's decide step is read by the same step kind as the live form (issue 8:
    # it used to drop credentials_shown), so what it records is what is judged; a file
    # that leaves it out is judged by the same visit's inspection.
    import copy

    from caseflow.casefile.reader import read_case_file
    from caseflow.engine.checks import review

    from .builders import context, manager

    doc = _summary(2000)
    record = read_case_file(copy.deepcopy(doc), STEP_KINDS).record
    assert record.steps[1].data["credentials_shown"] is True
    assert [f for f in review(manager(), record, context()) if f.rule == "APL-51-SIMPLE"] == []

    find(doc, "decide").pop("credentials_shown")
    record = read_case_file(copy.deepcopy(doc), STEP_KINDS).record
    assert [f for f in review(manager(), record, context()) if f.rule == "APL-51-SIMPLE"] == []

    find(doc, "inspect")["credentials_shown"] = False
    record = read_case_file(doc, STEP_KINDS).record
    found = [f for f in review(manager(), record, context()) if f.rule == "APL-51-SIMPLE"]
    assert any("credentials" in f.message_en for f in found)


def test_on_the_spot_decision_recording_credentials_not_shown_is_refused():
    doc = _summary(2000)
    find(doc, "decide")["credentials_shown"] = False
    (f,) = rule_findings(doc, "APL-51-SIMPLE")
    assert "credentials" in f.message_en


def _revoked(withdrawn: str | None) -> dict:
    doc = drop(general_case(), "pay")
    insert_before(doc, "close", {"step": "review_filed", "date": "2024-04-10", "kind": "lawsuit"},
                  {"step": "review_result", "date": "2024-05-06", "result": "revoked"})  # fmt: skip
    if withdrawn:
        insert_before(doc, "close", {"step": "withdraw_publication", "date": withdrawn})
    find(doc, "close")["date"] = "2024-05-20"
    return doc


def test_the_publication_of_a_revoked_decision_withdrawn_within_3_working_days_is_in_time():
    """APL art. 48(2): 被依法变更、撤销、确认违法或者确认无效的，…应当在三日内撤回."""
    assert rule_findings(_revoked("2024-05-09"), "AQ-78-PUBLISH") == []


def test_the_publication_withdrawn_on_the_fourth_working_day_is_late():
    (f,) = rule_findings(_revoked("2024-05-10"), "AQ-78-PUBLISH")
    assert f.severity == "defect" and "2024-05-09" in f.message


def test_a_revoked_decision_still_published_is_reported_once_the_3_days_ran_out():
    doc = cut_after(_revoked(None), "review_result")
    assert rule_findings(doc, "AQ-78-PUBLISH", as_of="2024-05-09") == []
    (f,) = rule_findings(doc, "AQ-78-PUBLISH", as_of="2024-05-10")
    assert "2024-05-09" in f.message


def test_withdrawing_a_publication_nothing_undid_is_refused():
    doc = general_case()
    insert_before(doc, "close", {"step": "withdraw_publication", "date": "2024-04-20"})
    (f,) = rule_findings(doc, "AQ-78-PUBLISH")
    assert "revoked" in f.message_en


def test_a_summary_decision_not_handed_over_on_the_spot_is_served_later_with_a_defect():
    """行政处罚法 第五十二条: 当场作出的行政处罚决定书应当当场交付当事人; 第六十一条 still
    lets it be served (直接送达), so the lapse is a defect of the file, never a dead end."""
    doc = _summary(2000)
    find(doc, "serve").update(date="2024-03-06", method="direct")
    find(doc, "report")["date"] = "2024-03-07"
    (f,) = rule_findings(doc, "APL-61-SERVICE")
    assert f.severity is Severity.DEFECT and "当场交付" in f.message


def test_a_summary_decision_handed_over_on_the_spot_that_day_has_no_finding():
    assert rule_findings(_summary(2000), "APL-61-SERVICE") == []


def test_handing_over_on_the_spot_a_day_later_stays_an_error():
    doc = _summary(2000)
    find(doc, "serve")["date"] = "2024-03-06"
    (f,) = rule_findings(doc, "APL-61-SERVICE")
    assert f.is_error and "decision day" in f.message_en
