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
    # 正职负责人: the unit's principal head, who decides transfers (国务院令第310号 art. 5)
    # and approves a power cut (安全生产法 art. 70).
    principal: bool = False


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
class Accident:
    """The accident an accident penalty (WSL 95, 114) rests on: its grade and the day the
    people's government approved the investigation report (批复)."""

    grade: str  # general, larger, major, especially_major
    report_approved_on: dt.date | None = None


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
    # Format 1.1: who the provision makes liable, illegal gains, the act shared with
    # other violations (one act, several provisions), and the accident behind it.
    liable: str = "unit"  # unit, principal_head, responsible_person
    gains: float | None = None
    act: str | None = None
    accident: Accident | None = None


@dataclass(frozen=True)
class Step:
    """One recorded step: its name, date, and the keys of its kind."""

    index: int
    step: str
    date: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime | None = None  # when the file or the form gave a time
    # Format 1.1, on any step: who acknowledged its defects ({by, reason, category}),
    # and the day it was entered when later than ``date`` (补录). Not step data: no
    # rule reads them as a key of the act.
    acknowledged: dict[str, Any] | None = None
    recorded_on: dt.date | None = None

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
    # Live: the ids of the active users with the head role in the case's unit (its
    # leadership, for APL-57's quorum). None in a file: the people with the head role.
    unit_heads: tuple[str, ...] | None = None

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

    def heads(self) -> tuple[Person, ...]:
        """The unit's heads (负责人): live, the active users with the head role in the
        case's unit; in a file, the people with the head role."""
        if self.unit_heads is not None:
            found = (self.people.get(pid) for pid in self.unit_heads)
            return tuple(p for p in found if p is not None)
        return tuple(p for p in self.people.values() if "head" in p.roles)

    def principal_heads(self) -> tuple[Person, ...]:
        """The unit's principal head(s) (正职负责人): heads marked ``principal``."""
        return tuple(p for p in self.heads() if p.principal)

    def is_principal_head(self, pid: str | None) -> bool:
        """Whether ``pid`` is a principal head of the case's unit."""
        return any(p.id == pid for p in self.principal_heads()) if pid else False
