"""caseflow.outage names what failed underneath from the driver's or the OS's error."""

from __future__ import annotations

import errno

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from caseflow.outage import Kind, diagnose


def _wrapped(orig):
    return OperationalError("UPDATE cases ...", {}, orig)


@pytest.mark.parametrize(
    ("orig", "kind"),
    [
        (psycopg.errors.DiskFull("could not extend file"), Kind.DISK_FULL),
        (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), Kind.READ_ONLY),
        (psycopg.errors.AdminShutdown("terminating connection"), Kind.UNREACHABLE),
        (psycopg.errors.CannotConnectNow("the database system is starting up"), Kind.UNREACHABLE),
        (psycopg.errors.LockNotAvailable("could not obtain lock"), Kind.BUSY),
        (psycopg.OperationalError("connection failed: Connection refused"), Kind.UNREACHABLE),
        (OSError(errno.ENOSPC, "No space left on device"), Kind.DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), Kind.READ_ONLY),
    ],
)
def test_each_failure_underneath_is_named(orig, kind):
    exc = orig if isinstance(orig, OSError) else _wrapped(orig)
    outage = diagnose(exc)
    assert outage is not None and outage.kind is kind
    assert outage.zh and outage.en and outage.retry_after > 0


@pytest.mark.parametrize(
    "exc",
    [
        IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("duplicate key")),
        OSError(errno.ENOENT, "No such file"),
        ValueError("a bug"),
    ],
)
def test_an_ordinary_error_is_not_an_outage(exc):
    assert diagnose(exc) is None


def test_an_outage_is_found_behind_the_error_it_caused():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("could not write the export") from inner
    except RuntimeError as outer:
        assert diagnose(outer).kind is Kind.DISK_FULL
