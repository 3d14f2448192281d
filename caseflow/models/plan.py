"""Inspection plans (年度检查计划): a unit's yearly targets by kind and by street."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.organisation import Unit
from caseflow.models.person import User
from caseflow.models.types import JSONType, UTCDateTime


class InspectionKind(enum.StrEnum):
    """What put an inspection on the calendar."""

    SUPERVISORY = "supervisory"  # 日常监督检查
    DOUBLE_RANDOM = "double_random"  # 双随机抽查

    @property
    def labels(self) -> tuple[str, str]:
        return KIND_LABELS[self]


KIND_LABELS = {
    InspectionKind.SUPERVISORY: ("监督检查", "supervisory"),
    InspectionKind.DOUBLE_RANDOM: ("双随机抽查", "double-random"),
}


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("unit_id", "year", "title", name="uq_plans_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    # Campaign tags (专项整治, e.g. 锂电池): the plan serves these campaigns.
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User] = relationship()
    targets: Mapped[list[PlanTarget]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTarget.id"
    )

    def __repr__(self) -> str:
        return f"<Plan {self.year} {self.title}>"


class PlanTarget(Base):
    """How many inspections of one kind the plan sets for the parties of one unit's
    territory (a street, or the bureau's own parties)."""

    __tablename__ = "plan_targets"
    __table_args__ = (
        UniqueConstraint("plan_id", "kind", "unit_id", name="uq_plan_targets_plan_kind_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    count: Mapped[int] = mapped_column(Integer)

    plan: Mapped[Plan] = relationship(back_populates="targets")
    unit: Mapped[Unit] = relationship()
