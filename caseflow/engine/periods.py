"""Periods: a span of days a step opens, defined once by the plugin that knows the law.

A period says when it starts (the opening step's date, or a date the step carries),
how long it runs (a versioned number an installation may override), whether it
counts working or calendar days and whether a calendar period's last day rolls
forward past a rest day. Workflow deadlines open a period by name and rules ask the
same object whether an act came in time, so the case page, the API and a finding
cannot disagree on a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pluggy

from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.definition import Label
from caseflow.engine.loader import WorkflowError
from caseflow.plugins import collect
from caseflow.settings import Dated, Declared


class Counting(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


@dataclass(frozen=True)
class Versioned:
    """A number the law sets and may change: rows of (from-date, value), the row in force
    on a date applying. ``key`` names it in the settings, where an installation sets
    either one value for every date or its own rows."""

    key: str
    rows: tuple[tuple[dt.date, Any], ...]
    # Why the value is not yet confirmed against the text in force ("to confirm").
    to_confirm: str = ""

    @classmethod
    def always(cls, key: str, value, to_confirm: str = "") -> Versioned:
        return cls(key, ((dt.date.min, value),), to_confirm)

    def declared(self) -> Declared:
        """The setting as declared to the core: one value or rows, typed as the law's."""
        return Declared(
            self.default(), type=Dated(type(self.rows[-1][1])), to_confirm=self.to_confirm
        )

    def default(self):
        """How the setting is listed: a plain value when it never changed (a later row that
        repeats the value, pending confirmation, changes nothing), else the rows."""
        if len({repr(v) for _d, v in self.rows}) == 1:
            return self.rows[0][1]
        return [[d.isoformat(), v] for d, v in self.rows]

    def value(self, on: dt.date, settings: Mapping | None = None):
        chosen = (settings or {}).get(self.key, self.default())
        if not isinstance(chosen, list | tuple):
            return chosen
        rows = sorted((_day(d), v) for d, v in chosen)
        in_force = [v for d, v in rows if d <= on]
        # A date before every row takes the oldest value rather than failing.
        return in_force[-1] if in_force else rows[0][1]


def _day(d) -> dt.date:
    return d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))


@dataclass(frozen=True)
class Verdict:
    """What a period says about one act: when it ran out and whether the act is past it."""

    period: str
    start: dt.date
    days: int
    due: dt.date
    act: dt.date | None
    estimated: bool  # counted past the known calendar (weekends only)

    @property
    def late(self) -> bool:
        return self.act is not None and self.act > self.due

    @property
    def before_end(self) -> bool:
        """The act fell inside the period (a waiting window not yet over)."""
        return self.act is not None and self.act <= self.due


@dataclass(frozen=True)
class Period:
    name: str
    label: Label
    source: str
    counting: Counting
    # One length, or several the opening step chooses between (``variant``).
    lengths: Mapping[str, Versioned]
    # Key of the opening step holding the start date; None: its date; or a function of
    # the opening step giving the date, or None where that step opens no such period.
    start: str | Callable[[Any], dt.date | None] | None = None
    roll_forward: bool = False  # a calendar period ending on a rest day ends the next working day
    waiting: bool = False  # a window the unit must let run, not a duty it can miss
    # Picks a length from the opening step's data; None: the only one.
    variant: Callable[[Mapping], str] | None = None
    # Steps that move the period once open, and how: (record, ctx) -> the due date now,
    # or None when the record no longer shows it open.
    moved_by: tuple[str, ...] = ()
    # A settings key an installation sets true for working days, false for calendar days.
    working_setting: str | None = None
    # Spans that do not count, as (step that stops the clock, step that restarts it):
    # the days from a stop up to the day before the restart are not counted (a stop
    # never restarted stops the clock for good). The restart may be several
    # alternatives, each a step name or (name, key, value): only such a step whose
    # ``key`` holds ``value`` (a late hearing request refused ends the hearing's pause).
    paused_by: tuple[tuple[str, str | tuple], ...] = ()
    recount: Callable[[Any, Any], dt.date | None] | None = None

    def settings(self) -> dict:
        out: dict[str, Any] = {v.key: v.declared() for v in self.lengths.values()}
        if self.working_setting:
            out[self.working_setting] = self.counting is Counting.WORKING
        return out

    def counting_in(self, settings: Mapping | None) -> Counting:
        if self.working_setting and self.working_setting in (settings or {}):
            return Counting.WORKING if settings[self.working_setting] else Counting.CALENDAR
        return self.counting

    def length(self, on: dt.date, settings: Mapping | None = None, variant: str | None = None):
        if variant is None and len(self.lengths) == 1:
            variant = next(iter(self.lengths))
        return self.lengths[variant].value(on, settings)

    def variant_of(self, data: Mapping) -> str | None:
        return self.variant(data) if self.variant else None

    def end(
        self,
        start: dt.date,
        calendar: BusinessCalendar,
        settings: Mapping | None = None,
        variant: str | None = None,
        paused: tuple[tuple[dt.date, dt.date | None], ...] = (),
    ) -> tuple[int, dt.date]:
        """(days, last day) of the period starting ``start`` (the start day not counted),
        skipping the ``paused`` spans ([stop, restart) each)."""
        days = int(self.length(start, settings, variant))
        working = self.counting_in(settings) is Counting.WORKING
        if paused:
            due = self._walk(start, days, working, calendar, paused)
        elif working:
            return days, calendar.add_working_days(start, days)
        else:
            due = start + dt.timedelta(days=days)
        while not working and self.roll_forward and not calendar.is_working_day(due):
            due += dt.timedelta(days=1)
        return days, due

    @staticmethod
    def _walk(start, days, working, calendar, paused) -> dt.date:
        def stopped(day):
            return any(
                stop <= day and (restart is None or day < restart) for stop, restart in paused
            )

        if any(restart is None and stop <= start for stop, restart in paused):
            return dt.date.max  # stopped from the start and never restarted
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if any(restart is None and stop <= day for stop, restart in paused):
                return dt.date.max  # the clock stopped and was never restarted
            if not stopped(day) and (not working or calendar.is_working_day(day)):
                counted += 1
        return day

    def paused_in(self, record, upto: dt.date | None = None):
        """The spans of ``record`` (up to ``upto``) in which this period does not run."""
        spans = []
        for stop_name, restart in self.paused_by:
            restarts = sorted(s.date for s in _restarts(record, restart))
            for stop in sorted(s.date for s in record.steps_named(stop_name)):
                if upto is not None and stop > upto:
                    continue
                restart = next((r for r in restarts if r >= stop), None)
                if restart is not None and upto is not None and restart > upto:
                    restart = None
                spans.append((stop, restart))
        return tuple(spans)

    def judge(
        self,
        start: dt.date,
        act: dt.date | None,
        ctx,
        variant: str | None = None,
        record=None,
    ):
        """The verdict on an act of ``act`` (or None: nothing done yet) against this period
        started on ``start``, with ``ctx``'s settings and calendar; with ``record``, the
        spans it declares paused (a suspension) do not count."""
        paused = self.paused_in(record, act) if record is not None and self.paused_by else ()
        days, due = self.end(start, ctx.calendar, ctx.settings, variant, paused)
        estimated = due != dt.date.max and ctx.calendar.estimated(start, due)
        return Verdict(self.name, start, days, due, act, estimated)

    def opened_on(self, step) -> dt.date | None:
        """The start date a step opening this period gives it, if it gives one."""
        if callable(self.start):
            day = self.start(step)
        else:
            day = step.get(self.start) if self.start else step.date
        return day if isinstance(day, dt.date) else None


def _restarts(record, restart) -> list:
    """The steps of ``record`` that restart a paused clock (see ``Period.paused_by``)."""
    out = []
    for alt in (restart,) if isinstance(restart, str) else restart:
        name, key, value = (alt, None, None) if isinstance(alt, str) else alt
        out.extend(s for s in record.steps_named(name) if key is None or s.get(key) == value)
    return out


def collect_periods(pm: pluggy.PluginManager) -> dict[str, Period]:
    """Every period plugins define, by name; a name defined twice is an error."""
    out: dict[str, tuple[str, Period]] = {}
    for plugin, period in collect(pm, "caseflow_register_periods"):
        if period.name in out:
            raise ValueError(
                f"period {period.name} defined twice ({out[period.name][0]} and {plugin})"
            )
        out[period.name] = (plugin, period)
    return {name: p for name, (_plugin, p) in out.items()}


def period_settings(periods: Mapping[str, Period]) -> dict:
    return {k: v for p in periods.values() for k, v in p.settings().items()}


def check_periods(registry, periods: Mapping[str, Period]) -> None:
    """Load-time check: every deadline a workflow opens by period names a defined one."""
    problems = [
        f"{d.source}:{s.line}: step '{s.name}' opens unknown period '{o.period}'"
        f" (defined: {', '.join(sorted(periods)) or 'none'})"
        for d in registry
        for s in d.steps
        for o in s.opens
        if o.period and o.period not in periods
    ]
    if problems:
        raise WorkflowError("\n".join(problems))
