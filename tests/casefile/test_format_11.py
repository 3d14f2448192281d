"""Format 1.1 in files: the new keys read, write and review; 1.0 files read as before."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from caseflow.casefile import CaseFileError, read_case_file
from caseflow.casefile.commands import audit_case
from caseflow.casefile.review import render_text, review_file
from caseflow.casefile.writer import record_to_dict
from caseflow.plugins import make_manager
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.domain import EXAMPLES

from .conftest import EXAMPLE_FILES, load_doc, step_index

EXAMPLES_11 = sorted((EXAMPLES / "1.1").glob("*.json"))
SMALL_11 = EXAMPLES / "1.1" / "general-small-clean.json"
ACK = {"by": ["H002"], "reason": "邮寄途中延误", "category": "force_majeure"}


@pytest.fixture
def pm():
    return make_manager()


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("CASEFLOW_PLUGINS_ALLOW", raising=False)
    return CliRunner()


def errors_of(doc) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        read_case_file(doc, STEP_KINDS)
    return caught.value.errors


def late_service(doc: dict, ack: dict | None = None) -> dict:
    """The decision of 2024-04-01 served on 2024-04-12, a working day after the 7 working
    days of APL art. 61 ran out (2024-04-11): a defect, not an error."""
    serve = doc["steps"][step_index(doc, "serve")]
    serve["date"] = "2024-04-12"
    if ack is not None:
        serve["acknowledged"] = ack
    return doc


@pytest.mark.parametrize("path", EXAMPLES_11, ids=lambda p: p.name)
def test_the_1_1_examples_read_without_a_note(path):
    case = read_case_file(path, STEP_KINDS)
    assert case.warnings == []
    assert case.record.steps


def test_the_1_1_examples_review_with_no_error_and_no_defect(runner):
    result = runner.invoke(audit_case, ["--format", "json", *map(str, EXAMPLES_11)])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert [f for r in reports for f in r["findings"] if f["severity"] != "warning"] == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_a_1_0_file_reads_as_before_with_no_acknowledgement_and_no_late_entry(path):
    record = read_case_file(path, STEP_KINDS).record
    assert all(s.acknowledged is None and s.recorded_on is None for s in record.steps)
    assert record_to_dict(record)["steps"] == load_doc(path)["steps"]


def test_an_acknowledgement_and_a_late_entry_read_and_write_back_unchanged():
    doc = late_service(load_doc(), ACK)
    serve = step_index(doc, "serve")
    doc["steps"][serve]["recorded_on"] = "2024-04-20"
    record = read_case_file(doc, STEP_KINDS).record
    step = record.steps[serve]
    assert step.acknowledged == ACK and str(step.recorded_on) == "2024-04-20"
    # Neither is a key of the act the rules read.
    assert "acknowledged" not in step.data and "recorded_on" not in step.data
    assert record_to_dict(record)["steps"][serve] == doc["steps"][serve]


@pytest.mark.parametrize(
    "ack, error",
    [
        (
            {**ACK, "by": ["X9"]},
            "steps[13].acknowledged.by[0]: unknown person 'X9' (not in people)",
        ),
        ({**ACK, "by": []}, "steps[13].acknowledged.by: must name at least one person"),
        ({**ACK, "category": "weather"}, "steps[13].acknowledged.category: must be one of"),
        ({"by": ["H002"]}, "steps[13].acknowledged.reason: missing required key"),
        ({**ACK, "signed": True}, "steps[13].acknowledged.signed: unknown key"),
    ],
)
def test_a_bad_acknowledgement_is_named(ack, error):
    doc = late_service(load_doc(), ack)
    assert any(e.startswith(error) for e in errors_of(doc)), errors_of(doc)


def test_a_step_cannot_be_entered_before_it_happened():
    doc = load_doc()
    doc["steps"][3]["recorded_on"] = "2024-03-01"  # the evidence of 2024-03-05
    assert errors_of(doc) == [
        "steps[3].recorded_on: 2024-03-01 is before the step's date 2024-03-05: "
        "a step is entered on or after it"
    ]


def test_people_and_violations_carry_the_keys_of_1_1():
    doc = load_doc()
    doc["people"][-1]["principal"] = True
    doc["violations"][0].update(
        liable="unit", gains=0, act="A1", accident={"grade": "general", "report_approved_on": None}
    )
    record = read_case_file(doc, STEP_KINDS).record
    assert record.people[doc["people"][-1]["id"]].principal is True
    v = record.violations[0]
    assert (v.liable, v.gains, v.act, v.accident.grade) == ("unit", 0, "A1", "general")
    doc["people"][-1]["nickname"] = "x"  # still not any key at all
    assert errors_of(doc) == [f"people[{len(doc['people']) - 1}].nickname: unknown key"]


def test_a_correction_names_an_earlier_step_by_its_index():
    doc = copy.deepcopy(load_doc(SMALL_11))
    n = len(doc["steps"])
    fix = {"step": "correct", "date": "2024-04-22", "target": 4, "void": True,
           "reason": "重复录入", "approved_by": "H001"}  # fmt: skip
    doc["steps"].append(fix)
    # Rules read the corrected history: step 4 is voided and the correction itself is
    # no act of the case.
    steps = read_case_file(doc, STEP_KINDS).record.steps
    assert len(steps) == n - 1
    assert [s.step for s in steps] == [s["step"] for i, s in enumerate(doc["steps"][:n]) if i != 4]
    fix["target"] = n
    assert errors_of(doc) == [f"steps[{n}].target: no step {n} recorded before this one"]


def _not_warnings(findings: list[dict]) -> list[dict]:
    """The 1.0 example's notice lacks the keys 1.1 added: APL-44-CONTENT warns it could
    not check them, beside the finding a test is about."""
    return [f for f in findings if f["severity"] != "warning"]


def test_a_late_service_is_a_defect_and_fails_the_review(runner, tmp_path):
    path = tmp_path / "late.json"
    path.write_text(json.dumps(late_service(load_doc()), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(audit_case, ["--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert set(report) == {"case_number", "findings"}
    (finding,) = _not_warnings(report["findings"])
    assert finding["rule"] == "APL-61-SERVICE" and finding["severity"] == "defect"
    assert finding["step"] == 13 and "acknowledged" not in finding
    assert set(finding) == {"rule", "severity", "step", "message"}


def test_an_acknowledged_defect_is_reported_with_its_acknowledgement_and_still_fails(
    runner, tmp_path
):
    path = tmp_path / "late.json"
    path.write_text(json.dumps(late_service(load_doc(), ACK), ensure_ascii=False), "utf-8")
    result = runner.invoke(audit_case, ["--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    (finding,) = _not_warnings(json.loads(result.output)["findings"])
    assert finding["acknowledged"] == {"by": ["H002"], "reason": "邮寄途中延误"}
    assert finding["severity"] == "defect" and finding["rule"] == "APL-61-SERVICE"


def test_the_text_report_names_the_defect_and_who_acknowledged_it(pm):
    doc = late_service(load_doc(), ACK)
    doc["steps"][step_index(doc, "serve")]["recorded_on"] = "2024-04-18"
    zh = render_text([review_file(doc, pm)])
    assert "瑕疵 APL-61-SERVICE" in zh
    assert "已确认瑕疵：H002（理由：邮寄途中延误）" in zh
    assert "补录：步骤13 送达决定书（2024-04-12的行为，2024-04-18录入）" in zh
    assert zh.splitlines()[-1] == (
        # The warning: a 1.0 notice lacks the keys APL-44-CONTENT reads.
        "合计：案卷 1 个，错误 0 项，瑕疵 1 项（已确认 1 项），警告 1 项，无法读取 0 个"
    )
    en = render_text([review_file(doc, pm)], lang="en")
    assert "defect acknowledged by H002 (reason: 邮寄途中延误)" in en
    assert en.splitlines()[-1].startswith("Total: 1 files, 0 errors, 1 defects (1 acknowledged)")


def test_exit_status_is_0_clean_1_for_a_defect_2_for_an_unreadable_file(runner, tmp_path):
    late = tmp_path / "late.json"
    late.write_text(json.dumps(late_service(load_doc()), ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert runner.invoke(audit_case, [str(SMALL_11)]).exit_code == 0
    assert runner.invoke(audit_case, [str(SMALL_11), str(late)]).exit_code == 1
    assert runner.invoke(audit_case, [str(late), str(broken)]).exit_code == 2
