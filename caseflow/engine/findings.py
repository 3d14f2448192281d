"""Findings: what a rule says about a step, and why."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field


class Severity(enum.StrEnum):
    """How much a finding weighs.

    - ``error``: the step would get the case revoked; it is refused, nothing is written.
    - ``defect`` (瑕疵): an act late or irregular in a way the law calls minor
      (行政诉讼法 art. 74). The step is not refused and not recorded either: it waits
      as a pending step until a head (and, where the defect touches the decision, a
      legal reviewer) acknowledges it (caseflow.engine.pending).
    - ``warning``: recorded on the step once the actor acknowledges it.

    A plain string is converted at the boundary (:meth:`of`); an unknown one is refused,
    so a typo can never pass as a warning.
    """

    ERROR = "error"
    DEFECT = "defect"
    WARNING = "warning"

    @classmethod
    def of(cls, value) -> Severity:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise ValueError(f"severity must be one of {known}, not {value!r}") from None

    @property
    def refuses(self) -> bool:
        """Whether a finding of this severity refuses the step outright."""
        return self is Severity.ERROR

    @property
    def label_zh(self) -> str:
        return {"error": "错误", "defect": "瑕疵", "warning": "警告"}[self.value]


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

    def __post_init__(self):
        object.__setattr__(self, "severity", Severity.of(self.severity))
        for name in ("rule", "message_zh", "message_en"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise TypeError(f"Finding.{name} must be a non-empty string, not {value!r}")
        if not isinstance(self.source, str):
            raise TypeError(f"Finding.source must be a string, not {self.source!r}")

    @property
    def message(self) -> str:
        return f"{self.message_zh} / {self.message_en}"

    @property
    def is_error(self) -> bool:
        """Whether this finding refuses the step."""
        return self.severity.refuses

    @property
    def is_defect(self) -> bool:
        """Whether this finding holds the step for an acknowledgement (瑕疵)."""
        return self.severity is Severity.DEFECT

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


def defect(rule: str, zh: str, en: str, source: str = "", **data) -> Finding:
    return Finding(rule, Severity.DEFECT, zh, en, source, data=data)


def warning(rule: str, zh: str, en: str, source: str = "", **data) -> Finding:
    return Finding(rule, Severity.WARNING, zh, en, source, data=data)


@dataclass(frozen=True)
class RuleInfo:
    """A rule's public description, as ``caseflow rules`` lists it.

    ``severity`` may be one severity or several (a rule that warns when a period is
    close and refuses once it ran out); ``severities`` holds them all and
    ``severity`` the weightiest. Strings are converted, unknown ones refused.
    """

    id: str
    severity: Severity
    title_zh: str
    title_en: str
    source: str
    steps: tuple[str, ...] = ()
    plugin: str | None = None
    severities: tuple[Severity, ...] = ()
    # The setting keys the rule reads (``caseflow rules`` shows their values and marks).
    settings: tuple[str, ...] = ()

    def __post_init__(self):
        given = self.severity if isinstance(self.severity, list | tuple) else (self.severity,)
        given = (*given, *self.severities)
        if not given:
            raise ValueError(f"rule {self.id} gives no severity")
        found = {Severity.of(s) for s in given}
        ordered = tuple(s for s in Severity if s in found)  # error, defect, warning
        object.__setattr__(self, "severities", ordered)
        object.__setattr__(self, "severity", ordered[0])
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "settings", tuple(self.settings))
        if not isinstance(self.id, str) or not self.id:
            raise TypeError(f"RuleInfo.id must be a non-empty string, not {self.id!r}")
