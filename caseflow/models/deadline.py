"""Deadlines (期限) a step opens and a later step closes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ColumnElement, Date, ForeignKey, Integer, String, and_, false
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base
from caseflow.models.types import UTCDateTime


class Deadline(Base):
    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    label_zh: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100))
    due: Mapped[dt.date] = mapped_column(Date, index=True)
    opened_seq: Mapped[int] = mapped_column(Integer)
    closed_seq: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The ``correct`` event that voided the step opening it: closed, never met or missed.
    cancelled_seq: Mapped[int | None] = mapped_column(Integer)
    # True when the due date was counted past the official calendar's data.
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    # A period the unit must let run (the party's statement or hearing-request window):
    # when it ends the unit may act; it is never "overdue".
    waiting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def is_open(self) -> bool:
        return self.closed_seq is None

    def overdue_on(self, day: dt.date) -> bool:
        return self.is_open and not self.waiting and day > self.due

    def ended_on(self, day: dt.date) -> bool:
        return day > self.due

    @classmethod
    def overdue(cls, day: dt.date) -> ColumnElement[bool]:
        """SQL for "open, a duty of the unit, and past due on ``day``"."""
        return and_(cls.closed_seq.is_(None), cls.waiting.is_(False), cls.due < day)
