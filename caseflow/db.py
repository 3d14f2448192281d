"""Database engine and sessions.

Embedded SQLite by default (one office, the demo); PostgreSQL through
``DATABASE_URL`` for a city or province. Nothing here keeps per-process state
that other processes would have to agree with.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from caseflow.config import private_file

# Stable constraint names so Alembic migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    # These are legal records: WAL for concurrent readers, synchronous=FULL so a
    # committed step survives a power cut, and foreign keys actually enforced.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL, or None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):  # a URI filename (?uri=true)
        return Path(parsed.database[5:].partition("?")[0])
    return Path(parsed.database)


def _private_sqlite_file(path: Path | None):
    def before_connect(_dialect, _record, _cargs, _cparams):
        # SQLite would create the file with the umask's mode (0644: world-readable case
        # records); made empty here at 0600 it opens as a new database, and SQLite
        # gives its -wal and -shm files the mode of the database file.
        if path is not None and not path.exists() and path.parent.is_dir():
            with contextlib.suppress(FileExistsError):
                private_file(path)

    return before_connect


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(url, **kwargs)
        if "mode=ro" not in url:  # a read-only open must not create anything
            event.listen(eng, "do_connect", _private_sqlite_file(sqlite_file(url)))
        event.listen(eng, "connect", _sqlite_pragmas)
        return eng
    return create_engine(url, pool_pre_ping=True, **kwargs)


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """A SAVEPOINT in the caller's transaction: on failure its writes alone are undone and
    the caller's transaction stays usable; on success nothing is committed."""
    conn = session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        # pysqlite defers BEGIN until the first write, so a SAVEPOINT issued first would
        # open the transaction itself and its RELEASE would commit the caller's work.
        conn.exec_driver_sql("BEGIN")
    with session.begin_nested():
        yield


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
