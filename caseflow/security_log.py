"""Writing, reading and purging the security log (``SecurityEntry``).

Every door (web, API, CLI) records through ``record`` in the same transaction as the
act it records, so an act that is rolled back leaves no line and a line is never
missing for an act that happened. A failed sign-in has no act to roll back: its door
commits the line with the failure count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import Select, delete, or_, select

from caseflow.models import SecurityEntry, SecurityKind, User
from caseflow.models.security import RETENTION_DAYS


def record(
    session,
    kind: SecurityKind,
    at: dt.datetime,
    *,
    username: str | None = None,
    actor: User | None = None,
    address: str | None = None,
    **detail,
) -> SecurityEntry:
    entry = SecurityEntry(
        at=at,
        kind=kind.value,
        username=(username if username is not None else actor.username if actor else None),
        actor_id=actor.id if actor is not None else None,
        address=(address or None) and address[:64],
        detail={k: v for k, v in detail.items() if v is not None},
    )
    session.add(entry)
    return entry


def search(
    kind: str | None = None,
    username: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    tz: dt.tzinfo = dt.UTC,
    unit_ids: set[int] | None = None,
) -> Select:
    """Entries matching every filter given, newest first. Dates are whole days in ``tz``
    (the bureau's own day), ``until`` included. With ``unit_ids``, only entries about
    people of those units, or about no known person (a mistyped or made-up username):
    a street's admin does not read the bureau's sign-ins."""
    query = select(SecurityEntry).order_by(SecurityEntry.at.desc(), SecurityEntry.id.desc())
    if unit_ids is not None:
        query = query.where(
            or_(
                SecurityEntry.username.is_(None),
                SecurityEntry.username.in_(select(User.username).where(User.unit_id.in_(unit_ids))),
                SecurityEntry.username.not_in(select(User.username)),
            )
        )
    if kind:
        query = query.where(SecurityEntry.kind == kind)
    if username:
        query = query.where(SecurityEntry.username == username)
    if since:
        query = query.where(SecurityEntry.at >= dt.datetime.combine(since, dt.time(), tz))
    if until:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz)
        query = query.where(SecurityEntry.at < end)
    return query


def purge(session, now: dt.datetime, keep_days: int = RETENTION_DAYS) -> int:
    """Delete entries older than ``keep_days`` (never fewer than RETENTION_DAYS: the law's
    six months); how many went."""
    if keep_days < RETENTION_DAYS:
        raise ValueError(f"the security log is kept at least {RETENTION_DAYS} days")
    cutoff = now - dt.timedelta(days=keep_days)
    result = session.execute(delete(SecurityEntry).where(SecurityEntry.at < cutoff))
    return result.rowcount


CSV_COLUMNS = ("at", "kind", "username", "actor_id", "address", "detail")


def to_csv(entries) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        detail = ";".join(f"{k}={v}" for k, v in sorted((e.detail or {}).items()))
        row = [e.at.isoformat(), e.kind, e.username or "", e.actor_id or "", e.address or "",
               detail]  # fmt: skip
        # A cell starting with = + - @ is a formula to a spreadsheet (CSV injection):
        # usernames typed at the login form are attacker-controlled.
        writer.writerow(["'" + c if isinstance(c, str) and c and c[0] in "=+-@\t\r" else c
                         for c in row])  # fmt: skip
    return out.getvalue()
