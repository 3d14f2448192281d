"""The clock every process reads "today" from: the wall clock, or a date an
installation sets with ``CASEFLOW_TODAY``.

Legal periods run from dates, so a test, a browser test or a demo that must not
change with the day it runs sets the day instead. A date alone keeps the time of
day running (events of one run stay in order); a full ISO time fixes the instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# China has one time zone and no daylight saving: dates of acts are Beijing dates.
CST = dt.timezone(dt.timedelta(hours=8), "CST")

Clock = Callable[[], dt.datetime]


def wall_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def settable_clock(value: str | None) -> Clock:
    """The clock for a ``CASEFLOW_TODAY`` value (``None`` or empty: the wall clock).

    Raises ``ValueError`` naming the setting when the value is neither a date nor a time.
    """
    if not value:
        return wall_clock
    try:
        if len(value.strip()) == 10:
            day = dt.date.fromisoformat(value.strip())
        else:
            instant = dt.datetime.fromisoformat(value.strip())
            if instant.tzinfo is None:
                instant = instant.replace(tzinfo=CST)
            return lambda: instant
    except ValueError:
        raise ValueError(
            f"CASEFLOW_TODAY={value!r} is neither a date (2024-06-20) "
            "nor a time (2024-06-20T10:00+08:00)"
        ) from None

    def on_that_day() -> dt.datetime:
        now = dt.datetime.now(CST)
        return dt.datetime.combine(day, now.timetz())

    return on_that_day
