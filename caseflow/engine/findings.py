"""Findings: what a rule says about a step, and why."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field


class Severity(enum.StrEnum):
    """An error refuses a step (a defect that gets a case revoked); a warning is
    recorded on it (a minor flaw, 行政诉讼法 art. 74) and must be acknowledged."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    source: str = ""
    step: int | None = None
    plugin: str | None = None
    data: dict = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        return f"{self.message_zh} / {self.message_en}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, step: int | None) -> Finding:
        """The same finding placed on step index ``step``."""
        return Finding(**{**self.__dict__, "step": step})

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = str(self.severity)
        d["message"] = self.message
        return d


def error(rule: str, zh: str, en: str, source: str = "", **data) -> Finding:
    return Finding(rule, Severity.ERROR, zh, en, source, data=data)


def warning(rule: str, zh: str, en: str, source: str = "", **data) -> Finding:
    return Finding(rule, Severity.WARNING, zh, en, source, data=data)


@dataclass(frozen=True)
class RuleInfo:
    """A rule's public description, as ``caseflow rules`` lists it."""

    id: str
    severity: Severity
    title_zh: str
    title_en: str
    source: str
    steps: tuple[str, ...] = ()
    plugin: str | None = None
