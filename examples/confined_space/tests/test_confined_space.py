"""The confined-space plugin's own tests, on CaseFlow's shipped test kit (caseflow.testing).

No conftest: the caseflow_* fixtures come with caseflow, as a pytest plugin.
"""

from __future__ import annotations

import pytest

from caseflow.plugin import RuleViolation, Severity, checklists, rules

ORDER = {"deadline": "2024-03-19", "major_hazard": True}


def test_the_plugin_is_loaded_by_its_entry_point(caseflow_runtime):
    assert caseflow_runtime.pm.get_plugin("confined_space") is not None


def test_its_rule_and_checklist_are_listed(caseflow_runtime):
    (rule,) = [r for r in rules(caseflow_runtime.pm) if r.id == "CS-MAJOR-CRITERION"]
    assert rule.severity is Severity.ERROR and rule.plugin == "confined_space"
    (checklist,) = [c for c in checklists(caseflow_runtime.pm) if c["plugin"] == "confined_space"]
    assert [item["grade"] for item in checklist["items"]] == ["M", "M", "M"]


def test_a_major_hazard_order_without_its_criterion_is_refused(caseflow_case, caseflow_fire):
    case = caseflow_case()
    with pytest.raises(RuleViolation) as refused:
        caseflow_fire(case, "order_correction", ORDER, acknowledge=True)
    assert "CS-MAJOR-CRITERION" in [f.rule for f in refused.value.findings]
    assert case.state == "inspection"  # nothing was written


def test_an_order_citing_its_criterion_passes_this_rule(caseflow_case, caseflow_fire):
    case = caseflow_case()
    try:
        caseflow_fire(case, "order_correction", {**ORDER, "criterion": "令10 13(2)"})
    except RuleViolation as refused:  # other plugins' rules may still speak
        assert "CS-MAJOR-CRITERION" not in [f.rule for f in refused.findings]


def test_a_reviewed_case_file_without_the_criterion_is_found_wanting(caseflow_review):
    case_file = {
        "format": "caseflow-case-file/1",
        "case_number": "示应急罚〔2024〕9号",
        "procedure": "general",
        "unit": {"name": "示例区应急管理局", "level": "county"},
        "party": {"kind": "organization", "name": "示例化工有限公司",
                  "id_code": "91440300MA5FXXXX1Y"},
        "people": [],
        "violations": [],
        "steps": [{"step": "order_correction", "date": "2024-03-05",
                   "deadline": "2024-03-19", "major_hazard": True}],
    }  # fmt: skip
    result = caseflow_review(case_file)
    assert result.readable, result.errors
    assert "CS-MAJOR-CRITERION" in [f.rule for f in result.findings]
