"""The recusal register (回避登记): an officer who must not act on a party, and why.

Nothing is deleted: a recusal that ends is lifted, with who and when, so a draw
can be re-run against the register as it stood when the draw was made.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, ForeignKey, String, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import Base
from caseflow.models.party import Party
from caseflow.models.person import User
from caseflow.models.types import UTCDateTime


class Recusal(Base):
    __tablename__ = "recusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lifted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    officer: Mapped[User] = relationship(foreign_keys=[officer_id])
    party: Mapped[Party] = relationship()
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])

    def in_force_at(self, when: dt.datetime) -> bool:
        return self.recorded_at <= when and (self.lifted_at is None or self.lifted_at > when)

    @classmethod
    def in_force(cls, when: dt.datetime) -> ColumnElement[bool]:
        """SQL for "recorded by ``when`` and not lifted by then"."""
        return and_(cls.recorded_at <= when, or_(cls.lifted_at.is_(None), cls.lifted_at > when))
