"""CASEFLOW_TODAY: one setting fixes "today" for the app, the engine and every command,
so a deadline or a "dates cannot lie ahead" check reads the same on any day it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from caseflow import create_app
from caseflow.cli import main
from caseflow.clock import CST, settable_clock
from caseflow.engine.errors import InvalidData
from caseflow.migrate import upgrade
from caseflow.models import Case, Event
from tests.engine.helpers import inspect, new_case
from tests.factories import make_district


def test_a_date_keeps_the_day_and_lets_the_time_of_day_run():
    clock = settable_clock("2024-10-08")
    first, second = clock(), clock()
    assert first.astimezone(CST).date() == dt.date(2024, 10, 8)
    assert first <= second


def test_a_full_time_fixes_the_instant():
    clock = settable_clock("2024-10-08T09:30:00+08:00")
    assert clock() == clock() == dt.datetime(2024, 10, 8, 9, 30, tzinfo=CST)


def test_no_setting_is_the_wall_clock():
    before = dt.datetime.now(dt.UTC)
    assert before <= settable_clock(None)() <= dt.datetime.now(dt.UTC)


def test_a_mistyped_today_is_refused_naming_the_setting():
    with pytest.raises(ValueError, match="CASEFLOW_TODAY='2024-13-45'"):
        settable_clock("2024-13-45")


@pytest.fixture
def app_on(monkeypatch, tmp_path):
    def build(today: str):
        monkeypatch.setenv("CASEFLOW_TODAY", today)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'today.sqlite'}")
        app = create_app({"SECRET_KEY": "x", "EVIDENCE_DIR": str(tmp_path / "evidence")})
        upgrade(app.extensions["caseflow"].db)
        return app

    return build


def test_an_officer_cannot_date_an_inspection_after_the_day_the_installation_is_set_to(app_on):
    rt = app_on("2024-03-05").extensions["caseflow"]
    assert rt.engine.today() == dt.date(2024, 3, 5)
    with rt.sessions() as session:
        district = make_district(session)
        case = new_case(rt, session, district)
        with pytest.raises(InvalidData) as refused:
            inspect(rt, session, case, district, date="2024-03-06")
        assert "2024-03-05" in str(refused.value.field_errors["date"])
        outcome = inspect(rt, session, case, district, date="2024-03-05")
        assert outcome.event.step == "inspect" and outcome.event.at.date() == dt.date(2024, 3, 5)
    rt.db.dispose()


def test_the_demo_command_seeds_its_district_on_the_day_it_is_set_to(monkeypatch, tmp_path):
    monkeypatch.setenv("CASEFLOW_TODAY", "2024-06-20")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite'}")
    monkeypatch.setenv("CASEFLOW_EVIDENCE_DIR", str(tmp_path / "evidence"))
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    app = create_app({"SECRET_KEY": "x"})
    rt = app.extensions["caseflow"]
    with rt.sessions() as session:
        last = session.scalar(select(func.max(Event.at)))
        opened = session.scalar(select(func.max(Case.opened_at)))
    rt.db.dispose()
    for when in (last, opened):
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        assert when.astimezone(CST).date() == dt.date(2024, 6, 20)
