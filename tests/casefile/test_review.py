import datetime as dt
import json

import pytest

from caseflow.casefile.review import (
    exit_status,
    make_review_context,
    render_json,
    render_text,
    review_file,
)
from caseflow.plugins import make_manager
from caseflow.settings import SettingsError
from caseflow_plugins.legal_procedure import procedure

from .conftest import HEARING, SMALL
from .rules_fixture import PaperRules


@pytest.fixture
def pm():
    # The procedure module gives the step titles (no rules): the report uses them.
    return make_manager(autoload=False, extra=[procedure, PaperRules()])


def test_clean_file_has_only_the_whole_file_note_and_exits_zero(pm):
    result = review_file(SMALL, pm)
    assert result.to_dict() == {
        "case_number": "深龙应急罚〔2024〕12号",
        "findings": [
            {
                "rule": "PAPER-ASOF",
                "severity": "warning",
                "step": None,
                "message": "评查基准日2024-04-22 / judged as of 2024-04-22",
            }
        ],
    }
    assert result.exit_status == 0


def test_error_finding_is_placed_on_its_step_and_exits_one(pm):
    result = review_file(HEARING, pm)  # a 60,000 yuan fine
    first = result.to_dict()["findings"][0]
    assert first == {
        "rule": "PAPER-FINE",
        "severity": "error",
        "step": 15,
        "message": "罚款60000元超限 / fine 60000 over the limit",
    }
    assert result.step_names[15] == "decide"
    assert result.exit_status == 1


def test_each_file_is_judged_as_of_its_own_last_step(pm):
    ctx = make_review_context(pm)
    small, hearing = review_file(SMALL, pm, ctx), review_file(HEARING, pm, ctx)
    assert "2024-04-22" in small.findings[-1].message_en
    assert "2024-11-12" in hearing.findings[-1].message_en
    assert ctx.as_of is None


def test_as_of_date_given_is_used_for_every_file(pm):
    ctx = make_review_context(pm, as_of=dt.date(2025, 1, 1))
    assert "2025-01-01" in review_file(SMALL, pm, ctx).findings[-1].message_en


def test_review_context_carries_plugin_settings_catalogue_and_overrides():
    pm = make_manager(allow=["work_safety_law"], extra=[PaperRules()])
    ctx = make_review_context(pm, overrides={"paper_fine_limit": 100000})
    assert ctx.setting("paper_fine_limit") == 100000
    assert "AQL-99-2" in ctx.violations
    assert ctx.mode == "review"
    with pytest.raises(SettingsError, match="paper_fine_limt"):
        make_review_context(pm, overrides={"paper_fine_limt": 1})


def test_unreadable_file_exits_two_and_names_the_field(pm, doc):
    doc["steps"][10]["served"] = "2024-13-01"
    result = review_file(json.dumps(doc), pm)
    assert result.exit_status == 2
    assert result.to_dict() == {
        "file": "<input>",
        "errors": ["steps[10].served: not a valid date: '2024-13-01'"],
    }
    text = render_text([result])
    assert "无法读取案卷 / cannot read case file: <input>" in text
    assert "steps[10].served: not a valid date: '2024-13-01'" in text


def test_several_files_exit_with_the_worst_status(pm, tmp_path):
    clean, failing = review_file(SMALL, pm), review_file(HEARING, pm)
    broken = review_file(tmp_path / "missing.json", pm)
    assert exit_status([clean]) == 0
    assert exit_status([clean, failing]) == 1
    assert exit_status([clean, failing, broken]) == 2


def test_json_is_one_object_for_one_file_and_a_list_for_several(pm):
    one = json.loads(render_json([review_file(SMALL, pm)]))
    assert set(one) == {"case_number", "findings"}
    several = json.loads(render_json([review_file(SMALL, pm), review_file(HEARING, pm)]))
    assert [d["case_number"] for d in several] == [
        "深龙应急罚〔2024〕12号",
        "深龙应急罚〔2024〕57号",
    ]


def test_text_report_reads_for_a_legal_reviewer_in_chinese(pm, tmp_path):
    results = [review_file(HEARING, pm), review_file(tmp_path / "missing.json", pm)]
    text = render_text(results)
    assert "案卷 深龙应急罚〔2024〕57号" in text
    # The title the procedure definition gives the step, the one the case page shows.
    assert "[步骤15 作出决定] 错误 PAPER-FINE: 罚款60000元超限" in text
    assert "[全案] 警告 PAPER-ASOF: 评查基准日2024-11-12" in text
    assert text.splitlines()[-1] == "合计：案卷 2 个，错误 1 项，警告 1 项，无法读取 1 个"


def test_text_report_in_english(pm):
    text = render_text([review_file(HEARING, pm)], lang="en")
    assert "[step 15 decide] error PAPER-FINE: fine 60000 over the limit" in text
    assert text.splitlines()[-1] == "Total: 1 files, 1 errors, 1 warnings, 0 unreadable"


def test_reader_notes_are_shown_with_the_findings(pm, doc):
    doc["steps"][0]["weather"] = "rain"
    text = render_text([review_file(doc, pm)])
    assert "读取提示: steps[0].weather: unknown key for step 'inspect', ignored" in text
