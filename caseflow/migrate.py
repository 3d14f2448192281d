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
    with db.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def revision(db: Engine, message: str) -> None:
    """Autogenerate a migration from the models (developers: `caseflow db revision`)."""
    with db.begin() as conn:
        command.revision(alembic_config(conn), message=message, autogenerate=True)
