"""Campaigns (专项整治): the special drives a bureau runs, e.g. lithium batteries or
confined spaces. A campaign is a tag: inspections, hazards and cases carry it in their
``tags``, and the dashboard counts each campaign listed here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base
from caseflow.models.types import UTCDateTime


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("tag", name="uq_campaigns_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(40))  # the tag records carry, e.g. 锂电池
    title: Mapped[str] = mapped_column(String(200))  # e.g. 锂电池安全专项整治
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Campaign {self.tag}>"
