"""Tiny plugins the engine tests register to control findings."""

from __future__ import annotations

from caseflow.engine.findings import error, warning
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
