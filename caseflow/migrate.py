"""Schema changes go through Alembic, from the first table on."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(db: Engine, revision: str = "head") -> None:
    if db.dialect.name != "sqlite":
        with db.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
        return
    # SQLite changes a column by copying its table and dropping the old one, which
    # foreign keys pointing at it refuse. Its documented procedure: keys off (only
    # possible outside a transaction), alter, check every reference, commit.
    with db.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def revision(db: Engine, message: str) -> None:
    """Autogenerate a migration from the models (developers: `caseflow db revision`)."""
    with db.begin() as conn:
        command.revision(alembic_config(conn), message=message, autogenerate=True)
