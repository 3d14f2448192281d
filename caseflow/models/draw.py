"""Double-random draws (双随机抽查): parties drawn from a pool, each with two officers.

The draw keeps everything needed to re-run it: its seed, its pool filter, the
inputs as they stood (the pool, the officers, the exclusions) and the
fingerprint over them. The algorithm lives in :mod:`caseflow.drawing`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.party import Party
from caseflow.models.person import User
from caseflow.models.plan import Plan
from caseflow.models.types import JSONType, UTCDateTime


class Draw(Base):
    __tablename__ = "draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    algorithm: Mapped[str] = mapped_column(String(40))
    seed: Mapped[str] = mapped_column(String(100))
    requested: Mapped[int] = mapped_column(Integer)
    # The planned inspection window: officers' certificates must cover all of it.
    window_start: Mapped[dt.date] = mapped_column(Date)
    window_end: Mapped[dt.date] = mapped_column(Date)
    # {"units": [codes], "industry": str|None, "tags": [..], "key_enterprise": bool}
    pool_filter: Mapped[dict] = mapped_column(JSONType)
    # The inputs as they stood at drawn_at: {"parties": [...], "officers": [...],
    # "exclusions": [...]}; the fingerprint is over these and the seed. Deferred: a
    # county-wide pool is hundreds of kilobytes that a list of draws never reads.
    inputs: Mapped[dict] = mapped_column(JSONType, deferred=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Why fewer parties were drawn than requested (empty when all were).
    shortfall: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[Plan] = relationship()
    drawn_by: Mapped[User] = relationship(foreign_keys=[drawn_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    assignments: Mapped[list[DrawAssignment]] = relationship(
        back_populates="draw", cascade="all, delete-orphan", order_by="DrawAssignment.position"
    )

    @property
    def drawn(self) -> int:
        return len(self.assignments)

    def __repr__(self) -> str:
        return f"<Draw {self.number} {self.drawn}/{self.requested}>"


class DrawAssignment(Base):
    """One drawn party and the two officers who will inspect it."""

    __tablename__ = "draw_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    officer1_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    officer2_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    draw: Mapped[Draw] = relationship(back_populates="assignments")
    party: Mapped[Party] = relationship()
    officer1: Mapped[User] = relationship(foreign_keys=[officer1_id])
    officer2: Mapped[User] = relationship(foreign_keys=[officer2_id])

    @property
    def officers(self) -> tuple[User, User]:
        return (self.officer1, self.officer2)
