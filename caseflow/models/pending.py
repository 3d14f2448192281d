"""Pending steps: a step with a defect (瑕疵), held until the people who must
acknowledge it have signed, or returned.

Nothing here is in the audit trail: a pending step is not yet an act of the case.
Once acknowledged it becomes one audit event (``event_seq``); once returned the
row keeps who returned it and why, next to the case it was entered on.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.case import Case
from caseflow.models.person import User
from caseflow.models.types import JSONType, UTCDateTime


class PendingStatus(enum.StrEnum):
    WAITING = "waiting"
    RECORDED = "recorded"
    RETURNED = "returned"

    @property
    def label_zh(self) -> str:
        return {"waiting": "待确认", "recorded": "已确认并记录", "returned": "已退回"}[self.value]


class PendingStep(Base):
    __tablename__ = "pending_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict] = mapped_column(JSONType)  # the step's data as entered, date included
    findings: Mapped[list] = mapped_column(JSONType)  # every finding at entry, defects included
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expected_version: Mapped[int] = mapped_column(Integer)
    # [{"by", "role", "reason", "category", "at"}]: one signature per role still owed.
    signatures: Mapped[list] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(16), default=PendingStatus.WAITING, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(Text)
    event_seq: Mapped[int | None] = mapped_column(Integer)

    case: Mapped[Case] = relationship()
    entered_by: Mapped[User] = relationship(foreign_keys=[entered_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def defects(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "defect"]
