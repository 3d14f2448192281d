"""APL-60-90DAY and the versioned numbers, as revision 2 counts them.

APL art. 60: 行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定; a last day
that is a rest day rolls to the next working day (民法典 art. 203); suspension and hearing
spans do not count; a head extends, beyond 180 days in all only the higher authority."""

import datetime as dt

from caseflow_plugins.legal_procedure.hearing import hearing_due
from caseflow_plugins.legal_procedure.periods import judge

from .builders import context, find, general_case, insert_before, rule_findings, summary_case

D = dt.date


def _filed(on: str, decided: str) -> dict:
    doc = general_case()
    find(doc, "register")["date"] = on
    find(doc, "decide")["date"] = decided
    return doc


def test_day_90_on_a_weekend_before_a_holiday_rolls_to_the_next_working_day():
    # Filed Sun 10 Mar 2024: day 90 is Sat 8 Jun; Mon 10 Jun is the Dragon Boat Festival.
    assert rule_findings(_filed("2024-03-10", "2024-06-11"), "APL-60-90DAY") == []


def test_deciding_after_the_rolled_day_is_a_defect():
    (f,) = rule_findings(_filed("2024-03-10", "2024-06-12"), "APL-60-90DAY")
    assert f.is_defect and "2024-06-11" in f.message


def _suspended(decided: str, *resume: str) -> dict:
    doc = _filed("2024-03-07", decided)
    stop = {"step": "suspend", "date": "2024-04-01", "reasons": "当事人失联", "approved_by": "H001"}
    insert_before(doc, "conclude", stop)
    for day in resume:
        go = {"step": "resume", "date": day, "reasons": "已联系", "approved_by": "H001"}
        insert_before(doc, "conclude", go)
    return doc


def test_suspended_days_do_not_count():
    # Filed 7 Mar; 1-10 Apr suspended (10 days): day 90 moves from 5 Jun to 15 Jun (Sat),
    # which rolls to Mon 17 Jun.
    assert rule_findings(_suspended("2024-06-17", "2024-04-11"), "APL-60-90DAY") == []


def test_without_the_suspension_the_same_decision_is_late():
    assert rule_findings(_filed("2024-03-07", "2024-06-17"), "APL-60-90DAY")


def test_the_hearing_span_does_not_count():
    doc = _filed("2024-03-07", "2024-06-10")
    insert_before(
        doc,
        "decide",
        {"step": "hearing_request", "date": "2024-05-01"},
        {"step": "hearing_report", "date": "2024-05-11", "presider": "L002", "conclusion": "维持"},
    )
    assert rule_findings(doc, "APL-60-90DAY") == []


def _extended(days: int, **keys) -> dict:
    doc = _filed("2024-03-07", "2024-06-06")
    ext = {"step": "extension", "date": "2024-05-30", "approved_by": "H001", "days": days, **keys}
    insert_before(doc, "decide", ext)
    return doc


def test_a_head_may_extend_to_180_days_in_all():
    assert rule_findings(_extended(90), "APL-60-90DAY") == []


def test_beyond_180_days_needs_the_higher_authority():
    found = rule_findings(_extended(91), "APL-60-90DAY")
    assert any(f.is_error and "superior" in f.message_en for f in found)


def test_beyond_180_days_with_the_higher_authority_is_lawful():
    assert rule_findings(_extended(91, superior=True), "APL-60-90DAY") == []


def test_the_old_办法_levels_are_a_unit_setting_not_the_default():
    doc = _filed("2024-03-07", "2024-04-10")  # day 34
    assert rule_findings(doc, "APL-60-90DAY") == []
    old = {"APL-60-90DAY.old_levels": True}
    (f,) = rule_findings(doc, "APL-60-90DAY", settings=old)
    assert f.is_defect


# -- versioned numbers follow the right date ----------------------------------------------


def test_a_procedural_period_takes_the_length_in_force_on_the_day_it_starts():
    rows = {"AQ-REVIEW.days": [["2000-01-01", 10], ["2026-02-01", 15]]}
    ctx = context(rows)
    # Started 30 Jan 2026 under the old 办法: 10 days, though it runs into order No. 18's time.
    assert judge("reinspection", D(2026, 1, 30), None, ctx).days == 10
    assert judge("reinspection", D(2026, 2, 2), None, ctx).days == 15


def test_the_hearing_threshold_in_force_on_the_notice_date_applies():
    rows = {"APL-63-HEARING-SCOPE.threshold_organization": [["2000-01-01", 30000],
                                                             ["2026-02-01", 50000]]}  # fmt: skip
    ctx = context(rows)
    penalty = {"kinds": ["fine"], "fine": 40000}
    assert hearing_due(ctx, "organization", penalty, D(2026, 1, 31))
    assert hearing_due(ctx, "organization", penalty, D(2026, 2, 1)) is None


def test_summary_caps_stay_art_51s_unless_a_unit_sets_lower_rows():
    assert rule_findings(summary_case(3000), "APL-51-SIMPLE") == []
    lower = {"APL-51-SIMPLE.max_organization": [["2000-01-01", 3000], ["2024-01-01", 1000]]}
    (f,) = rule_findings(summary_case(3000), "APL-51-SIMPLE", settings=lower)
    assert "1,000" in f.message


def test_versioned_settings_are_declared_as_tables_with_order_18_to_confirm():
    import caseflow_plugins.legal_procedure as plugin
    from caseflow.settings import Dated

    declared = plugin.caseflow_rule_settings()
    for key in (
        "APL-63-HEARING-SCOPE.threshold_organization",
        "APL-51-SIMPLE.max_organization",
        "APL-60-90DAY.days",
        "APL-60-90DAY.head_total",
        "AQ-REVIEW.days",
        "APL-51-SIMPLE.report_working_days",
    ):
        assert isinstance(declared[key].type, Dated), key
    assert declared["AQ-REVIEW.days"].to_confirm


def test_a_late_hearing_request_refused_restarts_the_clock():
    doc = _filed("2024-03-07", "2024-06-20")
    insert_before(
        doc,
        "decide",
        {"step": "hearing_request", "date": "2024-05-01"},
        {"step": "hearing_request_decision", "date": "2024-05-06", "accepted": False,
         "reasons": "逾期", "approved_by": "H001"},
    )  # fmt: skip
    # Five days paused (1-5 May): day 90 moves from 5 Jun to 10 Jun, rolled to 11 Jun.
    (f,) = rule_findings(doc, "APL-60-90DAY")
    assert "2024-06-11" in f.message
