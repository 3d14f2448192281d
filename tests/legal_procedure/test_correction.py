"""C. Correction orders and re-inspection."""

from .builders import cut_after, find, general_case, rule_findings


def test_penalty_decision_that_does_not_order_correction_is_refused():
    doc = general_case()
    find(doc, "decide")["orders_correction"] = False
    (f,) = rule_findings(doc, "AQ-65-RECTIFY")
    assert "2024-04-01" in f.message


def test_major_hazard_order_without_suspension_or_criterion_is_refused():
    doc = general_case()
    find(doc, "order_correction")["major_hazard"] = True
    found = rule_findings(doc, "AQ-65-RECTIFY")
    assert len(found) == 2


def test_major_hazard_order_citing_its_criterion_and_suspending_work_is_lawful():
    doc = general_case()
    find(doc, "order_correction").update(
        major_hazard=True, criterion="令10第八条第七项", suspension_ordered=True
    )
    assert rule_findings(doc, "AQ-65-RECTIFY") == []


def _reinspected(on: str | None, deadline="2024-09-27") -> dict:
    doc = general_case()
    find(doc, "order_correction")["deadline"] = deadline
    if on is None:
        return cut_after(doc, "order_correction")
    find(doc, "reinspect")["date"] = on
    return doc


def test_re_inspection_on_the_tenth_calendar_day_rolled_past_national_day_is_in_time():
    # From Fri 27 Sep 2024: the 10th day is Mon 7 Oct (National Day), rolled to Tue 8 Oct.
    assert rule_findings(_reinspected("2024-10-08"), "AQ-REVIEW") == []


def test_re_inspection_after_the_rolled_tenth_day_is_late():
    (f,) = rule_findings(_reinspected("2024-10-09"), "AQ-REVIEW")
    assert "2024-10-08" in f.message and "2024-09-27" in f.message and f.is_defect


def test_re_inspection_without_a_signed_opinion_is_refused():
    doc = general_case()
    find(doc, "reinspect")["opinion_signed"] = False
    (f,) = rule_findings(doc, "AQ-REVIEW")
    assert "opinion" in f.message_en


def test_re_inspection_still_due_is_no_finding_yet():
    assert rule_findings(_reinspected(None), "AQ-REVIEW", as_of="2024-10-08") == []


def test_re_inspection_never_done_after_its_window_is_reported():
    (f,) = rule_findings(_reinspected(None), "AQ-REVIEW", as_of="2024-10-09")
    assert f.step == 1 and "2024-10-08" in f.message


def test_early_request_by_the_unit_starts_the_re_inspection_clock():
    # Asked Fri 20 Sep: ten calendar days end Mon 30 Sep, before the deadline's clock would.
    doc = _reinspected("2024-10-08")
    doc["steps"].insert(2, {"step": "request_review", "date": "2024-09-20"})
    (f,) = rule_findings(doc, "AQ-REVIEW")
    assert "2024-09-20" in f.message and "2024-09-30" in f.message


def test_a_unit_counting_re_inspection_in_working_days_gets_its_setting():
    # From Fri 27 Sep 2024 ten working days (29 Sep and 12 Oct worked) end 16 Oct.
    doc = _reinspected("2024-10-16")
    assert rule_findings(doc, "AQ-REVIEW", settings={"AQ-REVIEW.working_days": True}) == []


def _daily(related: bool, refused: bool) -> dict:
    doc = general_case()
    find(doc, "decide")["penalty"] = {"kinds": ["fine"], "fine": 20000, "daily": True}
    if refused:
        find(doc, "reinspect")["result"] = "not_corrected"
    if related:
        doc["related"] = [
            {
                "case_number": "深龙应急罚〔2024〕3号",
                "violation_codes": ["AQL-97-3"],
                "act_start": "2022-01-01",
                "act_end": "2022-02-01",
                "state": "closed",
                "penalised": True,
                "decided_on": "2024-02-01",
            }
        ]
    return doc


def test_daily_fine_without_an_earlier_fine_or_refusal_is_refused():
    (f,) = rule_findings(_daily(related=False, refused=False), "AQ-112-DAILY")
    assert "a fine" in f.message_en and "refusal" in f.message_en


def test_daily_fine_after_order_fine_and_refusal_to_correct_is_lawful():
    assert rule_findings(_daily(related=True, refused=True), "AQ-112-DAILY") == []


def _history(*decided_on: str) -> dict:
    doc = general_case()
    find(doc, "order_correction").update(
        major_hazard=True, criterion="令10第八条", suspension_ordered=True
    )
    doc["related"] = [
        {
            "case_number": f"深龙应急罚〔2024〕{i}号",
            "violation_codes": ["AQL-99-2"],
            "act_start": None,
            "act_end": None,
            "state": "closed",
            "penalised": True,
            "decided_on": day,
            "major_hazard": True,
        }
        for i, day in enumerate(decided_on, start=1)
    ]
    return doc


def test_third_penalty_within_180_days_for_a_major_hazard_alerts_closure():
    (f,) = rule_findings(_history("2023-11-01", "2024-02-01"), "AQ-113-CLOSE")
    assert not f.is_error and "第3次" in f.message


def test_fourth_penalty_within_a_year_alerts_closure():
    (f,) = rule_findings(_history("2023-05-01", "2023-07-01", "2024-02-01"), "AQ-113-CLOSE")
    assert "365" in f.message


def test_third_penalty_just_outside_180_days_is_no_alert():
    # 180 days before 1 Apr 2024 is 3 Oct 2023.
    assert rule_findings(_history("2023-10-03", "2024-02-01"), "AQ-113-CLOSE") == []


def test_third_penalty_on_the_180th_day_after_the_first_alerts_closure():
    # 1 Apr 2024 is the 180th day after 4 Oct 2023: all three penalties lie within 180 days.
    (f,) = rule_findings(_history("2023-10-04", "2024-02-01"), "AQ-113-CLOSE")
    assert "第3次" in f.message and "2023-10-04" in f.message
