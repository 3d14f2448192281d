"""Routing the domain decides: back to where a suspension found the case, a route a
plugin answers from the history, and annotations recorded on a closed case."""

from __future__ import annotations

import pytest

from caseflow.engine.errors import NotAvailable
from caseflow.engine.loader import WorkflowError, load_definition
from caseflow.engine.routes import Route
from caseflow.hookspecs import hookimpl
from caseflow_plugins.legal_procedure import procedure
from tests.engine.helpers import new_case

ROUTED = """\
name: routed
version: 1
title: {zh: 路由, en: Routed}
procedure: general
initial: open
states:
  open: {zh: 办理中, en: Open}
  review: {zh: 审查中, en: Under review}
  suspended: {zh: 中止, en: Suspended}
  done: {zh: 办结, en: Done, final: true}
steps:
- name: advance
  label: {zh: 送审, en: Advance}
  from: [open]
  to: review
  roles: [officer]
- name: hold
  label: {zh: 中止, en: Suspend}
  from: [open, review]
  to: suspended
  roles: [officer]
- name: release
  label: {zh: 恢复, en: Resume}
  from: [suspended]
  to: previous
  roles: [officer]
- name: settle
  label: {zh: 收款, en: Settle}
  from: [review]
  to: {route: settled, values: {paid: done, partial: "="}}
  roles: [officer]
  fields:
  - {name: amount, type: number, required: true, label: {zh: 金额, en: Amount}}
- name: note
  label: {zh: 备注, en: Note}
  from: [done]
  annotation: true
  roles: [officer]
"""


def _paid_in_full(record, step, ctx):
    """ "paid" once the payments, this one included, reach the 100 due."""
    paid = sum(s.get("amount") for s in (*record.steps_named("settle"), step))
    return "paid" if paid >= 100 else "partial"


SETTLED = Route("settled", ("paid", "partial"), _paid_in_full)


class Routes:
    def __init__(self, path, routes=(SETTLED,)):
        self.path, self.routes = path, list(routes)

    @hookimpl
    def caseflow_register_workflows(self):
        return [str(self.path)]

    @hookimpl
    def caseflow_register_routes(self):
        return self.routes


@pytest.fixture
def routed(make_app, tmp_path, district, session):
    path = tmp_path / "routed.yaml"
    path.write_text(ROUTED, encoding="utf-8")
    rt = make_app(extra_plugins=[procedure, Routes(path)], PLUGINS_ALLOW=[]).extensions["caseflow"]

    def fire(case, step, **data):
        return rt.engine.fire(session, case, step, data, district["officer1"])

    return rt, new_case(rt, session, district, workflow="routed"), fire


def test_a_case_resumed_after_a_suspension_returns_to_where_it_stood(routed):
    _rt, case, fire = routed
    fire(case, "hold")
    fire(case, "release")
    assert case.state == "open"
    fire(case, "advance")
    fire(case, "hold")
    fire(case, "release")
    assert case.state == "review"


def test_the_case_is_paid_only_when_the_payments_reach_what_is_due(routed):
    _rt, case, fire = routed
    fire(case, "advance")
    fire(case, "settle", amount=60)
    assert case.state == "review" and case.closed_at is None
    fire(case, "settle", amount=40)
    assert case.state == "done" and case.closed_at is not None


def test_an_annotation_is_recorded_on_a_closed_case_without_reopening_it(routed, clock):
    _rt, case, fire = routed
    fire(case, "advance")
    fire(case, "settle", amount=100)
    closed_at = case.closed_at
    clock.set("2024-03-06")
    fire(case, "note")
    assert case.state == "done" and case.closed_at == closed_at
    with pytest.raises(NotAvailable):
        fire(case, "hold")


def _load(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_only_an_annotation_step_may_be_taken_from_a_final_state(tmp_path):
    path = _load(tmp_path, ROUTED.replace("  annotation: true\n", ""))
    with pytest.raises(WorkflowError, match="step 'note'.*leaves final state 'done'"):
        load_definition(path)
    path = _load(
        tmp_path, ROUTED.replace("  annotation: true\n", "  annotation: true\n  to: open\n")
    )
    with pytest.raises(WorkflowError, match="annotation step records without moving"):
        load_definition(path)


def test_going_back_needs_a_state_to_go_back_to(tmp_path):
    path = _load(
        tmp_path,
        ROUTED.replace("  from: [suspended]\n  to: previous", "  from: [open]\n  to: previous"),
    )
    with pytest.raises(WorkflowError, match="no step leads into open from another state"):
        load_definition(path)


def test_a_route_nobody_defines_or_an_answer_left_unmapped_stops_the_start(make_app, tmp_path):
    path = _load(tmp_path, ROUTED)
    with pytest.raises(WorkflowError, match="unknown route 'settled'"):
        make_app(extra_plugins=[procedure, Routes(path, routes=())], PLUGINS_ALLOW=[])
    wider = Route("settled", ("paid", "partial", "refunded"), _paid_in_full)
    with pytest.raises(WorkflowError, match="may answer refunded, not mapped"):
        make_app(extra_plugins=[procedure, Routes(path, routes=[wider])], PLUGINS_ALLOW=[])
