"""The shipped test kit (caseflow.testing): a plugin author's fixtures drive the real engine."""

from __future__ import annotations

import pytest

from caseflow.plugin import RuleViolation, hookimpl, warning

OFFICERS = {"by": ["officer1", "officer2"], "credentials_shown": True, "signed_by_party": True}


def test_the_kit_is_registered_as_a_pytest_plugin(pytestconfig):
    assert pytestconfig.pluginmanager.hasplugin("caseflow")


def test_a_step_fired_as_an_officer_is_recorded_and_moves_the_case(caseflow_case, caseflow_fire):
    case = caseflow_case()
    outcome = caseflow_fire(case, "inspect", {**OFFICERS, "place": "仓库"})
    assert outcome.event.step == "inspect" and case.version == 2


def test_a_step_for_another_role_is_refused_for_an_officer(caseflow_case, caseflow_fire):
    from caseflow.engine.errors import Forbidden

    case = caseflow_case(state="concluded")
    with pytest.raises(Forbidden):
        caseflow_fire(case, "legal_review", {"approved": True}, role="officer")


def test_a_case_can_be_placed_in_a_chosen_state(caseflow_case):
    assert caseflow_case(workflow="general_penalty", state="investigation").state == "investigation"
    with pytest.raises(ValueError, match="no state"):
        caseflow_case(state="nowhere")


def test_an_outside_plugin_check_runs_live_and_in_review(
    caseflow_make_app, caseflow_session, caseflow_district, caseflow_clock
):
    class Notes:
        @hookimpl
        def caseflow_check_step(self, step):
            if step.step == "inspect" and step.get("place") == "罐区":
                return [warning("KIT-TANK", "罐区检查", "tank farm inspected")]
            return []

    app = caseflow_make_app(extra_plugins=[Notes()])
    rt = app.extensions["caseflow"]
    from caseflow.engine.cases import open_case

    case = open_case(rt.engine, caseflow_session, workflow="general_penalty",
                     party=caseflow_district["party"], unit=caseflow_district["bureau"],
                     actor=caseflow_district["officer1"])  # fmt: skip
    data = {**OFFICERS, "place": "罐区"}
    with pytest.raises(RuleViolation) as asked:
        rt.engine.fire(caseflow_session, case, "inspect", data, caseflow_district["officer1"])
    assert [f.rule for f in asked.value.findings] == ["KIT-TANK"]


def test_reviewing_a_case_file_reports_its_findings(
    caseflow_case, caseflow_fire, caseflow_review, caseflow_runtime, caseflow_session
):
    from caseflow.casefile.export import export_case

    case = caseflow_case()
    caseflow_fire(case, "inspect", {**OFFICERS, "place": "仓库"})
    doc = export_case(caseflow_runtime, caseflow_session, case)
    assert caseflow_review(doc).findings == []
    del doc["steps"][0]["signed_by_party"]  # a record nobody signed, and no note why
    assert "APL-55-RECORDS" in [f.rule for f in caseflow_review(doc).findings]
