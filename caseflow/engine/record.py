"""The case record: what rules read.

One shape for both modes. Live, the engine builds it from the database before a
step; in review (案卷评查) the case-file reader builds it from a file. Rules see
nothing else, so one rule implementation serves both modes. Field names are the
case-file format's (``shared/domain/case-file-format.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

# Keys inside steps that hold dates, parsed to ``datetime.date`` on the way in.
STEP_DATE_KEYS = frozenset({"served", "deadline", "discovered", "decided_on", "hearing_date"})


@dataclass(frozen=True)
class Certificate:
    """执法证: an enforcement certificate."""

    number: str
    valid_from: dt.date
    valid_to: dt.date
    revoked_on: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        if self.revoked_on is not None and day >= self.revoked_on:
            return False
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: frozenset[str]
    certificate: Certificate | None = None
    legal_qualification: bool = False


@dataclass(frozen=True)
class Unit:
    name: str
    level: str  # county, city, province, street
    delegated: bool = False


@dataclass(frozen=True)
class Party:
    kind: str  # organization or individual
    name: str
    id_code: str
    address: str = ""


@dataclass(frozen=True)
class Violation:
    code: str
    tier: str = "initial"  # or "overdue": not corrected by the ordered date
    act_start: dt.date | None = None
    act_end: dt.date | None = None  # None while continuing
    life_health: bool = False
    harm: bool = False
    first_offense: bool = False
    minor: bool = False
    corrected_on: dt.date | None = None


@dataclass(frozen=True)
class Step:
    """One recorded step: its name, date, and the keys of its kind."""

    index: int
    step: str
    date: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime | None = None  # when the file or the form gave a time

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def by(self) -> list[str]:
        """The officers who acted; a ``by`` that names a body, not people (a case the
        procuratorate sent back: ``case_returned``'s ``by``), names no officer."""
        by = self.data.get("by")
        return list(by) if isinstance(by, list | tuple) else []


@dataclass(frozen=True)
class RelatedCase:
    """Another case against the same party (for one-act-one-fine and closure alerts)."""

    case_number: str
    violation_codes: tuple[str, ...]
    act_start: dt.date | None
    act_end: dt.date | None
    state: str  # open, decided, closed, dropped
    decided_on: dt.date | None = None
    penalised: bool = False
    major_hazard: bool = False


@dataclass(frozen=True)
class CaseRecord:
    case_number: str
    procedure: str  # general or summary
    unit: Unit
    party: Party
    people: dict[str, Person]
    violations: tuple[Violation, ...]
    steps: tuple[Step, ...]
    workflow: str = ""
    related: tuple[RelatedCase, ...] = ()
    # False when the audit chain behind a live case does not verify (APL-47-TRACE).
    trail_intact: bool = True

    def before(self, index: int) -> CaseRecord:
        """The record as it stood when step ``index`` was proposed: earlier steps only."""
        return replace(self, steps=self.steps[:index])

    def with_step(self, step: Step) -> CaseRecord:
        return replace(self, steps=(*self.steps, step))

    def steps_named(self, *names: str) -> list[Step]:
        return [s for s in self.steps if s.step in names]

    def last(self, *names: str) -> Step | None:
        """The latest step of these kinds by date (then by order), or None."""
        found = self.steps_named(*names)
        return max(found, key=lambda s: (s.date, s.index)) if found else None

    def first(self, *names: str) -> Step | None:
        found = self.steps_named(*names)
        return min(found, key=lambda s: (s.date, s.index)) if found else None

    def person(self, pid: str | None) -> Person | None:
        return self.people.get(pid) if pid else None
