"""Running the rules: one rule set, two modes.

Live, the engine asks for findings on the step it is about to record. In review
(案卷评查), the same hook replays a recorded history step by step, each step seen
against the record as it stood before it, and nothing is blocked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pluggy

from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.findings import Finding, Severity
from caseflow.engine.record import CaseRecord, Step
from caseflow.plugins import PluginError, call_each


@dataclass
class CheckContext:
    """What every rule may read besides the record."""

    settings: Mapping = field(default_factory=dict)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    violations: Mapping[str, dict] = field(default_factory=dict)  # catalogue by code
    as_of: dt.date | None = None
    mode: str = "live"  # or "review"

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)


def plugin_failure(exc: PluginError) -> Finding:
    return Finding(
        rule="PLUGIN-FAILED",
        severity=Severity.ERROR,
        message_zh=f"插件“{exc.plugin}”检查时出错，本步骤未执行：{exc.exc}",
        message_en=f"plugin '{exc.plugin}' failed while checking; the step was refused: {exc.exc}",
        plugin=exc.plugin,
    )


def check_step(
    pm: pluggy.PluginManager, record: CaseRecord, step: Step, ctx: CheckContext
) -> list[Finding]:
    """Findings of every plugin on ``step`` proposed after ``record``. A plugin that
    raises becomes an error finding naming it, so the step is refused, never half-done."""
    found: list[Finding] = []
    try:
        for plugin, results in call_each(
            pm, "caseflow_check_step", record=record, step=step, ctx=ctx
        ):
            found.extend(_placed(results, plugin, step.index))
    except PluginError as exc:
        found.append(plugin_failure(exc).at(step.index))
    return found


def check_case(pm: pluggy.PluginManager, record: CaseRecord, ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    try:
        for plugin, results in call_each(pm, "caseflow_check_case", record=record, ctx=ctx):
            found.extend(_placed(results, plugin, None, keep_step=True))
    except PluginError as exc:
        found.append(plugin_failure(exc))
    return found


def review(pm: pluggy.PluginManager, record: CaseRecord, ctx: CheckContext) -> list[Finding]:
    """Every finding on a whole recorded history, blocking nothing."""
    if ctx.as_of is None and record.steps:
        ctx.as_of = max(s.date for s in record.steps)
    found: list[Finding] = []
    for i, step in enumerate(record.steps):
        found.extend(check_step(pm, record.before(i), step, ctx))
    found.extend(check_case(pm, record, ctx))
    return found


def _placed(results, plugin: str, index: int | None, keep_step: bool = False) -> list[Finding]:
    out = []
    for f in results:
        step = f.step if keep_step else index
        out.append(Finding(**{**f.__dict__, "step": step, "plugin": f.plugin or plugin}))
    return out
