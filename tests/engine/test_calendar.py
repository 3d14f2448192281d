"""Working days follow the official calendar, and survive a year it does not know."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from caseflow.cli import main
from caseflow.engine.calendar import BusinessCalendar, parse_calendar_lines
from caseflow.models import Deadline
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.api.history import NOTICE_CONTENTS
from tests.engine.helpers import new_case, register

D = dt.date


def test_an_adjusted_working_saturday_counts_as_a_working_day():
    cal = BusinessCalendar()
    # National Day 2024: Oct 1-7 off, Saturday Oct 12 worked in exchange.
    assert cal.is_working_day(D(2024, 10, 12))
    assert not cal.is_working_day(D(2024, 10, 3))
    # Served Monday 30 Sep: the 5th working day after is Sat 12 Oct, not Mon 14 Oct.
    assert cal.add_working_days(D(2024, 9, 30), 5) == D(2024, 10, 12)


def test_a_window_counts_from_the_day_after():
    cal = BusinessCalendar()
    assert cal.add_working_days(D(2024, 3, 4), 1) == D(2024, 3, 5)
    assert cal.add_working_days(D(2024, 3, 8), 1) == D(2024, 3, 11)  # Friday -> Monday


def test_a_2027_date_falls_back_to_weekends_and_says_so():
    cal = BusinessCalendar()
    assert not cal.knows(D(2027, 3, 1))
    assert cal.add_working_days(D(2027, 3, 5), 5) == D(2027, 3, 12)
    zh, en = cal.fallback_note(D(2027, 3, 5))
    assert "2027" in zh and "weekends only" in en
    assert cal.fallback_note(D(2024, 3, 5)) == ("", "")


def test_a_loaded_year_replaces_the_fallback():
    days = parse_calendar_lines(["# 2027", "2027-02-08,holiday,春节", "2027-02-14,workday,调休"])
    cal = BusinessCalendar(days)
    assert cal.knows(D(2027, 5, 5))
    assert not cal.is_working_day(D(2027, 2, 8))  # a Monday off
    assert cal.is_working_day(D(2027, 2, 9))
    assert cal.is_working_day(D(2027, 2, 14))  # a Sunday worked


@pytest.mark.parametrize(
    "line, problem", [("2027-13-01,holiday", "line 1"), ("2027-01-01,party", "kind")]
)
def test_a_bad_holiday_file_names_the_line(line, problem):
    with pytest.raises(ValueError, match=problem):
        parse_calendar_lines([line])


def test_a_2027_deadline_is_computed_and_marked_estimated(make_app, district, session, clock):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    clock.set("2027-03-12")
    case = new_case(rt, session, district)
    register(rt, session, case, district, date="2027-03-05", discovered="2027-03-04")
    rt.engine.fire(session, case, "conclude", {"date": "2027-03-08"}, district["officer1"])
    rt.engine.fire(
        session,
        case,
        "notify",
        {
            "date": "2027-03-09",
            "served": "2027-03-10",
            "proposed": {"kinds": ["fine"], "fine": 20000},
            "rights": ["statement", "defence"],
            **NOTICE_CONTENTS,
        },
        district["officer1"],
    )
    window = session.scalars(select(Deadline).where(Deadline.name == "statement_window")).one()
    assert window.due == D(2027, 3, 15) and window.estimated


def test_an_admin_loads_a_years_holidays_from_a_file(app, tmp_path, monkeypatch):
    f = tmp_path / "2027.csv"
    f.write_text("2027-01-01,holiday,元旦\n2027-02-14,workday,春节调休\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = app.test_cli_runner().invoke(main, ["calendar", "load", str(f)])
    assert result.exit_code == 0, result.output
    assert "loaded 2 days for 2027" in result.output
    rt = app.extensions["caseflow"]
    with rt.sessions() as s:
        cal = rt.engine.calendar(s)
    assert cal.knows(D(2027, 6, 1)) and cal.is_working_day(D(2027, 2, 14))


def test_a_malformed_holiday_file_is_refused_with_the_line(app, tmp_path, monkeypatch):
    f = tmp_path / "bad.csv"
    f.write_text("2027-01-01,holiday\nnot-a-date,holiday\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = app.test_cli_runner().invoke(main, ["calendar", "load", str(f)])
    assert result.exit_code != 0 and "line 2" in result.output


def test_a_span_reaching_years_nobody_published_is_counted_by_weekdays():
    from caseflow.engine.calendar import weekdays_between

    cal = BusinessCalendar()
    # 1900 is before the official data: every weekday counts, nothing else is known.
    assert cal.working_days_between(D(1900, 1, 1), D(1900, 12, 31)) == weekdays_between(
        D(1900, 1, 2), D(1900, 12, 31)
    )
    # A date typed as year 1 is counted by arithmetic and still lands on the right total.
    official = cal.working_days_between(D(2003, 12, 31), D(2024, 3, 5))
    assert cal.working_days_between(D(1, 1, 1), D(2024, 3, 5)) == (
        weekdays_between(D(1, 1, 2), D(2003, 12, 31)) + official
    )


def test_working_days_between_agrees_with_counting_day_by_day():
    cal = BusinessCalendar({D(2027, 2, 8): False, D(2027, 2, 14): True})
    for start, end in [(D(2024, 9, 27), D(2024, 10, 14)), (D(2026, 12, 20), D(2027, 3, 1))]:
        walked = sum(
            cal.is_working_day(start + dt.timedelta(days=k))
            for k in range(1, (end - start).days + 1)
        )
        assert cal.working_days_between(start, end) == walked
