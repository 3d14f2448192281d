"""Alembic environment: runs on the connection CaseFlow hands it (caseflow.migrate)."""

from alembic import context

import caseflow.models  # noqa: F401 - registers every table on Base.metadata
from caseflow.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `caseflow init-db` (caseflow.migrate.upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
