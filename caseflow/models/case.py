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
    __table_args__ = (
        UniqueConstraint("number", name="uq_cases_number"),
        UniqueConstraint("ref", name="uq_cases_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The official number (案号), drawn from the unit's register when the case is filed
    # (engine/numbers.py); None until then, so a case never filed leaves no gap.
    number: Mapped[str | None] = mapped_column(String(80))
    # The case's permanent reference: its audit chain is hashed with it, so it never
    # changes. The provisional label of a new case; the number itself for a case
    # imported or opened before numbers were drawn at filing.
    ref: Mapped[str] = mapped_column(String(80))
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

    @property
    def label(self) -> str:
        """What people call the case: its number once filed, its provisional label before."""
        return self.number or self.ref

    @property
    def filed(self) -> bool:
        return self.number is not None

    def __repr__(self) -> str:
        return f"<Case {self.label} {self.workflow_name}@{self.workflow_version} {self.state}>"
