"""Running the rules: one rule set, two modes.

Live, the engine asks for findings on the step it is about to record. In review
(案卷评查), the same hook replays a recorded history step by step, each step seen
against the record as it stood before it, and nothing is blocked.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pluggy

from caseflow.engine import record_keeping
from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.findings import Finding
from caseflow.engine.record import CaseRecord, Step
from caseflow.plugin_guard import PluginError, plugin_failure


class Mode(enum.StrEnum):
    """What a check runs for: ``live`` before a step is recorded, ``preview`` to say
    which steps are allowed now, ``review`` over a recorded history (案卷评查)."""

    LIVE = "live"
    PREVIEW = "preview"
    REVIEW = "review"


@dataclass
class CheckContext:
    """What every rule may read besides the record."""

    settings: Mapping = field(default_factory=dict)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    violations: Mapping[str, dict] = field(default_factory=dict)  # catalogue by code
    as_of: dt.date | None = None
    mode: Mode = Mode.LIVE

    def __post_init__(self):
        self.mode = Mode(self.mode)  # a string is converted here, an unknown one refused

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)


def _findings(results, hook: str) -> list[Finding]:
    """The merged results of a check hook. Each implementation's were checked where it
    returned them; a hook wrapper's changes are checked here, since no guard saw them."""
    out = []
    for found in results:
        for f in found if isinstance(found, list | tuple) else [found]:
            if not isinstance(f, Finding):
                exc = TypeError(f"a hook wrapper put a {type(f).__name__} among the findings")
                f = plugin_failure(PluginError("(hook wrapper)", hook, exc))
            out.append(f)
    return out


def check_step(
    pm: pluggy.PluginManager, record: CaseRecord, step: Step, ctx: CheckContext
) -> list[Finding]:
    """Findings of every plugin on ``step`` proposed after ``record``. A plugin that
    fails becomes an error finding naming it (so the step is refused, never half-done)
    and the other plugins' findings stand beside it."""
    core = record_keeping.check_step(record, step)
    try:
        results = pm.hook.caseflow_check_step(record=record, step=step, ctx=ctx)
    except PluginError as exc:  # only a hook wrapper's own failure reaches here
        return [f.at(step.index) for f in (*core, plugin_failure(exc))]
    return [f.at(step.index) for f in (*core, *_findings(results, "caseflow_check_step"))]


def check_case(pm: pluggy.PluginManager, record: CaseRecord, ctx: CheckContext) -> list[Finding]:
    try:
        results = pm.hook.caseflow_check_case(record=record, ctx=ctx)
    except PluginError as exc:
        return [plugin_failure(exc)]
    return _findings(results, "caseflow_check_case")


def review(pm: pluggy.PluginManager, record: CaseRecord, ctx: CheckContext) -> list[Finding]:
    """Every finding on a whole recorded history, blocking nothing."""
    if ctx.as_of is None and record.steps:
        ctx.as_of = max(s.date for s in record.steps)
    found: list[Finding] = []
    # Steps are judged in date order (the order they happened), whatever order the file
    # lists them in; a step's findings keep its own index, the file's position.
    ordered = in_date_order(record.steps)
    for n, step in enumerate(ordered):
        found.extend(check_step(pm, replace(record, steps=tuple(ordered[:n])), step, ctx))
    found.extend(check_case(pm, replace(record, steps=tuple(ordered)), ctx))
    return found


def in_date_order(steps) -> list[Step]:
    """Steps by date; steps of one day as the file lists them (the order recorded)."""
    return sorted(steps, key=lambda s: (s.date, s.index))
