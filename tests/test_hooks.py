"""One story per hook: a plugin implementing it changes what CaseFlow does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from caseflow.engine.catalogue import checklists, rule_settings, rules, violation_catalogue
from caseflow.engine.checks import CheckContext, check_case
from caseflow.engine.errors import InvalidData, Refused
from caseflow.engine.findings import RuleInfo, Severity, warning
from caseflow.engine.record import CaseRecord, Party, Unit
from caseflow.hookspecs import hookimpl
from caseflow.models import Document
from caseflow.plugins import call_each, make_manager
from caseflow.settings import SettingsError
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.engine.helpers import OFFICERS, inspect, new_case
from tests.plugin_samples import checklist, violation

TINY = """\
name: tiny_check
version: 1
title: {zh: 小流程, en: Tiny}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  done: {zh: 完, en: Done, final: true}
steps:
- name: wrap_up
  label: {zh: 办结, en: Wrap up}
  from: [open]
  to: done
  roles: [head]
"""


def _pm(*plugins):
    return make_manager(autoload=False, extra=plugins)


def test_hook_caseflow_register_workflows(make_app, tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")

    class Ships:
        @hookimpl
        def caseflow_register_workflows(self):
            return [str(path)]

    rt = make_app(extra_plugins=[procedure, Ships()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    assert rt.registry.latest("tiny_check").version == 1


def test_hook_caseflow_register_violations():
    class Adds:
        @hookimpl
        def caseflow_register_violations(self):
            return [violation("LOCAL-1")]

    catalogue = violation_catalogue(_pm(Adds()))
    assert catalogue["LOCAL-1"]["plugin"]


def test_hook_caseflow_register_checklists():
    class Lists:
        @hookimpl
        def caseflow_register_checklists(self):
            return [checklist("dust")]

    assert [c["id"] for c in checklists(_pm(Lists()))] == ["dust"]


def test_hook_caseflow_register_rules():
    class Rules:
        @hookimpl
        def caseflow_register_rules(self):
            return [
                RuleInfo("LOCAL-R1", Severity.WARNING, "地方规则", "local rule", "地方条例第1条")
            ]

    (info,) = rules(_pm(Rules()))
    assert info.id == "LOCAL-R1" and info.plugin


SURVEYS = """\
name: tiny_survey
version: 1
title: {zh: 勘查, en: Survey}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  done: {zh: 完, en: Done, final: true}
steps:
- name: survey
  from: [open]
  to: done
  roles: [officer]
  require: [depth]
"""


def test_hook_caseflow_register_steps(make_app, tmp_path):
    from caseflow.engine.definition import Label
    from caseflow.engine.loader import WorkflowError, field_spec
    from caseflow.engine.steps import StepKind

    survey = StepKind(
        "survey",
        Label("现场勘查", "Site survey"),
        fields=(
            field_spec({"name": "depth", "type": "number", "label": {"zh": "深度", "en": "Depth"}}),
        ),
    )
    path = tmp_path / "survey.yaml"

    class Surveys:
        @hookimpl
        def caseflow_register_workflows(self):
            return [str(path)]

        @hookimpl
        def caseflow_register_steps(self):
            return [survey]

    path.write_text(SURVEYS, encoding="utf-8")
    rt = make_app(extra_plugins=[procedure, Surveys()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    (step,) = rt.registry.latest("tiny_survey").steps
    assert step.label == Label("现场勘查", "Site survey")
    assert [(f.name, f.required) for f in step.fields] == [("depth", True)]

    # A workflow restating the kind's title is refused: the title has one home.
    path.write_text(
        SURVEYS.replace("- name: survey\n", "- name: survey\n  label: {zh: 勘, en: S}\n")
    )
    with pytest.raises(WorkflowError, match="step 'survey' restates its title"):
        make_app(extra_plugins=[procedure, Surveys()], PLUGINS_ALLOW=[])


def test_hook_caseflow_register_routes(make_app, district, session, tmp_path):
    from caseflow.engine.routes import Route
    from tests.engine.test_routing import ROUTED

    path = tmp_path / "routed.yaml"
    path.write_text(ROUTED, encoding="utf-8")

    class AlwaysPaid:
        @hookimpl
        def caseflow_register_workflows(self):
            return [str(path)]

        @hookimpl
        def caseflow_register_routes(self):
            return [Route("settled", ("paid", "partial"), lambda record, step, ctx: "paid")]

    rt = make_app(extra_plugins=[procedure, AlwaysPaid()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district, workflow="routed")
    rt.engine.fire(session, case, "advance", {}, district["officer1"])
    rt.engine.fire(session, case, "settle", {"amount": 1}, district["officer1"])
    assert case.state == "done"


WAITS = """\
name: tiny_wait
version: 1
title: {zh: 等待, en: Wait}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  done: {zh: 完, en: Done, final: true}
steps:
- name: notice
  label: {zh: 告知, en: Notice}
  from: [open]
  roles: [officer]
  opens:
  - {name: local_wait, period: local_wait}
- name: wrap_up
  label: {zh: 办结, en: Wrap up}
  from: [open]
  to: done
  roles: [head]
"""


def test_hook_caseflow_register_periods(make_app, district, session, tmp_path):
    from caseflow.engine.definition import Label
    from caseflow.engine.loader import WorkflowError
    from caseflow.engine.periods import Counting, Period, Versioned
    from caseflow.models import Deadline

    path = tmp_path / "wait.yaml"
    path.write_text(WAITS, encoding="utf-8")
    wait = Period(
        "local_wait",
        Label("等待期", "Local wait"),
        "local rule",
        Counting.CALENDAR,
        {"": Versioned.always("LOCAL.wait_days", 4)},
        roll_forward=True,
    )

    class Waits:
        @hookimpl
        def caseflow_register_workflows(self):
            return [str(path)]

        @hookimpl
        def caseflow_register_periods(self):
            return [wait]

        @hookimpl
        def caseflow_rule_settings(self):
            return wait.settings()

    rt = make_app(extra_plugins=[procedure, Waits()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district, workflow="tiny_wait")
    rt.engine.fire(session, case, "notice", {"date": "2024-03-05"}, district["officer1"])
    (d,) = session.scalars(select(Deadline).where(Deadline.case_id == case.id))
    # Tuesday 5 March + 4 days is Saturday 9 March: rolled forward to Monday 11 March.
    assert (d.label_en, d.due) == ("Local wait", dt.date(2024, 3, 11))

    class Forgets:
        @hookimpl
        def caseflow_register_workflows(self):
            return [str(path)]

    with pytest.raises(WorkflowError, match="opens unknown period 'local_wait'"):
        make_app(extra_plugins=[procedure, Forgets()], PLUGINS_ALLOW=[])


def test_hook_caseflow_rule_settings():
    class Settings:
        @hookimpl
        def caseflow_rule_settings(self):
            return {"LOCAL.days": 5}

    pm = _pm(Settings())
    assert rule_settings(pm, {"LOCAL.days": 7}) == {"LOCAL.days": 7}
    with pytest.raises(SettingsError, match="LOCAL.dayz"):
        rule_settings(pm, {"LOCAL.dayz": 7})


def test_hook_caseflow_check_step(make_app, district, session):
    class Warns:
        @hookimpl
        def caseflow_check_step(self, step):  # a plugin takes only the arguments it needs
            return [warning("LOCAL-W", "提示", "note")] if step.step == "inspect" else []

    rt = make_app(extra_plugins=[procedure, Warns()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    with pytest.raises(Refused) as asked:
        inspect(rt, session, case, district)
    assert [f.rule for f in asked.value.findings] == ["LOCAL-W"]


def test_hook_caseflow_check_case():
    class Overdue:
        @hookimpl
        def caseflow_check_case(self, record, ctx):
            return [warning("LOCAL-C", "逾期", f"overdue as of {ctx.as_of}")]

    record = CaseRecord(
        "X1", "general", Unit("u", "county"), Party("organization", "p", "c"), {}, (), ()
    )
    (f,) = check_case(_pm(Overdue()), record, CheckContext(as_of=dt.date(2024, 5, 1)))
    assert f.rule == "LOCAL-C" and "2024-05-01" in f.message_en


def test_hook_caseflow_step_fields(make_app, district, session):
    class ProvinceField:
        @hookimpl
        def caseflow_step_fields(self, workflow, step):
            if step == "inspect":
                return [
                    {
                        "name": "weather",
                        "type": "string",
                        "required": True,
                        "label": {"zh": "天气", "en": "Weather"},
                    }
                ]
            return []

    rt = make_app(extra_plugins=[procedure, ProvinceField()], PLUGINS_ALLOW=[]).extensions[
        "caseflow"
    ]
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        inspect(rt, session, case, district)
    assert "weather" in refused.value.field_errors
    inspect(rt, session, case, district, weather="晴")
    assert case.version == 2


def test_hook_caseflow_step_documents(make_app, district, session):
    class Photo:
        @hookimpl
        def caseflow_step_documents(self, workflow, step, record):
            return [{"kind": "photo_log", "title_zh": "现场照片记录"}] if step == "inspect" else []

    rt = make_app(extra_plugins=[procedure, Photo()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == case.id)))
    assert kinds == {"inspection_record", "photo_log"}


def test_hook_caseflow_document_facts(make_app, district, session):
    from caseflow.engine import documents

    class Weather:
        @hookimpl
        def caseflow_document_facts(self, kind, record, day, ctx):
            return {"weather": f"{kind} {day} 晴", "findings": "另一插件的事实"}

    rt = make_app(extra_plugins=[procedure, Weather()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    doc = session.scalars(select(Document).where(Document.case_id == case.id)).one()
    found = documents.facts(rt.engine, session, case, doc)
    assert found["weather"] == f"inspection_record {doc.data['date']} 晴"
    assert found["findings"] == "另一插件的事实"  # an outside plugin wins over the built-in


def test_hook_caseflow_step_recorded(make_app, district, session):
    seen = []

    class Notifies:
        @hookimpl
        def caseflow_step_recorded(self, case, step, session):
            seen.append((case.number, step.step))

    rt = make_app(extra_plugins=[procedure, Notifies()], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    rt.engine.fire(session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"])
    assert seen == [(case.number, "inspect")]


def test_hook_caseflow_dashboard_figures():
    class Figures:
        @hookimpl
        def caseflow_dashboard_figures(self, session, unit_ids, as_of):
            return [
                {"key": "visits", "label_zh": "走访", "label_en": "visits", "value": len(unit_ids)}
            ]

    results = list(
        call_each(
            _pm(Figures()),
            "caseflow_dashboard_figures",
            session=None,
            unit_ids=[1, 2],
            as_of=dt.date(2024, 6, 30),
        )
    )
    assert results[0][1][0]["value"] == 2


def test_every_hook_has_its_story():
    import inspect as pyinspect

    from caseflow import hookspecs

    specs = {
        n
        for n, f in pyinspect.getmembers(hookspecs, pyinspect.isfunction)
        if n.startswith("caseflow_")
    }
    stories = {n.removeprefix("test_hook_") for n in globals() if n.startswith("test_hook_")}
    assert specs == stories
