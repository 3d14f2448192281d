"""Throttling failed sign-ins (OWASP ASVS 4.0 V2.2.1), per account and per address.

Counts live in the database (``SignInThrottle``), so every process of an installation
sees the same count. After a few free failures each further one makes the next attempt
wait longer (the delay doubles); an account that keeps failing is locked until the lock
runs out or a head or admin lifts it. An address is only slowed, never locked: behind
one office's NAT a lock would shut out everyone. Attempts refused here never reach the
password check, so they cannot be used to guess.

Unknown usernames are counted and locked exactly like real ones: a lock that only real
accounts could get would tell an attacker which usernames exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from caseflow.models import SignInThrottle


@dataclass(frozen=True)
class Policy:
    free: int  # failures without any delay
    lock_at: int | None  # the failure that locks; None: never locked, only slowed
    lock_for: dt.timedelta
    max_delay: dt.timedelta
    # A count whose last failure is older than this starts again from nothing.
    forget_after: dt.timedelta

    def delay(self, failures: int) -> dt.timedelta:
        if failures <= self.free:
            return dt.timedelta(0)
        return min(dt.timedelta(seconds=2 ** (failures - self.free - 1)), self.max_delay)


# Ten failures lock the account: with the delays (1+2+4+8 s) they fit in a minute,
# so the eleventh attempt in a minute is refused even with the right password.
ACCOUNT = Policy(
    free=5,
    lock_at=10,
    lock_for=dt.timedelta(minutes=15),
    max_delay=dt.timedelta(minutes=1),
    forget_after=dt.timedelta(minutes=15),
)
ADDRESS = Policy(
    free=20,
    lock_at=None,
    lock_for=dt.timedelta(0),
    max_delay=dt.timedelta(minutes=5),
    forget_after=dt.timedelta(hours=1),
)


def account_key(username: str) -> str:
    return f"account:{username[:64]}"


def address_key(address: str | None) -> str:
    return f"address:{(address or 'unknown')[:64]}"


@dataclass(frozen=True)
class Refusal:
    key: str
    locked: bool
    retry_after: int  # seconds

    @property
    def on_account(self) -> bool:
        return self.key.startswith("account:")


def keys_for(username: str, address: str | None) -> list[tuple[str, Policy]]:
    return [(account_key(username), ACCOUNT), (address_key(address), ADDRESS)]


def _seconds(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))


def check(session, keys: list[tuple[str, Policy]], now: dt.datetime) -> Refusal | None:
    """Whether an attempt may be made now; the first refusal if not."""
    rows = {r.key: r for r in session.scalars(select(SignInThrottle).where(
        SignInThrottle.key.in_([k for k, _ in keys])))}  # fmt: skip
    for key, policy in keys:
        row = rows.get(key)
        if row is None:
            continue
        if row.locked_until is not None and now < row.locked_until:
            return Refusal(key, True, _seconds(row.locked_until - now))
        if now - row.last_failure_at > policy.forget_after:
            continue
        wait_until = row.last_failure_at + policy.delay(row.failures)
        if now < wait_until:
            return Refusal(key, False, _seconds(wait_until - now))
    return None


def _row(session, key: str, now: dt.datetime) -> SignInThrottle:
    row = session.scalar(select(SignInThrottle).where(SignInThrottle.key == key))
    if row is not None:
        return row
    try:
        # Two processes may count the first failure of a key at once: the unique key
        # lets one insert win; the other reads the winner's row.
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
        return row
    except IntegrityError:
        return session.scalar(select(SignInThrottle).where(SignInThrottle.key == key))


def failed(session, keys: list[tuple[str, Policy]], now: dt.datetime) -> list[str]:
    """Count a failure on every key; the keys this failure locked."""
    locked = []
    for key, policy in keys:
        row = _row(session, key, now)
        if now - row.last_failure_at > policy.forget_after or (
            row.locked_until is not None and row.locked_until <= now
        ):
            row.failures, row.locked_until = 0, None
            session.flush()
        # An increment in SQL: concurrent failures are all counted.
        session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.id == row.id)
            .values(failures=SignInThrottle.failures + 1, last_failure_at=now)
        )
        session.refresh(row)
        if (
            policy.lock_at is not None
            and row.failures >= policy.lock_at
            and (row.locked_until is None)
        ):
            row.locked_until = now + policy.lock_for
            locked.append(key)
    session.flush()
    return locked


def succeeded(session, username: str) -> None:
    """A right password clears the account's count (not the address's: one valid
    account must not let an address go on guessing others)."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == account_key(username)))


def lift(session, username: str) -> bool:
    """Lift an account's lock (a head or admin did); whether there was one."""
    result = session.execute(
        delete(SignInThrottle).where(SignInThrottle.key == account_key(username))
    )
    return bool(result.rowcount)


def locked_usernames(session, now: dt.datetime) -> dict[str, dt.datetime]:
    """Accounts locked now, with the time each lock runs out."""
    rows = session.scalars(
        select(SignInThrottle).where(
            SignInThrottle.key.like("account:%"), SignInThrottle.locked_until > now
        )
    )
    return {r.key.removeprefix("account:"): r.locked_until for r in rows}


def forget_stale(session, now: dt.datetime) -> int:
    """Delete counts no policy remembers any more (a guessed username leaves one row)."""
    horizon = now - max(ACCOUNT.forget_after, ADDRESS.forget_after, ACCOUNT.lock_for)
    result = session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.last_failure_at < horizon,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now),
        )
    )
    return result.rowcount
