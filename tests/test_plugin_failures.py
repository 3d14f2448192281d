"""A plugin that fails is named, and never takes the other plugins down with it."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from caseflow.cli import main
from caseflow.engine.catalogue import RegistrationError, rules, violation_catalogue
from caseflow.plugin import (
    CheckContext,
    Finding,
    Mode,
    RuleInfo,
    RuleViolation,
    Severity,
    error,
    hookimpl,
    warning,
)
from caseflow.plugins import PluginError, PluginSetupError, diagnose, make_manager
from caseflow_plugins.legal_procedure import procedure  # the workflows' steps and periods
from tests.engine.helpers import OFFICERS, inspect, new_case
from tests.plugin_samples import checklist, violation


class Raises:
    @hookimpl
    def caseflow_check_step(self, step):
        raise ZeroDivisionError("division by zero in the plugin's arithmetic")


class Warns:
    @hookimpl
    def caseflow_check_step(self, step):
        return [warning("GOOD-W", "良好插件的提示", "the good plugin's note")]


def _fire_inspect(make_app, district, session, *plugins, acknowledge=False):
    rt = make_app(extra_plugins=[procedure, *plugins], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    data = {**OFFICERS, "place": "生产车间"}
    return rt.engine.fire(
        session, case, "inspect", data, district["officer1"], acknowledge=acknowledge
    )


def test_a_raising_plugin_is_named_and_the_other_plugins_findings_stand_beside_it(
    make_app, district, session, caplog
):
    caplog.set_level(logging.ERROR, logger="caseflow.plugins")
    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, Raises(), Warns(), acknowledge=True)
    by_rule = {f.rule: f for f in refused.value.findings}
    assert set(by_rule) == {"PLUGIN-FAILED", "GOOD-W"}
    failed = by_rule["PLUGIN-FAILED"]
    assert failed.plugin == "Raises" and failed.is_error
    assert "caseflow_check_step: ZeroDivisionError" in failed.message_en
    assert by_rule["GOOD-W"].plugin == "Warns"
    assert "plugin Raises failed in caseflow_check_step: ZeroDivisionError" in caplog.text


@pytest.mark.parametrize(
    ("returned", "type_name"),
    [
        (warning("ONE", "单个", "a single finding"), "Finding"),
        ({"rule": "X", "severity": "error"}, "dict"),
        ("error", "str"),
    ],
    ids=["a single finding", "a dict", "a string"],
)
def test_a_check_returning_the_wrong_type_refuses_naming_the_plugin_and_what_it_returned(
    make_app, district, session, returned, type_name
):
    class WrongShape:
        @hookimpl
        def caseflow_check_step(self, step):
            return returned

    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, WrongShape(), Warns(), acknowledge=True)
    failed = [f for f in refused.value.findings if f.rule == "PLUGIN-FAILED"]
    assert [f.plugin for f in failed] == ["WrongShape"]
    assert f"returned a {type_name}, expected a list of findings" in failed[0].message_en
    assert "GOOD-W" in [f.rule for f in refused.value.findings]


def test_a_finding_of_the_wrong_shape_in_the_list_refuses_naming_the_plugin(
    make_app, district, session
):
    class DictItems:
        @hookimpl
        def caseflow_check_step(self, step):
            return [{"rule": "X", "severity": "error"}]

    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, DictItems())
    (failed,) = refused.value.findings
    assert (
        failed.plugin == "DictItems" and "item 0 is a dict, expected a Finding" in failed.message_en
    )


def test_a_refusal_names_the_rules_that_refused(make_app, district, session):
    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, Raises(), Warns())
    assert "(GOOD-W, PLUGIN-FAILED)" in str(refused.value)


def test_a_check_context_mode_is_converted_or_refused():
    assert CheckContext(mode="review").mode is Mode.REVIEW
    with pytest.raises(ValueError):
        CheckContext(mode="revue")


def test_an_app_with_no_rule_loaded_warns_at_start_up(make_app, caplog):
    caplog.set_level(logging.WARNING, logger="caseflow.plugins")
    make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[])
    assert "no rule is loaded" in caplog.text


def test_a_finding_whose_severity_is_the_string_error_is_an_error_no_acknowledgement_passes(
    make_app, district, session
):
    class StringSeverity:
        @hookimpl
        def caseflow_check_step(self, step):
            return [Finding("STR-ERR", "error", "字符串错误", "an error given as a string")]

    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, StringSeverity(), acknowledge=True)
    (finding,) = refused.value.findings
    assert finding.severity is Severity.ERROR and finding.is_error


def test_an_unknown_severity_is_refused_where_the_finding_is_made():
    with pytest.raises(ValueError, match="severity must be one of error, defect, warning"):
        Finding("X", "fatal", "致命", "fatal")
    held = Finding("X", "defect", "瑕疵", "defect")  # waits for a head, never refused
    assert held.is_defect and not held.is_error


def test_a_rule_may_give_several_severities():
    info = RuleInfo("R", ("warning", "error"), "规则", "rule", "某法第1条")
    assert info.severities == (Severity.ERROR, Severity.WARNING)
    assert info.severity is Severity.ERROR


def test_wrapper_implementations_run_around_the_others_and_the_step_is_recorded(
    make_app, district, session
):
    seen = []

    class NewStyle:
        @hookimpl(wrapper=True)
        def caseflow_check_step(self, step):
            findings = yield
            seen.append(("new", step.step, len(findings)))
            return findings

    class OldStyle:
        @hookimpl(hookwrapper=True)
        def caseflow_check_step(self, step):
            outcome = yield
            seen.append(("old", step.step, len(outcome.get_result())))

    outcome = _fire_inspect(
        make_app, district, session, NewStyle(), OldStyle(), Warns(), acknowledge=True
    )
    assert [f.rule for f in outcome.warnings] == ["GOOD-W"]
    assert ("new", "inspect", 1) in seen and ("old", "inspect", 1) in seen


def test_a_wrapper_that_raises_is_named(make_app, district, session):
    class BrokenWrapper:
        @hookimpl(wrapper=True)
        def caseflow_check_step(self):
            yield
            raise KeyError("lost")

    with pytest.raises(RuleViolation) as refused:
        _fire_inspect(make_app, district, session, BrokenWrapper(), Warns())
    (failed,) = refused.value.findings
    assert failed.rule == "PLUGIN-FAILED" and failed.plugin == "BrokenWrapper"


def test_a_misspelt_hook_is_refused_at_start_up_naming_the_plugin_and_the_right_name():
    class Misspelt:
        @hookimpl
        def caseflow_chek_step(self, step):
            return [error("NEVER", "从不", "never runs")]

    with pytest.raises(PluginSetupError) as caught:
        make_manager(autoload=False, extra=[Misspelt()])
    message = str(caught.value)
    assert "plugin 'Misspelt'" in message and "caseflow_chek_step" in message
    assert "did you mean caseflow_check_step?" in message


def test_a_violation_with_min_above_max_stops_start_up_naming_plugin_and_code(make_app):
    inverted = violation("LOCAL-9")
    inverted["tiers"]["initial"].update({"min": 50000, "max": 20000, "bands": []})

    class Inverted:
        @hookimpl
        def caseflow_register_violations(self):
            return [inverted]

    with pytest.raises(PluginError) as caught:
        make_app(extra_plugins=[procedure, Inverted()], PLUGINS_ALLOW=[])
    message = str(caught.value)
    assert "plugin 'Inverted' failed in caseflow_register_violations" in message
    assert "LOCAL-9" in message and "min 50000 > max 20000" in message


def test_a_negative_fine_is_refused_like_the_built_in_catalogues():
    negative = violation("LOCAL-8")
    negative["tiers"]["initial"].update({"min": -1, "bands": []})

    class Negative:
        @hookimpl
        def caseflow_register_violations(self):
            return [negative]

    with pytest.raises(PluginError, match="amounts in yuan"):
        violation_catalogue(make_manager(autoload=False, extra=[Negative()]))


class Doubles:
    @hookimpl
    def caseflow_register_rules(self):
        return [RuleInfo("APL-AMOUNT", Severity.ERROR, "重复", "duplicate", "某条例第1条")]


def test_a_rule_id_another_plugin_registered_is_refused_naming_both():
    with pytest.raises(RegistrationError) as caught:
        rules(make_manager(allow=["legal_procedure"], extra=[Doubles()]))
    assert "rule id APL-AMOUNT registered twice" in str(caught.value)
    assert "Doubles" in str(caught.value) and "legal_procedure" in str(caught.value)


def test_a_rule_id_clash_stops_the_app_at_start_up(make_app):
    with pytest.raises(RegistrationError, match="rule id APL-AMOUNT registered twice"):
        make_app(extra_plugins=[Doubles()])


def test_a_malformed_checklist_stops_the_app_at_start_up_naming_plugin_and_item(make_app):
    class NoCriterion:
        @hookimpl
        def caseflow_register_checklists(self):
            doc = checklist("fire")
            del doc["items"][0]["criterion"]
            return [doc]

    with pytest.raises(PluginError) as caught:
        make_app(extra_plugins=[procedure, NoCriterion()], PLUGINS_ALLOW=[])
    assert "plugin 'NoCriterion' failed in caseflow_register_checklists" in str(caught.value)
    assert "DX-01: grade M needs a criterion" in str(caught.value)


def test_caseflow_plugins_reports_a_rule_id_clash_instead_of_a_traceback():
    found = diagnose({"PLUGINS_ALLOW": ["legal_procedure"]}, extra=[Doubles()])
    assert any("rule id APL-AMOUNT registered twice" in p for p in found.problems)
    assert {p.name for p in found.plugins} == {"legal_procedure", "Doubles"}


def test_a_plugin_raising_while_registering_rules_is_a_start_up_error_naming_it(make_app):
    class Crashes:
        @hookimpl
        def caseflow_register_rules(self):
            raise RuntimeError("catalogue file missing")

    with pytest.raises(PluginError, match="plugin 'Crashes' failed in caseflow_register_rules"):
        rules(make_manager(autoload=False, extra=[Crashes()]))


def test_a_plugin_raising_in_step_fields_refuses_the_step_naming_it(make_app, district, session):
    class BadFields:
        @hookimpl
        def caseflow_step_fields(self, workflow, step):
            raise AttributeError("'NoneType' object has no attribute 'name'")

    rt = make_app(extra_plugins=[procedure, BadFields()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    with pytest.raises(RuleViolation) as refused:
        inspect(rt, session, case, district)
    (failed,) = refused.value.findings
    assert failed.plugin == "BadFields" and "AttributeError" in failed.message_en


def test_an_allow_list_typo_is_a_start_up_error_naming_the_name():
    with pytest.raises(PluginSetupError) as caught:
        make_manager(allow=["legal_procedure", "work_safety_lawx"])
    assert "work_safety_lawx" in str(caught.value) and "work_safety_law" in str(caught.value)


@pytest.mark.parametrize("command", [["rules"], ["checklists"], ["plugins"], ["workflows"]])
def test_every_command_refuses_an_allow_list_typo_in_one_line(command, monkeypatch, tmp_path):
    monkeypatch.setenv("CASEFLOW_PLUGINS_ALLOW", "legal_procedure,work_safety_lawx")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    result = CliRunner().invoke(main, command)
    assert result.exit_code != 0
    assert "work_safety_lawx" in result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )


def test_audit_case_refuses_an_allow_list_typo(monkeypatch):
    from tests.casefile.conftest import SMALL

    monkeypatch.setenv("CASEFLOW_PLUGINS_ALLOW", "legal_procedurex")
    result = CliRunner().invoke(main, ["audit-case", str(SMALL)])
    assert result.exit_code == 2 and "legal_procedurex" in result.output


@pytest.mark.parametrize("command", [["rules"], ["checklists"]])
def test_autoload_off_is_honoured_by_the_listing_commands(command, monkeypatch):
    monkeypatch.setenv("CASEFLOW_PLUGINS_AUTOLOAD", "0")
    result = CliRunner().invoke(main, [*command, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("[]")


def test_audit_case_with_no_rule_loaded_warns_that_nothing_was_checked(monkeypatch):
    from tests.casefile.conftest import SMALL

    monkeypatch.setenv("CASEFLOW_PLUGINS_AUTOLOAD", "0")
    result = CliRunner().invoke(main, ["audit-case", str(SMALL)])
    assert "no rule is loaded" in result.output


def test_caseflow_plugins_diagnoses_an_installed_plugin_that_cannot_be_imported(monkeypatch):
    import importlib.metadata

    from caseflow import plugins

    broken = importlib.metadata.EntryPoint(
        name="fire_safety", value="caseflow_fire_safety_not_there", group=plugins.ENTRY_POINT_GROUP
    )
    installed = list(importlib.metadata.entry_points(group=plugins.ENTRY_POINT_GROUP))
    monkeypatch.setattr(
        plugins.importlib.metadata, "entry_points", lambda group: [*installed, broken]
    )
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    (problem,) = [line for line in result.output.splitlines() if line.startswith("PROBLEM")]
    assert "plugin 'fire_safety'" in problem and "ModuleNotFoundError" in problem
