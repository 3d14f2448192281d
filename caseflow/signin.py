"""Signing in, one procedure for the web form and the API token endpoint.

Throttle first (a refused attempt never tries the password), then check the password
in the same time whether or not the account exists, then count the outcome and write
the security log. The caller commits: a failure must be kept even though the request
answers 401.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from caseflow import passwords, throttle
from caseflow.models import ApiToken, SecurityKind, User
from caseflow.security_log import record


@dataclass(frozen=True)
class Outcome:
    user: User | None = None
    refusal: throttle.Refusal | None = None
    # The password was right but no longer meets the rules (the demo's "demo" outside
    # demo mode, an 8-character password from before): it must be changed first.
    must_change_password: bool = False


def sign_in(
    session,
    username: str,
    password: str,
    *,
    address: str | None,
    now: dt.datetime,
    via: str,
    demo: bool = False,
) -> Outcome:
    keys = throttle.keys_for(username, address)
    refusal = throttle.check(session, keys, now)
    if refusal is not None:
        record(session, SecurityKind.SIGN_IN_REFUSED, now, username=username[:64],
               address=address, via=via, locked=refusal.locked,
               on=refusal.key.partition(":")[0])  # fmt: skip
        return Outcome(refusal=refusal)
    user = session.scalar(select(User).where(User.username == username))
    right = passwords.verify(user.password_hash if user is not None else None, password)
    if right and user.active:
        throttle.succeeded(session, username)
        record(session, SecurityKind.SIGN_IN, now, actor=user, address=address, via=via)
        weak = not demo and bool(passwords.problems(password, username))
        return Outcome(user=user, must_change_password=weak)
    for key in throttle.failed(session, keys, now):
        record(session, SecurityKind.LOCKED, now, username=key.partition(":")[2],
               address=address, via=via)  # fmt: skip
    record(session, SecurityKind.SIGN_IN_FAILED, now, username=username[:64], address=address,
           via=via, inactive=True if right else None)  # fmt: skip
    return Outcome()


def end_sessions(user: User) -> None:
    """End every session of ``user``, in every process: each one carries the generation
    it was made in, and the web refuses a session whose generation is no longer the
    user's."""
    user.session_generation = (user.session_generation or 0) + 1


def change_password(session, user: User, new_password: str, now: dt.datetime, *, address=None):
    """Set a new password that meets the rules (the caller checked ``problems``): every
    session and every API token of the user ends with the old password."""

    user.password_hash = passwords.hash_password(new_password)
    end_sessions(user)
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now
    record(session, SecurityKind.PASSWORD_CHANGED, now, actor=user, address=address)
