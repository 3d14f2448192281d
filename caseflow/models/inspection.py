"""Inspections (现场检查): a recorded visit with its checklist answers, item by item.

An inspection is a fact once recorded: nothing here is ever updated. A mistake is
put right by an :class:`InspectionCorrection` that names it, says why and who
approved, and the original stays as it was. A failed item opens a hazard (a case on
the hazard workflow); the answer keeps the link to the case it opened.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.case import Case
from caseflow.models.draw import DrawAssignment
from caseflow.models.organisation import Unit
from caseflow.models.party import Party
from caseflow.models.person import User
from caseflow.models.types import JSONType, UTCDateTime


class Answer(enum.StrEnum):
    """What the officers found against one checklist item."""

    PASS = "pass"  # 符合
    FAIL = "fail"  # 不符合（发现隐患）
    NOT_APPLICABLE = "na"  # 不适用

    @property
    def labels(self) -> tuple[str, str]:
        return ANSWER_LABELS[self]


ANSWER_LABELS = {
    Answer.PASS: ("符合", "pass"),
    Answer.FAIL: ("不符合", "fail"),
    Answer.NOT_APPLICABLE: ("不适用", "not applicable"),
}


class Inspection(Base):
    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("number", name="uq_inspections_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Drawn from the unit's ``inspection`` series when recorded.
    number: Mapped[str] = mapped_column(String(80))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # who inspected
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(300))
    officer1_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    officer2_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    credentials_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    # The drawn assignment this inspection carries out (双随机), when it does.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("draw_assignments.id"), index=True)
    # Campaign tags (专项整治, e.g. 锂电池): counted per campaign on the dashboard.
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # The checklists answered, as "id@version".
    checklists: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # What the officers found beyond the checklist (检查情况).
    findings: Mapped[str] = mapped_column(Text, default="")
    signed_by_party: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    party: Mapped[Party] = relationship()
    officer1: Mapped[User] = relationship(foreign_keys=[officer1_id])
    officer2: Mapped[User] = relationship(foreign_keys=[officer2_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    assignment: Mapped[DrawAssignment | None] = relationship()
    answers: Mapped[list[InspectionAnswer]] = relationship(
        back_populates="inspection", order_by="InspectionAnswer.position"
    )
    corrections: Mapped[list[InspectionCorrection]] = relationship(
        back_populates="inspection", order_by="InspectionCorrection.id"
    )

    @property
    def officers(self) -> tuple[User, User]:
        return (self.officer1, self.officer2)

    @property
    def failed(self) -> list[InspectionAnswer]:
        return [a for a in self.answers if a.answer == Answer.FAIL]

    @property
    def voided(self) -> bool:
        return any(c.void for c in self.corrections)

    def __repr__(self) -> str:
        return f"<Inspection {self.number} {self.date}>"


class InspectionAnswer(Base):
    """One checklist item as answered, with the item as it stood (text, source, grade)
    so a later version of the checklist never changes what was recorded."""

    __tablename__ = "inspection_answers"
    __table_args__ = (
        UniqueConstraint("inspection_id", "item_id", name="uq_inspection_answers_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    checklist: Mapped[str] = mapped_column(String(80))  # "id@version"
    item_id: Mapped[str] = mapped_column(String(40))
    text_zh: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(1))  # as the checklist grades it: M or G
    criterion: Mapped[str | None] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(String(4))
    note: Mapped[str] = mapped_column(Text, default="")
    # For a failed item: the hazard it opened and what that hazard was ordered.
    major_hazard: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[dt.date | None] = mapped_column(Date)  # None: correct immediately
    violation_code: Mapped[str | None] = mapped_column(String(40))
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    hazard_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="answers")
    hazard: Mapped[Case | None] = relationship()


class InspectionCorrection(Base):
    """A recorded correction of an inspection (更正): the inspection stays as it was."""

    __tablename__ = "inspection_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    void: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    inspection: Mapped[Inspection] = relationship(back_populates="corrections")
    approved_by: Mapped[User] = relationship(foreign_keys=[approved_by_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
