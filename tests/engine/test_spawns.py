"""A step that opens a linked case only for some of its values, carrying the history up
to a given step and the violations as they were (a revoked decision's new case)."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.hookspecs import hookimpl
from caseflow.models import Event
from tests.engine.helpers import new_case

LINKED = """\
name: linked
version: 1
title: {zh: 关联, en: Linked}
procedure: general
initial: open
states:
  open: {zh: 办理中, en: Open}
  done: {zh: 办结, en: Done, final: true}
steps:
- name: note
  label: {zh: 记录, en: Note}
  from: [open]
  roles: [officer]
- name: settle
  label: {zh: 决定, en: Settle}
  from: [open]
  roles: [officer]
- name: finish
  label: {zh: 办结, en: Finish}
  from: [open]
  to: done
  roles: [officer]
- name: judge
  label: {zh: 裁判, en: Judgement}
  from: [open]
  roles: [officer]
  fields:
  - {name: result, type: choice, required: true, choices: [kept, undone], label: {zh: 结果, en: Result}}
  spawns: {workflow: linked, when: {result: undone}, carry_before: settle, tier: null}
"""


class Linked:
    def __init__(self, path):
        self.path = path

    @hookimpl
    def caseflow_register_workflows(self):
        return [str(self.path)]


def test_only_the_value_named_opens_a_linked_case_carrying_the_history_before_the_cut(
    make_app, tmp_path, district, session
):
    path = tmp_path / "linked.yaml"
    path.write_text(LINKED, encoding="utf-8")
    rt = make_app(extra_plugins=[Linked(path)]).extensions["caseflow"]  # with the catalogue
    violations = [{"code": "AQL-97-3", "tier": "initial"}]
    case = new_case(rt, session, district, workflow="linked", violations=violations)

    def fire(step, **data):
        return rt.engine.fire(session, case, step, data, district["officer1"])

    fire("note")
    fire("settle")
    assert fire("judge", result="kept").spawned is None
    new = fire("judge", result="undone").spawned
    assert new is not None and new.origin_case_id == case.id
    carried = session.scalars(
        select(Event.step).where(Event.case_id == new.id, Event.kind == "step")
    ).all()
    assert carried == ["note"]
    assert [v["tier"] for v in new.violations] == ["initial"]
