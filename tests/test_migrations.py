"""Every table change goes through Alembic: the migrations build exactly the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from caseflow.db import Base


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
