"""Cases (案件): one enforcement matter, pinned to the workflow version it began on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.organisation import Unit
from caseflow.models.party import Party
from caseflow.models.person import User
from caseflow.models.types import JSONType, UTCDateTime, utcnow


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("number", name="uq_cases_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300), default="")
    workflow_name: Mapped[str] = mapped_column(String(80))
    # A new version of a workflow file never changes a running case.
    workflow_version: Mapped[int] = mapped_column(Integer)
    procedure: Mapped[str] = mapped_column(String(16), default="general")
    state: Mapped[str] = mapped_column(String(60))
    # Optimistic lock: every write is "UPDATE ... WHERE version = <read>", so a stale
    # form is a conflict (409) and two writers can never fork the audit chain. It is
    # bumped explicitly (engine.bump) because a step that keeps the state must bump it too.
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    lead_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    violations: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Case this one was escalated from (hazard rectification -> penalty case).
    origin_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    party: Mapped[Party] = relationship()
    lead_officer: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Case {self.number} {self.workflow_name}@{self.workflow_version} {self.state}>"
