"""Business calendar: official working days (工作日).

The law's short periods (2, 3, 5, 7 days; any period of 10 days or less under the
Administrative Compulsion Law art. 69) are working days: no statutory holidays,
with the State Council's adjusted working weekends (调休上班). ``chinese-calendar``
knows the official calendar up to its latest published year; past that we fall
back to "weekends only", say so, and let an admin load the new year's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants as _official

# The years chinese-calendar publishes (it raises outside them).
OFFICIAL_YEARS = range(
    min(d.year for d in _official.holidays), max(d.year for d in _official.holidays) + 1
)


def weekdays_between(first: dt.date, last: dt.date) -> int:
    """Monday-to-Friday days from ``first`` to ``last``, both included, in O(1)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for k in range(rest) if (start + k) % 7 < 5)


@dataclass
class BusinessCalendar:
    # Admin-loaded days (``caseflow calendar load``): date -> True for working day.
    # They take precedence over the package, so a correction or a new year wins.
    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def __post_init__(self):
        self._loaded_years = frozenset(d.year for d in self.overrides)

    def _plain(self, year: int) -> bool:
        """A year nobody published: weekdays are working days, nothing else is known."""
        return year not in self._loaded_years and year not in OFFICIAL_YEARS

    def knows(self, day: dt.date) -> bool:
        """True when the official calendar for ``day``'s year is known."""
        return not self._plain(day.year)

    def is_working_day(self, day: dt.date) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self._loaded_years or day.year not in OFFICIAL_YEARS:
            # A loaded year lists its holidays and make-up days; the rest are plain weeks.
            return day.weekday() < 5
        return chinese_calendar.is_workday(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The Nth working day after ``start`` (``start`` itself not counted)."""
        day = start
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``.

        Year by year: a year no calendar covers is counted by arithmetic, so a date
        typed as 0001-01-01 costs microseconds, not a walk over 700,000 days.
        """
        if end <= start:
            return 0
        count = 0
        day = start + dt.timedelta(days=1)
        while day <= end:
            last = min(end, dt.date(day.year, 12, 31))
            if self._plain(day.year):
                count += weekdays_between(day, last)
            else:
                count += sum(
                    self.is_working_day(day + dt.timedelta(days=k))
                    for k in range((last - day).days + 1)
                )
            if last == dt.date.max:
                break
            day = last + dt.timedelta(days=1)
        return count

    def estimated(self, *days: dt.date) -> bool:
        """True when any of ``days`` lies beyond the known calendar (weekends-only fallback)."""
        return any(not self.knows(d) for d in days if d is not None)

    def fallback_note(self, *days: dt.date) -> tuple[str, str]:
        """A bilingual note for findings whose dates lie beyond the known calendar."""
        if not self.estimated(*days):
            return "", ""
        years = sorted({d.year for d in days if d is not None and not self.knows(d)})
        ys = ", ".join(str(y) for y in years)
        return (
            f"（{ys}年官方节假日数据未载入，按周末推算，请管理员载入当年安排）",
            f" ({ys} official holidays not loaded: counted weekends only; an admin should load them)",
        )


def parse_calendar_lines(lines: Iterable[str]) -> dict[dt.date, bool]:
    """Read a year's holiday list: one ``YYYY-MM-DD,holiday|workday[,name]`` a line.

    Raises ValueError naming the line on bad input.
    """
    days: dict[dt.date, bool] = {}
    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(",")]
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            raise ValueError(f"line {no}: '{parts[0]}' is not a date (YYYY-MM-DD)") from None
        kind = parts[1].lower() if len(parts) > 1 else ""
        if kind not in ("holiday", "workday"):
            raise ValueError(f"line {no}: kind must be 'holiday' or 'workday', got '{kind}'")
        days[day] = kind == "workday"
    if not days:
        raise ValueError("no days in file")
    return days
