"""Units (执法单位): the district bureau and the street offices under it."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base

UNIT_LEVELS = ("province", "city", "county", "street")


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # A street office enforces only under a published delegation (APL-17-COMPETENCE).
    delegated: Mapped[bool] = mapped_column(Boolean, default=False)
    delegation_ref: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    # Prefix of case numbers issued by this unit, e.g. 深龙应急罚.
    case_prefix: Mapped[str | None] = mapped_column(String(40))

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def subtree_ids(self) -> set[int]:
        """This unit and every unit below it: an officer's jurisdiction."""
        ids = {self.id}
        for child in self.children:
            ids |= child.subtree_ids()
        return ids

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
