"""People: users with roles, and their enforcement certificates (执法证)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from caseflow.db import Base
from caseflow.models.organisation import Unit
from caseflow.models.types import JSONType

ROLES = ("officer", "reviewer", "head", "admin")
ROLE_LABELS = {
    "officer": ("执法人员", "officer"),
    "reviewer": ("法制审核人员", "legal reviewer"),
    "head": ("负责人", "head"),
    "admin": ("系统管理员", "administrator"),
}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(256))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    roles: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Reviewers doing legal review (法制审核) must hold the legal qualification (APL-58).
    legal_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    # The unit's principal head (正职负责人): decides transfers of suspected crimes
    # (国务院令第310号 art. 5) and approves a power cut (安全生产法 art. 70).
    principal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    # Kept in every signed-in session and compared on each request: raising it (logout,
    # a password change) ends every session of the user, in every process.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    unit: Mapped[Unit] = relationship()
    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="user", order_by="Certificate.valid_to.desc()"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    def certificate_on(self, day: dt.date) -> Certificate | None:
        """The certificate valid on ``day``, if any."""
        for cert in self.certificates:
            if cert.valid_on(day):
                return cert
        return None

    def current_certificate(self) -> Certificate | None:
        return self.certificates[0] if self.certificates else None

    # Flask-Login protocol, kept here so the web needs no wrapper class.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.roles}>"


class Certificate(Base):
    """执法证: without a valid one an officer may not take an investigative act."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)

    user: Mapped[User] = relationship(back_populates="certificates")

    def valid_on(self, day: dt.date) -> bool:
        if self.revoked_on is not None and day >= self.revoked_on:
            return False
        return self.valid_from <= day <= self.valid_to
