"""Number sequences (案号): one per unit, year and series, drawn under a lock."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base


class NumberSequence(Base):
    """The last number a unit drew in a year's series (penalty cases, hazards,
    inspections...). A row is locked while a number is drawn, so two filings can
    never take the same number, and a filing that rolls back gives its number back."""

    __tablename__ = "number_sequences"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
