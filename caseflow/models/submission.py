"""Submissions already taken: one-time form tokens and API idempotency keys.

A row is written in the same transaction as the step (or the new case, or the upload)
it guards, under a unique (user, scope, key): a second post of the same form or key
finds it and is answered "already recorded" instead of recording again, and two
posts racing in different processes meet at the unique index, never both writing.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base
from caseflow.models.types import JSONType, UTCDateTime

# How long a key is remembered: a client retrying after a lost answer does so within
# the day; after that the same key is a new request.
KEY_HOURS = 24


class SubmissionScope(enum.StrEnum):
    FORM = "form"  # a web form's one-time token
    API = "api"  # an Idempotency-Key header


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("user_id", "scope", "key", name="uq_submissions_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scope: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(200))
    # SHA-256 of what was asked (method, path, body): the same key asking something
    # else is the client's mistake, not a retry.
    request_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict | None] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)

    def expired_at(self, now: dt.datetime) -> bool:
        return now - self.created_at >= dt.timedelta(hours=KEY_HOURS)
