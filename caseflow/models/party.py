"""Parties (当事人): organisations and individuals a case is brought against."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from caseflow.db import Base
from caseflow.models.organisation import Unit
from caseflow.models.types import JSONType

PARTY_KINDS = ("organization", "individual")


class Party(Base):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    # Unified social credit code (organisation) or resident ID number (individual),
    # check character verified: a wrong code makes the decision's party unclear.
    id_code: Mapped[str] = mapped_column(String(18), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    # The unit whose territory the party is in (jurisdiction).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    industry: Mapped[str | None] = mapped_column(String(60))
    key_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)

    unit: Mapped[Unit | None] = relationship()

    @validates("kind")
    def _kind(self, _key, value):
        if value not in PARTY_KINDS:
            raise ValueError(f"kind must be one of {PARTY_KINDS}")
        return value

    @validates("id_code")
    def _id_code(self, _key, value):
        from caseflow.idcodes import check_party_code

        value = (value or "").strip().upper()
        problem = check_party_code(self.kind, value)
        if problem:
            raise ValueError(f"id_code: {problem}")
        return value

    def __repr__(self) -> str:
        return f"<Party {self.id_code} {self.name}>"
