"""Why the engine refuses: one exception family, each with a stable code."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from caseflow.engine.findings import Finding


class Refused(Exception):
    """A step or action the engine will not take. Nothing was written."""

    code = "refused"
    http_status = 422

    def __init__(
        self,
        zh: str,
        en: str,
        findings: list[Finding] | None = None,
        field_errors: dict | None = None,
    ):
        self.zh, self.en = zh, en
        self.findings = findings or []
        self.field_errors = field_errors or {}
        super().__init__(f"{zh} / {en}")

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self),
            "findings": [f.to_dict() for f in self.findings],
            "errors": self.field_errors,
        }


class NotAvailable(Refused):
    """The step does not exist from the case's current state."""

    code = "not_available"
    http_status = 409


class Forbidden(Refused):
    """The actor's role or jurisdiction does not allow it."""

    code = "forbidden"
    http_status = 403


class InvalidData(Refused):
    code = "invalid"
    http_status = 422


class RuleViolation(Refused):
    """An error finding, or an unacknowledged warning. Its text names the rules."""

    code = "findings"
    http_status = 422

    def __init__(self, zh: str, en: str, findings=None, field_errors=None):
        super().__init__(zh, en, findings, field_errors)
        named = sorted({f.rule for f in self.findings})
        if named:
            self.args = (f"{self.args[0]} ({', '.join(named)})",)


class Conflict(Refused):
    """Someone else changed the case since it was read (stale version)."""

    code = "conflict"
    http_status = 409


class UnacknowledgedWarnings(RuleViolation):
    """Warnings the actor has not acknowledged; resend with acknowledgement to proceed."""

    code = "warnings"


class UnacknowledgedDefects(RuleViolation):
    """A defect (瑕疵) nobody who may acknowledge it has acknowledged; the step can be
    held as a pending step for them instead (Engine.fire's ``hold``)."""

    code = "defects"


@contextmanager
def conflict_on_collision():
    """Two writers on one case meet at the unique (case, seq) of the audit trail: the
    loser's step is a conflict, never a second branch of the chain. A lock held past the
    timeout, a full disk or a lost database is not a conflict with another user: it
    propagates for caseflow.outage to name."""
    try:
        yield
    except IntegrityError:
        raise Conflict(
            "案件已被他人修改，请刷新后重试",
            "the case was changed by someone else; reload and retry",
        ) from None
