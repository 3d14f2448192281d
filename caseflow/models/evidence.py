"""Evidence files and issued documents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base
from caseflow.models.types import JSONType, UTCDateTime


class EvidenceFile(Base):
    """Metadata of an uploaded file; the bytes live content-addressed by SHA-256."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    evidence_id: Mapped[str | None] = mapped_column(String(40))  # the evidence step's id
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    event_seq: Mapped[int] = mapped_column(Integer)


class Document(Base):
    """An enforcement document (执法文书) issued by a step."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    title_zh: Mapped[str] = mapped_column(String(100))
    event_seq: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSONType)
    # The ``correct`` event that voided the step issuing it: withdrawn, still listed.
    withdrawn_seq: Mapped[int | None] = mapped_column(Integer)
