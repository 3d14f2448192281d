"""A field a plugin adds to a step travels with the case: live, exported, imported, reviewed."""

from __future__ import annotations

from caseflow.casefile.export import export_case
from caseflow.casefile.importer import import_case
from caseflow.casefile.review import review_file
from caseflow.plugin import hookimpl, warning
from tests.engine.helpers import OFFICERS, new_case


class Weather:
    """A province records the weather at every inspection; rain makes a note."""

    @hookimpl
    def caseflow_step_fields(self, workflow, step):
        if step != "inspect":
            return []
        label = {"zh": "天气", "en": "Weather"}
        return [{"name": "weather", "type": "string", "required": True, "label": label}]

    @hookimpl
    def caseflow_check_step(self, step):
        if step.step == "inspect" and step.get("weather") == "暴雨":
            return [warning("WX-RAIN", "暴雨天气检查，注意记录", "inspected in a storm")]
        return []


def test_a_plugin_field_survives_export_import_and_review_and_the_rule_sees_it_each_time(
    make_app, district, session
):
    rt = make_app(extra_plugins=[Weather()]).extensions["caseflow"]
    case = new_case(rt, session, district)
    data = {**OFFICERS, "place": "生产车间", "signed_by_party": True, "weather": "暴雨"}
    live = rt.engine.fire(session, case, "inspect", data, district["officer1"], acknowledge=True)
    assert "WX-RAIN" in [f.rule for f in live.warnings]

    exported = export_case(rt, session, case)
    (step,) = exported["steps"]
    assert step["weather"] == "暴雨"

    reviewed = review_file(exported, rt.pm)
    assert reviewed.warnings == []  # not dropped as an unknown key
    assert "WX-RAIN" in [f.rule for f in reviewed.findings]

    again = {**exported, "case_number": exported["case_number"] + "-副本"}
    imported = import_case(rt, session, again, mode="record", actor=district["admin"])
    assert "WX-RAIN" in [f.rule for f in imported.findings]
    assert export_case(rt, session, imported.case)["steps"][0]["weather"] == "暴雨"
