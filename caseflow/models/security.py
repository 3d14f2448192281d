"""The security log (安全日志) and the sign-in throttle: who signed in, who failed, what was
locked, exported, imported or administered, and when.

The log is kept apart from the cases' audit trail: it records accounts and access,
not enforcement acts, and it has a retention period (网络安全法 art. 21: network logs
kept no less than six months) where audit events are kept for ever.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import Base
from caseflow.models.types import JSONType, UTCDateTime

# 网络安全法 art. 21(3): network operators keep the relevant logs no less than six months.
RETENTION_DAYS = 180


class SecurityKind(enum.StrEnum):
    """What happened, with its label (zh, en)."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_REFUSED = "sign_in_refused"  # throttled or locked: the password was not tried
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    SIGN_OUT = "sign_out"
    SESSION_EXPIRED = "session_expired"
    PASSWORD_CHANGED = "password_changed"
    ROLES_CHANGED = "roles_changed"
    TOKEN_ISSUED = "token_issued"
    TOKEN_REVOKED = "token_revoked"
    EXPORT = "export"
    IMPORT = "import"
    ADMIN = "admin"

    @property
    def label(self) -> tuple[str, str]:
        return LABELS[self]


LABELS = {
    SecurityKind.SIGN_IN: ("登录成功", "signed in"),
    SecurityKind.SIGN_IN_FAILED: ("登录失败", "sign-in failed"),
    SecurityKind.SIGN_IN_REFUSED: ("登录被限制", "sign-in refused (throttled or locked)"),
    SecurityKind.LOCKED: ("账户锁定", "account locked"),
    SecurityKind.UNLOCKED: ("解除锁定", "lock lifted"),
    SecurityKind.SIGN_OUT: ("退出登录", "signed out"),
    SecurityKind.SESSION_EXPIRED: ("会话超时", "session timed out"),
    SecurityKind.PASSWORD_CHANGED: ("修改密码", "password changed"),
    SecurityKind.ROLES_CHANGED: ("角色变更", "roles changed"),
    SecurityKind.TOKEN_ISSUED: ("签发令牌", "API token issued"),
    SecurityKind.TOKEN_REVOKED: ("吊销令牌", "API token revoked"),
    SecurityKind.EXPORT: ("导出", "export"),
    SecurityKind.IMPORT: ("导入", "import"),
    SecurityKind.ADMIN: ("管理操作", "administration"),
}


class SecurityEntry(Base):
    """One line of the security log. Append-only: the database refuses an UPDATE, and a
    DELETE of a line younger than RETENTION_DAYS (migration 0007)."""

    __tablename__ = "security_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # The account concerned, as typed (a failed sign-in may name nobody who exists).
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    # Who did it, when it was someone signed in (an admin lifting a lock, an export).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSONType, default=dict)


class SignInThrottle(Base):
    """Failed sign-ins counted per key (``account:<username>`` or ``address:<ip>``), so
    every process of the installation sees the same count (nothing kept in memory)."""

    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
