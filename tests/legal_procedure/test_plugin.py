"""The plugin as a whole: its rule set is the catalogue's, the examples review clean."""

import json
import re

import chinese_calendar
import pytest

import caseflow_plugins.legal_procedure as plugin
from caseflow.engine.catalogue import rule_settings, rules, violation_catalogue
from caseflow.engine.checks import CheckContext, check_step, review
from caseflow.plugins import make_manager
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.domain import CATALOGUE_MD
from tests.domain import EXAMPLES as EXAMPLE_DIR

from .builders import build, general_case

# Revision 2 reads the law more closely than the 1.0 examples were written: the 1.0 hearing
# example has no legal review after its hearing (APL 58(2)); the 1.1 examples are clean.
EXAMPLES = sorted((EXAMPLE_DIR / "1.1").glob("*.json"))
OLD_EXAMPLES = sorted(EXAMPLE_DIR.glob("*.json"))
EXAMPLES_1_1 = EXAMPLES


def catalogue_ids() -> set[str]:
    text = CATALOGUE_MD.read_text(encoding="utf-8")
    sections = text.split("## The documents")[0]
    return set(re.findall(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|", sections, flags=re.M))


# The hidden-danger loop's own checks (issue 13), beside revision 2's new rules.
HAZARD_LOOP_IDS = {"AQ-65-EXTEND", "AQ-65-PLAN", "AQ-65-RESUME"}


def revision_ids() -> set[str]:
    text = CATALOGUE_MD.read_text(encoding="utf-8").split("## Revision 2")[1]
    return set(re.findall(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|", text, flags=re.M))


def test_every_catalogue_rule_id_is_registered_and_nothing_else():
    ids = catalogue_ids()
    assert len(ids) == 39
    registered = {r.id for r in plugin.caseflow_register_rules()}
    assert ids <= registered
    assert registered - ids <= revision_ids() | HAZARD_LOOP_IDS
    assert {"APL-AMOUNT-KINDS", "APL-44-CONTENT", "AQ-ACCIDENT-BATCH"} <= registered


def test_rules_are_listed_through_the_manager_with_source_and_titles():
    pm = make_manager()
    mine = [r for r in rules(pm) if r.plugin == "legal_procedure"]
    assert len(mine) == len(plugin.RULES)
    assert all(r.source and r.title_zh and r.title_en for r in mine)


def test_every_number_is_a_setting_with_the_catalogue_default():
    # rules' numbers and the periods' lengths, as declared to the core
    settings = {k: getattr(v, "default", v) for k, v in plugin.caseflow_rule_settings().items()}
    assert settings["APL-60-90DAY.days"] == 90
    assert settings["APL-63-HEARING-SCOPE.threshold_organization"] == 30000
    assert settings["APL-63-HEARING-SCOPE.threshold_individual"] == 10000
    assert settings["APL-54-FILE.working_days"] == 5
    # Every number belongs to a rule; the documents' addressees are the one other group.
    assert all(
        "." in k and (k.split(".")[0] in plugin.RULES or k in plugin.DOCUMENT_SETTINGS)
        for k in settings
    )


def test_an_installation_override_of_a_setting_is_accepted():
    pm = make_manager()
    merged = rule_settings(pm, {"APL-63-HEARING-SCOPE.threshold_organization": 50000})
    assert merged["APL-63-HEARING-SCOPE.threshold_organization"] == 50000


@pytest.mark.parametrize("path", EXAMPLES + EXAMPLES_1_1, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_files_review_with_no_error(path):
    pm = make_manager()
    doc = json.loads(path.read_text(encoding="utf-8"))
    ctx = CheckContext(
        settings=rule_settings(pm), violations=violation_catalogue(pm), mode="review"
    )
    found = [f for f in review(pm, build(doc), ctx) if f.plugin == "legal_procedure"]
    assert [f.message for f in found if f.is_error] == []
    # Nothing in these clean files warrants a warning either, but a 1.0 file's notice
    # lacks the keys format 1.1 added, and the review says it could not check them.
    unchecked = [f for f in found if f.rule == "APL-44-CONTENT" and "absent" in f.data]
    assert bool(unchecked) == (path not in EXAMPLES_1_1)
    assert [f for f in found if f not in unchecked] == []


def test_the_1_0_hearing_example_lacks_only_the_review_after_its_hearing():
    pm = make_manager()
    ctx = CheckContext(
        settings=rule_settings(pm), violations=violation_catalogue(pm), mode="review"
    )
    for path in OLD_EXAMPLES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        found = [f for f in review(pm, build(doc), ctx) if f.plugin == "legal_procedure"]
        errors = [(f.rule, f.message_en) for f in found if f.is_error]
        if "hearing" in path.name:
            assert [r for r, _ in errors] == ["APL-58-LEGALREVIEW"], errors
            assert "after" in errors[0][1]
        else:
            assert errors == [], path.name


def test_examples_read_by_the_case_file_reader_review_clean():
    reader = pytest.importorskip("caseflow.casefile.reader")
    pm = make_manager()
    for path in EXAMPLES:
        record = reader.read_case_file(path, STEP_KINDS).record
        ctx = CheckContext(settings=rule_settings(pm), violations=violation_catalogue(pm))
        ctx.mode = "review"
        found = [f for f in review(pm, record, ctx) if f.plugin == "legal_procedure"]
        assert [f.message for f in found if f.is_error] == [], path.name


def test_the_2024_official_calendar_knows_national_day_and_its_make_up_days():
    import datetime as dt

    assert chinese_calendar.is_workday(dt.date(2024, 9, 29))  # Sunday, worked
    assert chinese_calendar.is_workday(dt.date(2024, 10, 12))  # Saturday, worked
    assert not chinese_calendar.is_workday(dt.date(2024, 10, 7))


def test_live_check_of_a_clean_step_gives_no_finding():
    record = build(general_case())
    pm = make_manager(autoload=False, extra=[plugin])
    ctx = CheckContext(settings=plugin.default_settings(), mode="live")
    for i, step in enumerate(record.steps):
        assert check_step(pm, record.before(i), step, ctx) == []


def test_every_finding_names_its_rule_source_and_speaks_both_languages():
    doc = general_case()
    doc["unit"]["level"] = "street"
    doc["steps"][0]["by"] = ["A001"]
    from .builders import findings

    found = findings(doc)
    assert {f.rule for f in found} >= {"APL-17-COMPETENCE", "APL-42-2OFFICERS"}
    assert all(f.source and f.message_zh and f.message_en for f in found)


def test_a_file_listing_its_steps_out_of_date_order_is_reviewed_by_date():
    """The format: steps are in date order; a file whose steps are out of order is read
    by date, and each finding still names the step's position in the file."""
    pm = make_manager()
    ctx = CheckContext(
        settings=rule_settings(pm), violations=violation_catalogue(pm), mode="review"
    )
    in_order = general_case()
    shuffled = general_case()
    steps = shuffled["steps"]
    # The legal review (index 8) listed last, after the closing: still before the notice.
    steps.append(steps.pop(8))
    assert steps[-1]["step"] == "legal_review"
    ours = [f for f in review(pm, build(shuffled), ctx) if f.plugin == "legal_procedure"]
    assert [f for f in ours if f.is_error] == []
    assert sorted(f.rule for f in ours) == sorted(
        f.rule for f in review(pm, build(in_order), ctx) if f.plugin == "legal_procedure"
    )
    # A fault on the moved step is reported at its place in the file.
    steps[-1]["reviewer"] = "A001"
    found = [f for f in review(pm, build(shuffled), ctx) if f.rule == "APL-58-LEGALREVIEW"]
    assert len(steps) - 1 in {f.step for f in found}
