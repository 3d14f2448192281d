"""The hazard loop's rules read from a case file (案卷评查): each raised, each near miss
silent. The live stories are in test_hazard_loop and test_compulsion."""

from __future__ import annotations

from caseflow.engine.escalation import carried_violations

from .builders import act, general_case, rule_findings

MAJOR = {
    "step": "order_correction",
    "date": "2024-03-05",
    "deadline": "2024-03-19",
    "major_hazard": True,
    "criterion": "令10第八条第七项",
}
PLAN = {
    "step": "hazard_plan",
    "date": "2024-03-07",
    "responsible": "王厂长",
    "measures": "更换防爆电气设备",
    "funds": 80000,
    "deadline": "2024-03-18",
}


def hazard_file(*steps: dict) -> dict:
    doc = general_case()
    doc["steps"] = [act("inspect", "2024-03-05", place="仓库", signed_by_party=True), *steps]
    return doc


def corrected(day="2024-03-20") -> dict:
    return act("reinspect", day, result="corrected", opinion_signed=True)


def test_a_major_hazard_found_safe_during_rectification_closes_with_its_plan_alone():
    """AQ-65-PLAN (安全生产法 art. 65(1)(3): 无法保证安全的 — only then withdrawal and
    suspension): the near miss, safety assured and recorded."""
    doc = hazard_file({**MAJOR, "safety_assured": True}, PLAN, corrected())
    assert rule_findings(doc, "AQ-65-PLAN") == []
    assert rule_findings(doc, "AQ-65-RESUME") == []


def test_a_major_hazard_neither_suspended_nor_found_safe_is_not_closed():
    doc = hazard_file(MAJOR, PLAN, corrected())
    (f,) = rule_findings(doc, "AQ-65-PLAN")
    assert "安全有保障" in f.message


def test_on_site_measures_withdrawing_people_and_stopping_equipment_are_the_measures():
    measures = {"step": "on_site_measures", "date": "2024-03-05", "approved_by": "H001",
                "measures": ["withdraw_people", "stop_equipment"]}  # fmt: skip
    review = act("resume_review", "2024-03-19", approved=True, approved_by="H001")
    doc = hazard_file(MAJOR, measures, PLAN, review, corrected())
    assert rule_findings(doc, "AQ-65-PLAN") == []
    doc = hazard_file(
        MAJOR, {**measures, "measures": ["stop_equipment"]}, PLAN, review, corrected()
    )
    assert [f.rule for f in rule_findings(doc, "AQ-65-PLAN")] == ["AQ-65-PLAN"]


def test_a_plan_missing_its_funds_is_no_plan():
    doc = hazard_file({**MAJOR, "safety_assured": True}, {**PLAN, "funds": 0}, corrected())
    (f,) = rule_findings(doc, "AQ-65-PLAN")
    assert "治理方案" in f.message


def test_a_hazard_that_is_not_major_needs_no_plan():
    doc = hazard_file(
        {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19"}, corrected()
    )
    assert rule_findings(doc, "AQ-65-PLAN") == []


def test_the_review_before_resuming_must_follow_the_suspension():
    """AQ-65-RESUME: a review dated before the operation was stopped reviews nothing."""
    measures = {"step": "on_site_measures", "date": "2024-03-06", "approved_by": "H001",
                "measures": ["withdraw_people", "suspend_operation"]}  # fmt: skip
    early = act("resume_review", "2024-03-05", approved=True, approved_by="H001")
    later = act("resume_review", "2024-03-19", approved=True, approved_by="H001")
    found = rule_findings(hazard_file(MAJOR, early, measures, PLAN, corrected()), "AQ-65-RESUME")
    # The early review reviewed nothing, and the hazard cannot close without a later one.
    assert sorted("不能结案" in f.message for f in found) == [False, True]
    assert rule_findings(hazard_file(MAJOR, measures, PLAN, later, corrected()), "AQ-65-RESUME") == []  # fmt: skip


def test_an_extension_approved_by_an_officer_is_refused():
    """AQ-65-EXTEND: only a head moves the order's date."""
    ask = {"step": "deadline_extension_request", "date": "2024-03-15"}
    decide = {"step": "deadline_extension_decision", "date": "2024-03-16", "approved": True,
              "deadline": "2024-04-10", "approved_by": "A001"}  # fmt: skip
    order = {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19"}
    (f,) = rule_findings(hazard_file(order, ask, decide), "AQ-65-EXTEND")
    assert "负责人" in f.message
    assert rule_findings(hazard_file(order, ask, {**decide, "approved_by": "H001"}), "AQ-65-EXTEND") == []  # fmt: skip


def test_a_seizure_whose_period_ran_out_undisposed_is_found_in_review():
    """ACL-SEIZE (行政强制法 art. 27): the whole-file check as of a date."""
    seize = act("seize", "2024-03-06", approved_by="H001", days=10, place="仓库",
                items=[{"name": "叉车", "quantity": "1台"}])  # fmt: skip
    doc = hazard_file({"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19"}, seize)  # fmt: skip
    (f,) = rule_findings(doc, "ACL-SEIZE", as_of="2024-03-21")
    assert "2024-03-20" in f.message
    assert rule_findings(doc, "ACL-SEIZE", as_of="2024-03-20") == []


def test_escalation_carries_only_the_named_violation_not_corrected_in_time():
    import datetime as dt

    found = [
        {"code": "AQL-99-2", "corrected_on": "2024-03-10"},
        {"code": "AQL-97-3"},
        {"code": "AQL-102", "corrected_on": "2024-03-25"},
    ]
    due = dt.date(2024, 3, 19)
    assert [v["code"] for v in carried_violations(found, due)] == ["AQL-97-3", "AQL-102"]
    assert carried_violations(found, due, {"AQL-102"}) == [
        {"code": "AQL-102", "corrected_on": "2024-03-25", "tier": "overdue"}
    ]


def test_a_case_file_with_the_hazard_controls_reads_and_reviews():
    """The reader takes each kind's own choices for a shared key (a disposal's ``kind``)."""
    import json

    from caseflow.casefile.reader import read_case_file
    from caseflow.engine.checks import review
    from caseflow_plugins.legal_procedure.steps import STEP_KINDS

    from .builders import context, manager

    seize = act("seize", "2024-03-06", approved_by="H001", days=10, place="仓库",
                items=[{"name": "叉车", "quantity": "1台"}])  # fmt: skip
    dispose = {"step": "seize_dispose", "date": "2024-03-08", "kind": "release", "approved_by": "H001"}  # fmt: skip
    doc = hazard_file({**MAJOR, "safety_assured": True}, PLAN, seize, dispose, corrected())
    record = read_case_file(json.dumps(doc, ensure_ascii=False), STEP_KINDS).record
    assert [s.step for s in record.steps][-3:] == ["seize", "seize_dispose", "reinspect"]
    found = review(manager(), record, context())
    assert [f for f in found if f.rule in ("ACL-SEIZE", "AQ-65-PLAN", "AQ-65-RESUME")] == []
