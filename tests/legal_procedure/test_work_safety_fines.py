"""Revision 2's work-safety fines: the daily continuous fine (AQ-112-AMOUNT) and accident
penalties (AQ-ACCIDENT-BATCH)."""

from caseflow_plugins.work_safety_law import load_catalogue

from .builders import act, decide, find, findings, fine, general_case

CATALOGUE = {e["code"]: e for e in load_catalogue()}


def rule_findings(doc, rule):
    return findings(doc, rule, violations=CATALOGUE)


def daily_case(daily_amount=20000, daily_from="2024-03-20", party_kind="organization"):
    """The clean case, then a re-inspection finding the order refused and a daily fine."""
    doc = general_case()
    doc["steps"] += [
        act("reinspect", "2024-04-10", result="not_corrected", opinion_signed=True),
        decide(
            "2024-04-20",
            penalty={**fine(daily_amount), "daily": True},
            daily_from=daily_from,
        ),
    ]
    if party_kind == "individual":
        doc["party"] = {"kind": "individual", "name": "黄某", "id_code": "11010519491231002X"}
    return doc


def test_a_daily_fine_equal_to_the_original_from_the_day_after_the_deadline_passes():
    assert rule_findings(daily_case(), "AQ-112-AMOUNT") == []


def test_a_daily_fine_above_the_original_fine_is_an_error():
    (f,) = rule_findings(daily_case(daily_amount=30000), "AQ-112-AMOUNT")
    assert "20,000" in f.message and "30,000" in f.message


def test_a_daily_fine_starting_before_the_correction_deadline_ran_out_is_an_error():
    (f,) = rule_findings(daily_case(daily_from="2024-03-19"), "AQ-112-AMOUNT")
    assert "2024-03-20" in f.message


def test_a_daily_fine_without_its_start_day_is_an_error():
    doc = daily_case()
    del doc["steps"][-1]["daily_from"]
    (f,) = rule_findings(doc, "AQ-112-AMOUNT")
    assert "起算" in f.message_zh


def test_a_daily_fine_never_falls_on_an_individual():
    found = rule_findings(daily_case(party_kind="individual"), "AQ-112-AMOUNT")
    assert any("individual" in f.message_en for f in found)


def accident_case(amount, grade="general", approved="2024-02-20"):
    doc = general_case(amount)
    doc["violations"][0].update(
        code="AQL-114", accident={"grade": grade, "report_approved_on": approved}
    )
    find(doc, "notify")["proposed"] = fine(amount)
    return doc


def test_an_accident_fine_within_the_grade_band_after_the_approval_passes():
    assert rule_findings(accident_case(500000), "AQ-ACCIDENT-BATCH") == []


def test_an_accident_fine_below_the_band_of_a_larger_accident_is_an_error():
    (f,) = rule_findings(accident_case(500000, grade="larger"), "AQ-ACCIDENT-BATCH")
    assert "1,000,000" in f.message


def test_an_accident_case_filed_before_the_report_was_approved_is_an_error():
    found = rule_findings(accident_case(500000, approved="2024-03-10"), "AQ-ACCIDENT-BATCH")
    # Filed on 2024-03-07, before the approval of 2024-03-10; decided after it.
    assert [f.step for f in found] == [2]


def test_an_accident_penalty_without_any_report_approval_is_an_error():
    found = rule_findings(accident_case(500000, approved=None), "AQ-ACCIDENT-BATCH")
    assert {f.step for f in found} == {2, 11}


def test_an_accident_code_without_the_accident_recorded_is_an_error():
    doc = accident_case(500000)
    del doc["violations"][0]["accident"]
    found = rule_findings(doc, "AQ-ACCIDENT-BATCH")
    assert found and "grade" in found[0].message_en
