import datetime as dt
import json

import pytest
from click.testing import CliRunner

from caseflow.checklists_cli import checklists_command
from caseflow.engine.catalogue import checklists
from caseflow.plugins import make_manager
from caseflow_plugins.checklists import ChecklistError, find_item, load_checklists
from caseflow_plugins.checklists.loader import checklist_files

SHIPPED = {
    "lithium-battery-producers",
    "lithium-battery-users",
    "industry-trade-major-hazards",
    "hazardous-chemicals",
    "dust-explosion",
    "confined-spaces",
    "old-park-electrical",
}


def only_this_plugin():
    return make_manager(allow=["checklists"])


def defined_items():
    """Every item as defined, leaving out the copies a checklist refers to."""
    return [i for c in load_checklists() for i in c["items"] if "defined_in" not in i]


def test_every_checklist_loads_through_the_entry_point_like_an_outside_plugin():
    pm = make_manager()
    assert pm.get_plugin("checklists") is not None
    mine = [c for c in checklists(pm) if c["plugin"] == "checklists"]
    assert {c["id"] for c in mine} == SHIPPED
    for c in mine:
        assert c["version"] and c["effective"] and c["title_zh"] and c["title_en"], c["id"]
        assert c["applies_to"]["zh"] and c["sources"] and c["items"], c["id"]


def test_an_item_id_means_one_requirement_across_all_checklists():
    ids = [i["id"] for i in defined_items()]
    assert len(ids) == len(set(ids))
    for c in load_checklists():
        listed = [i["id"] for i in c["items"]]
        assert len(listed) == len(set(listed)), c["id"]


def test_every_major_hidden_danger_item_names_its_criterion():
    for item in defined_items():
        assert item["grade"] in ("M", "G"), item["id"]
        if item["grade"] == "M":
            assert item["criterion"], item["id"]


def test_both_lithium_battery_checklists_grade_faulty_cells_left_unisolated_as_major():
    pm = only_this_plugin()
    for checklist in ("lithium-battery-producers", "lithium-battery-users"):
        item = find_item(pm, "LI-S-01", checklist=checklist)
        assert (item["grade"], item["criterion"]) == ("M", "令10 8(7)")
        assert item["conditional_grade"]["otherwise"] == "G"
    users = next(c for c in load_checklists() if c["id"] == "lithium-battery-users")
    assert "30" in users["applies_to"]["zh"] and "DB4403/T 508-2024" in users["applies_to"]["zh"]


def test_an_inspection_finds_its_item_with_the_checklist_version_it_records_against():
    item = find_item(only_this_plugin(), "DU-07")
    assert (item["checklist"], item["version"], item["plugin"]) == (
        "dust-explosion",
        "2023.1",
        "checklists",
    )
    assert item["conditional_grade"]["when_en"] == "zone 20"
    with pytest.raises(LookupError, match="no checklist item CS-01 in force on 2025-01-01"):
        find_item(only_this_plugin(), "CS-01", as_of=dt.date(2025, 1, 1))


def test_the_121_list_gives_twenty_major_items_for_hazardous_chemicals():
    hc = next(c for c in load_checklists() if c["id"] == "hazardous-chemicals")
    major = [i for i in hc["items"] if i["id"].startswith("HC-M-")]
    assert [i["criterion"] for i in major] == [f"121号 item {n}" for n in range(1, 21)]
    assert all(i["grade"] == "M" for i in major)
    assert hc["effective"] == "2026-05-01"


def test_standards_in_motion_are_carried_on_the_items_they_touch():
    by_id = {i["id"]: i for i in defined_items()}
    for item_id in ("EL-03", "EL-04", "EL-05"):
        assert by_id[item_id]["superseded_by"] == "GB/T 13869-2026 (2027-02-01)"
    assert by_id["CS-09"]["source"].startswith("GB 46768-2025")
    assert by_id["HC-S-01"]["source"].startswith("危险化学品安全法")
    assert by_id["EL-07"]["review"] is True  # a clause not read in a source


BROKEN = """\
id: broken
version: "1"
effective: 2026-01-01
title_zh: 示例
title_en: example
applies_to: {zh: 示例, en: example}
sources: [{ref: 令10}]
items:
  - {id: XX-01, text_zh: 示例, text_en: example, source: 令10, grade: M}
  - {id: DU-07, text_zh: 示例, text_en: example, source: 令10, grade: G}
"""


def test_a_checklist_with_an_ungrounded_major_item_or_a_duplicate_id_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ChecklistError) as refused:
        load_checklists([*checklist_files(), path])
    message = str(refused.value)
    assert "broken.yaml: XX-01: grade M needs a criterion" in message
    assert "broken.yaml: DU-07: id already defined in dust_explosion.yaml" in message


def test_a_checklist_with_an_undated_effective_or_unquoted_version_is_refused(tmp_path):
    path = tmp_path / "undated.yaml"
    text = BROKEN.replace('"1"', "2026.1").replace("2026-01-01", "soon")
    path.write_text(text.replace("grade: M}", "grade: M, criterion: 令10 3(1)}"), encoding="utf-8")
    with pytest.raises(ChecklistError) as refused:
        load_checklists([path])
    assert "undated.yaml: version must be a quoted string" in str(refused.value)
    assert "undated.yaml: effective 'soon' is not a date" in str(refused.value)


def test_checklist_callers_cannot_change_them_for_the_next_caller():
    load_checklists()[0]["items"][0]["grade"] = "X"
    assert load_checklists()[0]["items"][0]["grade"] != "X"


def invoke(*args):
    env = {"CASEFLOW_PLUGINS_ALLOW": "checklists"}
    return CliRunner().invoke(checklists_command, list(args), env=env)


def run(*args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.output


def test_an_officer_lists_the_checklists_with_their_versions_and_major_items():
    out = run()
    assert "lithium-battery-producers\tv2023.1\t2023-05-15\t14 items, 2 M" in out
    assert "共 7 份检查清单" in out


def test_an_officer_reads_one_checklist_in_chinese_or_exports_it_as_json():
    text = run("confined-spaces")
    assert "有限空间作业安全检查表" in text
    assert "CS-04\tM 令10 13(2)\t存在中毒、窒息风险的有限空间作业" in text
    doc = json.loads(run("lithium-battery-users", "--format", "json"))
    assert doc["id"] == "lithium-battery-users"
    assert [i["id"] for i in doc["items"]] == [
        "LI-S-01",
        "LI-S-04",
        "LI-S-05",
        "LI-S-06",
        "LI-P-07",
    ]


def test_an_unknown_checklist_is_refused_naming_the_known_ones():
    result = invoke("nope")
    assert result.exit_code == 2
    assert "dust-explosion" in result.output
