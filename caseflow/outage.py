"""What went wrong underneath: a full disk, a read-only or unreachable database, a lock
held too long — named from the exception the driver or the OS raised.

The web, the API and the CLI each show an :class:`Outage` in their own form (a page,
JSON, one line); this module only recognises it and says it in both languages. It
imports no Flask: the HTTP status (503, with ``Retry-After``) belongs to those doors.
Every outage means the transaction was rolled back: nothing was written.
"""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc


class Kind(enum.Enum):
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    UNREACHABLE = "database_unreachable"
    BUSY = "database_busy"


@dataclass(frozen=True)
class Outage:
    kind: Kind
    zh: str
    en: str
    retry_after: int  # seconds a client should wait before trying again

    @property
    def code(self) -> str:
        return self.kind.value

    def __str__(self) -> str:
        return f"{self.en} / {self.zh}"


NOTHING_SAVED_ZH = "本次操作未保存任何内容。"
NOTHING_SAVED_EN = "Nothing was saved."

OUTAGES = {
    Kind.DISK_FULL: Outage(
        Kind.DISK_FULL,
        "服务器磁盘已满，请联系系统管理员释放空间后重试。" + NOTHING_SAVED_ZH,
        "The server's disk is full; ask the administrator to free space, then retry. "
        + NOTHING_SAVED_EN,
        300,
    ),
    Kind.READ_ONLY: Outage(
        Kind.READ_ONLY,
        "数据库当前只读（可能正在维护或恢复），请稍后重试。" + NOTHING_SAVED_ZH,
        "The database is read-only (maintenance or recovery?); retry later. " + NOTHING_SAVED_EN,
        300,
    ),
    Kind.UNREACHABLE: Outage(
        Kind.UNREACHABLE,
        "无法连接数据库，请稍后重试；如持续出现请联系系统管理员。" + NOTHING_SAVED_ZH,
        "The database cannot be reached; retry shortly, and tell the administrator if it "
        "persists. " + NOTHING_SAVED_EN,
        30,
    ),
    Kind.BUSY: Outage(
        Kind.BUSY,
        "数据库正忙（其他写入占用时间过长），请稍后重试。" + NOTHING_SAVED_ZH,
        "The database was busy (another write held it too long); retry in a moment. "
        + NOTHING_SAVED_EN,
        5,
    ),
}

# PostgreSQL SQLSTATEs (appendix A of its manual) and the outage each one is.
SQLSTATES = {
    "53100": Kind.DISK_FULL,  # disk_full
    "53200": Kind.DISK_FULL,  # out_of_memory: the server, not the request, is short
    "25006": Kind.READ_ONLY,  # read_only_sql_transaction: a standby, or default read-only
    "57P01": Kind.UNREACHABLE,  # admin_shutdown
    "57P02": Kind.UNREACHABLE,  # crash_shutdown
    "57P03": Kind.UNREACHABLE,  # cannot_connect_now: starting up or in recovery
    "55P03": Kind.BUSY,  # lock_not_available (lock_timeout)
    "57014": Kind.BUSY,  # query_canceled (statement_timeout)
}
# SQLite reports by message; these are its fixed texts for the result codes.
SQLITE_MESSAGES = (
    ("database or disk is full", Kind.DISK_FULL),  # SQLITE_FULL
    ("readonly database", Kind.READ_ONLY),  # SQLITE_READONLY
    ("unable to open database file", Kind.UNREACHABLE),  # SQLITE_CANTOPEN
    ("database is locked", Kind.BUSY),  # SQLITE_BUSY after busy_timeout
    ("database table is locked", Kind.BUSY),
)
# psycopg raises OperationalError without a SQLSTATE when no server answered.
CONNECT_WORDS = (
    "connection refused",
    "connection failed",
    "could not connect",
    "could not translate host name",
    "server closed the connection",
    "connection timeout",
    "timeout expired",
    "terminating connection",
    "the connection is closed",
    "consuming input failed",
    "no route to host",
)
ERRNOS = {
    errno.ENOSPC: Kind.DISK_FULL,
    errno.EDQUOT: Kind.DISK_FULL,
    errno.EROFS: Kind.READ_ONLY,
}


def _kind(exc: BaseException) -> Kind | None:
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
        return ERRNOS.get(exc.errno)
    if isinstance(exc, sa_exc.DisconnectionError):
        return Kind.UNREACHABLE
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state:
        if state in SQLSTATES:
            return SQLSTATES[state]
        if state.startswith("08"):  # connection_exception
            return Kind.UNREACHABLE
        return None
    text = str(orig).lower()
    for fragment, kind in SQLITE_MESSAGES:
        if fragment in text:
            return kind
    if exc.connection_invalidated or any(word in text for word in CONNECT_WORDS):
        return Kind.UNREACHABLE
    return None


def diagnose(exc: BaseException) -> Outage | None:
    """The outage ``exc`` shows, or None when it is an ordinary bug (a 500)."""
    seen = set()
    while exc is not None and id(exc) not in seen:  # look through wrappers
        seen.add(id(exc))
        kind = _kind(exc)
        if kind is not None:
            return OUTAGES[kind]
        exc = exc.__cause__ or exc.__context__
    return None
