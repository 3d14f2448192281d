"""Every table change goes through Alembic: the migrations build exactly the models."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from caseflow.db import Base, make_engine
from caseflow.migrate import upgrade
from tests.conftest import PG_URL


def test_the_migrated_schema_matches_the_models(rt):
    with rt.db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_init_db_upgrades_an_empty_database_to_head(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from caseflow.cli import main

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 0, result.output
    assert "database at head" in result.output
    from sqlalchemy import create_engine, inspect

    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"cases", "events", "deadlines", "alembic_version"} <= tables


# -- data migrations: a database as an older release left it, upgraded --------------


@pytest.fixture
def old_db(db_url):
    """An empty database of its own (reset first on PostgreSQL), for stepping revisions."""
    db = make_engine(db_url)
    if PG_URL:
        with db.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    yield db
    db.dispose()


def _a_notified_case_at_0004(conn) -> None:
    """A case noticed before 0004 ran: its statement window open, marked as a duty."""
    conn.execute(
        text(
            "INSERT INTO units (id, code, name, level, delegated, case_prefix) "
            "VALUES (1, 'LG', '深圳市龙岗区应急管理局', 'county', false, '深龙应急罚')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO parties (id, kind, name, id_code, address, unit_id, key_enterprise, tags)"
            " VALUES (1, 'organization', '某公司', '91440300MA5XXXXX0X', '', 1, false, '[]')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO cases (id, number, title, workflow_name, workflow_version, procedure,"
            " state, version, unit_id, party_id, violations, tags, opened_at) VALUES"
            " (1, '深龙应急罚〔2026〕7号', '某公司', 'general_penalty', 1, 'general',"
            " 'notified', 9, 1, 1, '[]', '[]', :at)"
        ),
        {"at": dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)},
    )
    for name, closed in (("statement_window", None), ("decision_due", None), ("service", 9)):
        conn.execute(
            text(
                "INSERT INTO deadlines (case_id, name, label_zh, label_en, due, opened_seq,"
                " closed_seq, estimated, waiting) VALUES (1, :name, :name, :name, :due, 8,"
                " :closed, false, false)"
            ),
            {"name": name, "due": dt.date(2026, 11, 20), "closed": closed},
        )


def test_a_statement_window_open_when_0004_ran_becomes_a_waiting_period(old_db):
    upgrade(old_db, "0004")
    with old_db.begin() as conn:
        _a_notified_case_at_0004(conn)
        # As 0004 left it: the party's window counted as the unit's duty, overdue by now.
        assert conn.scalar(
            text("SELECT waiting FROM deadlines WHERE name = 'statement_window'")
        ) in (False, 0)

    upgrade(old_db, "0005")

    with old_db.connect() as conn:
        waiting = dict(conn.execute(text("SELECT name, waiting FROM deadlines")).all())
    assert bool(waiting["statement_window"]) is True
    # The unit's own duties stay duties.
    assert bool(waiting["decision_due"]) is False and bool(waiting["service"]) is False


def test_a_case_numbered_before_0006_keeps_its_number_and_its_chain_verifies(old_db):
    from caseflow.engine.audit import GENESIS, event_hash, verify_case
    from caseflow.models import Case, Event

    upgrade(old_db, "0004")
    at = dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)
    with old_db.begin() as conn:
        _a_notified_case_at_0004(conn)
        # Its first event, hashed as releases before 0006 hashed: with the number.
        digest = event_hash("深龙应急罚〔2026〕7号", 1, "opened", None, at, "officer1", {}, GENESIS)
        conn.execute(
            text(
                "INSERT INTO events (case_id, seq, kind, at, actor, payload, prev_hash, hash)"
                " VALUES (1, 1, 'opened', :at, 'officer1', '{}', :prev, :hash)"
            ),
            {"at": at, "prev": GENESIS, "hash": digest},
        )

    upgrade(old_db)

    with Session(old_db) as session:
        case = session.get(Case, 1)
        assert case.number == case.ref == case.label == "深龙应急罚〔2026〕7号"
        assert verify_case(case, list(session.scalars(select(Event)))) is None
