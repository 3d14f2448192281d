"""Shared fixtures: an app on a fresh database, a district, a settable clock.

Tests run on a temporary SQLite file by default. With CASEFLOW_TEST_DATABASE_URL
set (CI sets it to its PostgreSQL), the same tests run there, each on an empty
schema.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import settings
from sqlalchemy import text

from caseflow import create_app
from caseflow.db import Base
from caseflow.migrate import upgrade
from tests.factories import make_district

PG_URL = os.environ.get("CASEFLOW_TEST_DATABASE_URL")

# Every run of the same commit gives the same verdict: property-based tests (hypothesis,
# schemathesis) draw the same examples each time and keep no example database between
# runs. HYPOTHESIS_PROFILE=hunt searches at random, by hand, for new failures.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("hunt", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
CST = dt.timezone(dt.timedelta(hours=8))


class Clock:
    """The engine's clock, set by the test: legal periods depend on the date."""

    def __init__(self, when: dt.datetime):
        self.now = when

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: str, hour: int = 10) -> None:
        self.now = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=CST)


@pytest.fixture
def clock():
    c = Clock(dt.datetime(2024, 3, 5, 10, tzinfo=CST))
    return c


def _reset_postgres(db) -> None:
    with db.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def db_url(tmp_path):
    if PG_URL:
        return PG_URL
    return f"sqlite:///{tmp_path / 'caseflow.sqlite'}"


@pytest.fixture
def make_app(db_url, tmp_path, clock):
    """Build an app (optionally with extra plugins) on the test database, migrated."""
    apps = []

    def build(extra_plugins=(), **config):
        app = create_app(
            {
                "DATABASE_URL": db_url,
                "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False,
                "EVIDENCE_DIR": str(tmp_path / "evidence"),
                "TESTING": True,
                **config,
            },
            extra_plugins=extra_plugins,
            clock=clock,
        )
        rt = app.extensions["caseflow"]
        if not apps:
            if PG_URL:
                _reset_postgres(rt.db)
            upgrade(rt.db)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["caseflow"].db.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def rt(app):
    return app.extensions["caseflow"]


@pytest.fixture
def session(rt):
    with rt.sessions() as s:
        yield s


@pytest.fixture
def district(session):
    return make_district(session)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def table_counts(session) -> dict[str, int]:
    """Row count of every table: 'nothing changed' means these are all equal."""
    return {
        name: session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
        for name in sorted(Base.metadata.tables)
    }


@pytest.fixture(scope="session")
def _no_settings_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("settings") / "caseflow.toml"
    path.write_text("# the tests' installation sets nothing\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _hermetic_settings(monkeypatch, _no_settings_file):
    """Rule settings at the plugins' defaults: neither the checkout's instance/caseflow.toml
    nor a CASEFLOW_SETTING_* in the developer's shell may change what a test sees."""
    monkeypatch.setenv("CASEFLOW_SETTINGS_FILE", str(_no_settings_file))
    for name in [k for k in os.environ if k.startswith("CASEFLOW_SETTING_")]:
        monkeypatch.delenv(name)
