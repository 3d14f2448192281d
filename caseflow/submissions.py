"""Taking a submission once: the store behind one-time form tokens and Idempotency-Key.

The door (web or API) claims its key in the transaction that records the step, before
the engine fires: the claim is a row under a unique (user, scope, key). A key already
claimed and committed is handed back, so the door answers "already recorded" (the web)
or repeats the first answer (the API) and fires nothing. Two posts racing meet at the
unique index: on PostgreSQL the second insert waits for the first transaction and
fails once it commits, so only one of them ever records. A refused step rolls back
with its claim, leaving the key free for a corrected retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from caseflow.db import savepoint
from caseflow.models import Submission, SubmissionScope, User
from caseflow.models.submission import KEY_HOURS


def request_hash(*parts) -> str:
    """A digest of what was asked; JSON bodies compare by content, not by spacing."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Claim:
    """A key this request holds: ``earlier`` is None when the request is the first with
    it (and then :meth:`answer` records what it answered), else the earlier submission."""

    def __init__(self, row: Submission, earlier: bool, asked: str):
        self.row = row
        self.earlier = row if earlier else None
        self.asked = asked

    @property
    def same_request(self) -> bool:
        return self.earlier is None or self.earlier.request_hash == self.asked

    def answer(self, status: int, response: dict | None = None, case_id: int | None = None):
        self.row.status, self.row.response, self.row.case_id = status, response, case_id


def claim(
    session,
    user: User,
    scope: SubmissionScope,
    key: str,
    asked: str,
    now: dt.datetime,
) -> Claim:
    """Claim ``key`` for ``user``, or find who claimed it within the last day."""
    found = _find(session, user, scope, key)
    if found is not None and found.expired_at(now):
        # A key remembered past its day is forgotten, and the post is a new request.
        session.delete(found)
        session.flush()
        found = None
    if found is None:
        row = Submission(user_id=user.id, scope=str(scope), key=key, request_hash=asked,
                         created_at=now)  # fmt: skip
        try:
            with savepoint(session):
                session.add(row)
                session.flush()
        except IntegrityError:
            # Another transaction claimed it and has committed meanwhile: theirs it is.
            found = _find(session, user, scope, key)
            if found is None:
                raise
        else:
            return Claim(row, earlier=False, asked=asked)
    return Claim(found, earlier=True, asked=asked)


def _find(session, user, scope, key) -> Submission | None:
    return session.scalar(
        select(Submission)
        .where(Submission.user_id == user.id, Submission.scope == str(scope))
        .where(Submission.key == key)
        .execution_options(populate_existing=True)
    )


def purge(session, now: dt.datetime) -> int:
    """Forget keys older than their day (``caseflow security-log purge`` runs it)."""
    cutoff = now - dt.timedelta(hours=KEY_HOURS)
    return session.execute(delete(Submission).where(Submission.created_at < cutoff)).rowcount
