import json

import pytest
from click.testing import CliRunner

from caseflow.casefile import commands
from caseflow.casefile.commands import audit_case, rules_command
from caseflow.plugins import make_manager
from caseflow_plugins.legal_procedure import procedure

from .conftest import EXAMPLE_FILES, HEARING, SMALL
from .rules_fixture import PaperRules


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def paper_rules(monkeypatch):
    """Commands built on the tests' own rules, recording the allow-list they asked for."""
    asked = []

    def manager(allow=None, autoload=True):
        asked.append(allow)
        # The procedure module brings the step vocabulary case files are read by.
        return make_manager(allow=["work_safety_law"], extra=[procedure, PaperRules()])

    monkeypatch.setattr(commands, "make_manager", manager)
    return asked


def test_example_files_review_clean_with_every_installed_plugin(runner, monkeypatch):
    monkeypatch.delenv("CASEFLOW_PLUGINS_ALLOW", raising=False)
    # Revision 2 flags the 1.0 hearing example (no legal review after its hearing); the
    # 1.1 examples are the clean ones.
    files = sorted((EXAMPLE_FILES[0].parent / "1.1").glob("*.json"))
    assert files
    result = runner.invoke(audit_case, [str(p) for p in files])
    assert result.exit_code == 0, result.output


def test_audit_case_json_for_one_file_is_one_object(runner, paper_rules):
    result = runner.invoke(audit_case, [str(SMALL), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["case_number"] == "深龙应急罚〔2024〕12号"
    assert [f["rule"] for f in doc["findings"]] == ["PAPER-ASOF"]


def test_audit_case_exits_one_when_a_finding_is_an_error(runner, paper_rules):
    result = runner.invoke(audit_case, [str(SMALL), str(HEARING)])
    assert result.exit_code == 1
    assert "错误 PAPER-FINE" in result.output


def test_audit_case_exits_two_naming_the_bad_field(runner, paper_rules, tmp_path, doc):
    doc["party"]["id_code"] = "91440300MA5FXXXX13"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(audit_case, [str(SMALL), str(HEARING), str(bad), "--format", "json"])
    assert result.exit_code == 2
    docs = json.loads(result.output)
    assert docs[2] == {
        "file": str(bad),
        "errors": ["party.id_code: check character should be Y, got 3"],
    }


def test_audit_case_as_of_and_language_options(runner, paper_rules):
    result = runner.invoke(audit_case, [str(SMALL), "--as-of", "2025-01-02", "--lang", "en"])
    assert result.exit_code == 0
    assert "[whole file] warning PAPER-ASOF: judged as of 2025-01-02" in result.output


def test_audit_case_rejects_a_bad_date_option_with_status_two(runner, paper_rules):
    result = runner.invoke(audit_case, [str(SMALL), "--as-of", "2025-13-02"])
    assert result.exit_code == 2


def test_plugins_allow_list_comes_from_the_environment(runner, paper_rules, monkeypatch):
    monkeypatch.setenv("CASEFLOW_PLUGINS_ALLOW", "work_safety_law, legal_procedure,")
    runner.invoke(audit_case, [str(SMALL)])
    monkeypatch.delenv("CASEFLOW_PLUGINS_ALLOW")
    runner.invoke(rules_command, [])
    assert paper_rules == [["work_safety_law", "legal_procedure"], None]


def test_plugin_that_fails_to_load_exits_two_with_its_reason(runner, monkeypatch):
    def broken(allow=None, autoload=True):
        raise ImportError("no module named caseflow_plugins.gone")

    monkeypatch.setattr(commands, "make_manager", broken)
    result = runner.invoke(audit_case, [str(SMALL)])
    assert result.exit_code == 2
    assert "plugins failed to load: ImportError" in result.output


def test_rules_lists_id_severity_source_and_plugin(runner, paper_rules):
    result = runner.invoke(rules_command, [])
    assert result.exit_code == 0
    assert "PAPER-FINE\terror\t" in result.output
    docs = json.loads(runner.invoke(rules_command, ["--format", "json"]).output)
    fine = next(d for d in docs if d["id"] == "PAPER-FINE")
    assert fine["severity"] == "error"
    assert fine["source"] == "测试规则"
    assert fine["plugin"]  # the name pluggy registered the test plugin under


def test_rules_show_each_rules_severities_source_and_the_settings_it_reads(runner, monkeypatch):
    monkeypatch.delenv("CASEFLOW_PLUGINS_ALLOW", raising=False)
    # A unit that versions the handling period: the rows show as versions.
    monkeypatch.setenv(
        "CASEFLOW_SETTING_APL_60_90DAY_DAYS", '[["2000-01-01", 90], ["2026-02-01", 60]]'
    )
    result = runner.invoke(rules_command, ["--format", "json"])
    assert result.exit_code == 0, result.output
    docs = {d["id"]: d for d in json.loads(result.output)}
    amount = docs["APL-AMOUNT"]
    assert amount["severities"] == ["error", "warning"]
    assert "第五十九条" in amount["source"]
    (bands,) = [s for s in amount["settings"] if s["key"] == "APL-AMOUNT.bands"]
    assert "90号" in bands["to_confirm"]
    (days,) = [s for s in docs["APL-60-90DAY"]["settings"] if s["key"] == "APL-60-90DAY.days"]
    assert days["versions"] == [
        {"from": "2000-01-01", "value": 90},
        {"from": "2026-02-01", "value": 60},
    ]
    text = runner.invoke(rules_command, []).output
    assert "APL-AMOUNT\terror/warning\t" in text
    assert "APL-60-90DAY.days = 2000-01-01起 90; 2026-02-01起 60" in text
    assert "待确认 / to confirm" in text
