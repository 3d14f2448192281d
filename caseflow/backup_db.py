"""The database half of a backup: one consistent snapshot out, and back in.

SQLite: the online backup API in a single step, so the copy is one instant of the
database (WAL included) and a writer meanwhile neither waits nor restarts it.
PostgreSQL: ``pg_dump`` on a snapshot this module exports, so the counts and the
evidence hashes read here are those of exactly the rows dumped; ``pg_restore`` in
one transaction brings it back whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from caseflow.config import private_dir, private_file
from caseflow.db import sqlite_file

SQLITE_MEMBER = "database.sqlite"
PG_MEMBER = "database.pgdump"
DATABASE_MEMBERS = (SQLITE_MEMBER, PG_MEMBER)
# Read from the snapshot itself, so the manifest describes what the archive holds.
COUNTS = {
    "cases": "SELECT count(*) FROM cases",
    "events": "SELECT count(*) FROM events",
    "evidence_files": "SELECT count(*) FROM evidence_files",
}
EVIDENCE_HASHES = "SELECT DISTINCT sha256 FROM evidence_files"
REVISION = "SELECT version_num FROM alembic_version"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why."""


@dataclass
class Copied:
    member: str
    kind: str
    revision: str | None
    counts: dict
    evidence: set[str]

    def describe(self) -> dict:
        return {"kind": self.kind, "member": self.member, "revision": self.revision}


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def copy_database(url: str, snapshot: Path, progress: Callable[[str], None]) -> Copied:
    if _is_sqlite(url):
        return _copy_sqlite(url, snapshot, progress)
    return _copy_postgres(url, snapshot, progress)


def _copy_sqlite(url: str, snapshot: Path, progress) -> Copied:
    path = sqlite_file(url)
    if path is None or not path.is_file():
        raise BackupError(f"no SQLite database at {path}")
    private_file(snapshot)
    source = sqlite3.connect(path, timeout=30)
    copy = sqlite3.connect(snapshot)
    try:
        progress(f"database: copying {path} ({path.stat().st_size >> 20} MiB + WAL)")
        source.backup(copy)  # pages=-1: one step, one consistent instant
        copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
        counts = {k: copy.execute(q).fetchone()[0] for k, q in COUNTS.items()}
        evidence = {row[0] for row in copy.execute(EVIDENCE_HASHES)}
        revision = copy.execute(REVISION).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise BackupError(f"{path}: {exc}") from None
    finally:
        copy.close()
        source.close()
    progress(f"database: {counts['cases']} cases, {counts['events']} events copied")
    return Copied(SQLITE_MEMBER, "sqlite", revision, counts, evidence)


def libpq(url: str) -> tuple[str, dict]:
    """A URL pg_dump and pg_restore read, and the environment carrying the password
    (an argument would show it to every local user in the process list)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (the PostgreSQL client tools, e.g. postgresql-client)"
        )
    return found


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no message"]
        raise BackupError(f"{Path(args[0]).name} failed: {lines[-1]}")


def _copy_postgres(url: str, snapshot: Path, progress) -> Copied:
    dump = _tool("pg_dump")
    target, env = libpq(url)
    db = create_engine(url)
    try:
        rr = db.connect().execution_options(isolation_level="REPEATABLE READ")
        with rr as conn, conn.begin():
            exported = conn.scalar(text("SELECT pg_export_snapshot()"))
            counts = {k: conn.scalar(text(q)) for k, q in COUNTS.items()}
            evidence = set(conn.scalars(text(EVIDENCE_HASHES)))
            revision = conn.scalar(text(REVISION))
            progress(f"database: pg_dump of {counts['cases']} cases, {counts['events']} events")
            private_file(snapshot)
            _run(
                [dump, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={exported}", f"--file={snapshot}", f"--dbname={target}"],
                env,
            )  # fmt: skip
    finally:
        db.dispose()
    progress(f"database: {snapshot.stat().st_size >> 10} KiB dumped")
    return Copied(PG_MEMBER, "postgresql", revision, counts, evidence)


def read_database(url: str) -> int:
    """How many cases the database holds now (0 when it or its tables do not exist)."""
    if _is_sqlite(url):
        path = sqlite_file(url)
        if path is None or not path.exists() or path.stat().st_size == 0:
            return 0
    db = create_engine(url)
    try:
        with db.connect() as conn:
            if not inspect(conn).has_table("cases"):
                return 0
            return conn.scalar(text("SELECT count(*) FROM cases"))
    finally:
        db.dispose()


def put_database(url: str, member: str, data, size: int) -> None:
    """Replace the database at ``url`` with the archive member read from ``data``."""
    expected = SQLITE_MEMBER if _is_sqlite(url) else PG_MEMBER
    if member != expected:
        raise BackupError(
            f"the backup holds {member}, but DATABASE_URL names a "
            f"{'SQLite' if _is_sqlite(url) else 'PostgreSQL'} database"
        )
    if _is_sqlite(url):
        _put_sqlite(sqlite_file(url), data)
    else:
        _put_postgres(url, data)


def _write_private(path: Path, data) -> None:
    private_file(path)
    with path.open("wb") as fh:
        shutil.copyfileobj(data, fh, 1 << 20)
        fh.flush()
        os.fsync(fh.fileno())


def _put_sqlite(path: Path, data) -> None:
    private_dir(path.parent)
    incoming = path.with_name(path.name + ".restoring")
    incoming.unlink(missing_ok=True)
    try:
        _write_private(incoming, data)
        check = sqlite3.connect(incoming)
        try:
            verdict = check.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check.close()
        if verdict != "ok":
            raise BackupError(f"the backup's database is damaged: {verdict}")
        # The old WAL belongs to the old file: left beside the new one, SQLite would
        # replay its frames into it.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, path)
    finally:
        incoming.unlink(missing_ok=True)


def _put_postgres(url: str, data) -> None:
    restore = _tool("pg_restore")
    target, env = libpq(url)
    private = Path(os.environ.get("TMPDIR", "/tmp"))
    incoming = private / f"caseflow-restore-{os.getpid()}.pgdump"
    try:
        _write_private(incoming, data)
        _run(
            [restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--dbname={target}", str(incoming)],
            env,
        )  # fmt: skip
    finally:
        incoming.unlink(missing_ok=True)
