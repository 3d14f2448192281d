"""Tiny plugins the engine tests register to control findings."""

from __future__ import annotations

from caseflow.engine.findings import Finding, defect, error, warning
from caseflow.hookspecs import hookimpl


class RefuseStep:
    """Refuses one step with an error finding."""

    def __init__(self, step: str, rule: str = "TEST-REFUSE"):
        self.step, self.rule = step, rule

    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        if step.step == self.step:
            return [error(self.rule, "测试拒绝", "refused by the test", "test law art. 1")]
        return []


class WarnStep:
    def __init__(self, step: str):
        self.step = step

    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        if step.step == self.step:
            return [warning("TEST-WARN", "测试提示", "a warning from the test", "test law art. 2")]
        return []


class Explodes:
    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        raise RuntimeError("boom")


class StringSeverity:
    """Returns a finding whose severity is a plain string, as an outside plugin may."""

    def __init__(self, step: str, severity: str):
        self.step, self.severity = step, severity

    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        if step.step == self.step:
            return [Finding("TEST-STRING", self.severity, "字符串", "a string severity", "art. 3")]
        return []


class DefectStep:
    """Gives one step a defect (瑕疵); ``touches_decision`` as a rule on the decision would."""

    def __init__(self, step: str, touches_decision: bool = False):
        self.step, self.touches = step, touches_decision

    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        if step.step != self.step:
            return []
        data = {"touches_decision": True} if self.touches else {}
        return [defect("TEST-DEFECT", "测试瑕疵", "a defect from the test", "art. 4", **data)]
