"""Workflow definitions (the spec), separate from running cases (the instances)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from caseflow.models.person import ROLES

FIELD_TYPES = (
    "string", "text", "boolean", "date", "datetime", "integer", "number",
    "choice", "choices", "person", "people", "penalty", "inventory", "instalments", "list",
    "object",
)  # fmt: skip


STAY = "="  # transitions' reflexive destination: the step is recorded, the state stays
# ``to: previous``: back to the state the case was in before it entered this one (a
# suspension lifted returns the case to where it stood).
PREVIOUS = "previous"


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    label: Label
    required: bool = False
    choices: tuple[str, ...] = ()
    # Filled with the acting user's username when left empty (approver fields).
    default_actor: bool = False
    # A date that may lie ahead (a deadline set, a hearing fixed); any other date says
    # when something happened and cannot be after today.
    ahead: bool = False
    help: Label | None = None


@dataclass(frozen=True)
class DeadlineSpec:
    """A deadline a step opens: a period a plugin defines (start, length, counting all
    live there, once), or a date the step itself names (a correction order's date)."""

    name: str
    label: Label | None = None  # None: the period's own
    period: str | None = None  # a period a plugin defines (caseflow_register_periods)
    due_field: str | None = None  # field holding the due date itself


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title_zh: str
    # Issued only when the step's fields have these values (a 询问笔录 for interview
    # evidence, not for every piece of evidence); empty: always.
    # Pairs (field, value), kept hashable like the rest of the spec.
    when: tuple = ()

    def __post_init__(self):
        if isinstance(self.when, dict):
            object.__setattr__(self, "when", tuple(sorted(self.when.items())))
        elif self.when is None:
            object.__setattr__(self, "when", ())


@dataclass(frozen=True)
class StepSpec:
    name: str
    label: Label
    sources: tuple[str, ...]
    dest: str | None  # None: stays in its state
    roles: tuple[str, ...]
    # Conditional destination: the value of ``dest_field``, or the answer a plugin's route
    # ``dest_route`` gives from the history, picks the state.
    dest_field: str | None = None
    dest_by_value: tuple[tuple[str, str], ...] = ()
    dest_route: str | None = None
    # Records a fact without moving (a review or lawsuit result, an enforcement result);
    # the only kind of step a final state may offer.
    annotation: bool = False
    fields: tuple[FieldSpec, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    opens: tuple[DeadlineSpec, ...] = ()
    closes: tuple[str, ...] = ()
    spawns: str | None = None  # workflow a new case starts on (escalation)...
    spawn_when: str | None = None  # ...when the step lands in this state (None: always)
    spawn_if: tuple = ()  # ...and its fields have these values, as pairs (field, value)
    spawn_carry_before: str | None = None  # history carried stops before this step kind
    spawn_tier: str | None = "overdue"  # the new case's violations' tier; None keeps theirs
    spawn_overdue_after: str | None = None  # ...carrying what this deadline found uncorrected
    line: int | None = None

    def destinations(self) -> set[str]:
        """Where the step may lead; ``to: previous`` is resolved by the definition."""
        if self.dest == PREVIOUS:
            return set()
        if self.dest_field or self.dest_route:
            out: set[str] = set()
            for _, d in self.dest_by_value:
                out |= set(self.sources) if d == STAY else {d}
            return out
        return {self.dest} if self.dest else set(self.sources)


@dataclass(frozen=True)
class Numbering:
    """Which register numbers the workflow's cases and when: ``drawn_at`` names the
    step that files the case (立案); None numbers the case when it is opened."""

    series: str = "penalty"
    drawn_at: str | None = None


@dataclass(frozen=True)
class StateSpec:
    name: str
    label: Label
    final: bool = False
    line: int | None = None


@dataclass(frozen=True)
class WorkflowDefinition:
    name: str
    version: int
    title: Label
    procedure: str
    initial: str
    states: dict[str, StateSpec]
    steps: tuple[StepSpec, ...]
    source: Path | None = None
    opening_fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    numbering: Numbering = field(default_factory=Numbering)

    @property
    def key(self) -> tuple[str, int]:
        return (self.name, self.version)

    def steps_from(self, state: str) -> list[StepSpec]:
        return [s for s in self.steps if state in s.sources]

    def step_from(self, state: str, name: str) -> StepSpec | None:
        for s in self.steps:
            if s.name == name and state in s.sources:
                return s
        return None

    def step_names(self) -> list[str]:
        return list(dict.fromkeys(s.name for s in self.steps))

    def destinations(self, step: StepSpec) -> set[str]:
        """Where ``step`` may lead. ``to: previous`` leads to any state another step
        leads from into one of its sources."""
        if step.dest != PREVIOUS:
            return step.destinations()
        return {
            src
            for other in self.steps
            if other.dest != PREVIOUS
            for src in other.sources
            if src not in step.sources and other.destinations() & set(step.sources)
        }

    def leads(self, step: StepSpec, src: str) -> set[str]:
        """Where ``step`` taken from ``src`` may lead: a step that stays (no ``to``, or a
        value routed to ``=``) stays in ``src``, not in its other sources."""
        if step.dest == PREVIOUS:
            return self.destinations(step)
        if step.dest_field or step.dest_route:
            return {src if d == STAY else d for _, d in step.dest_by_value}
        return {step.dest} if step.dest else {src}

    def validate(self) -> list[str]:
        """Every problem of the definition, as sentences naming state or step."""
        return [problem for _line, problem in self.located_problems()]

    def located_problems(self) -> list[tuple[int | None, str]]:
        """Every problem with the line of the file it is on (its step's or its state's;
        None where no one line holds it)."""
        return [*self._problems(), *self._graph_problems()]

    def _problems(self) -> list[tuple[int | None, str]]:
        problems: list[tuple[int | None, str]] = []
        if self.initial not in self.states:
            problems.append((None, f"initial state '{self.initial}' is not a declared state"))
        if PREVIOUS in self.states:
            problems.append(
                (None, f"a state may not be named '{PREVIOUS}': 'to: {PREVIOUS}' means going back")
            )
        seen: dict[tuple[str, str], int] = {}
        for i, s in enumerate(self.steps):
            where = f"step '{s.name}'" + (f" (line {s.line})" if s.line else "")

            def add(problem: str, line=s.line) -> None:
                problems.append((line, problem))

            for src in s.sources:
                if src not in self.states:
                    add(f"{where}: unknown source state '{src}'")
                if (src, s.name) in seen:
                    add(f"{where}: declared twice from state '{src}'")
                seen[(src, s.name)] = i
                if src in self.states and self.states[src].final and not s.annotation:
                    add(
                        f"{where}: leaves final state '{src}' (only an annotation step may be "
                        "taken there)"
                    )
            if s.annotation and (s.dest or s.dest_field or s.dest_route):
                add(f"{where}: an annotation step records without moving: no 'to'")
            if s.dest == PREVIOUS and not self.destinations(s):
                add(
                    f"{where}: goes back to the previous state, but no step leads into "
                    f"{', '.join(s.sources)} from another state"
                )
            for dest in s.destinations():
                if dest not in self.states:
                    add(f"{where}: unknown destination state '{dest}'")
            for role in s.roles:
                if role not in ROLES:
                    add(f"{where}: unknown role '{role}' (known: {', '.join(ROLES)})")
            if not s.roles:
                add(f"{where}: no role may take it")
            names = [f.name for f in s.fields]
            if s.dest_field and s.dest_field not in names:
                add(f"{where}: destination field '{s.dest_field}' is not one of its fields")
            for key, _value in s.spawn_if:
                if key not in names:
                    add(f"{where}: spawns when '{key}', which is not one of its fields")
            if s.spawn_when and s.spawn_when not in s.destinations():
                add(f"{where}: spawns when in '{s.spawn_when}', which it never reaches")
            opened = {d.name for t in self.steps for d in t.opens}
            if s.spawn_overdue_after and s.spawn_overdue_after not in opened:
                add(
                    f"{where}: spawns overdue after '{s.spawn_overdue_after}', a deadline no "
                    "step opens"
                )
            for d in s.opens:
                if (d.period is None) == (d.due_field is None):
                    add(f"{where}: deadline '{d.name}' needs either a period or a due_field")
                if d.label is None and d.period is None:
                    add(f"{where}: deadline '{d.name}' needs a label")
        drawn_at = self.numbering.drawn_at
        if drawn_at and drawn_at not in self.step_names():
            problems.append(
                (None, f"numbering: drawn at '{drawn_at}', which is not one of its steps")
            )
        return problems

    def _graph_problems(self) -> list[tuple[int | None, str]]:
        problems: list[tuple[int | None, str]] = []
        if self.initial not in self.states:
            return problems
        reached = {self.initial}
        queue = deque([self.initial])
        while queue:
            state = queue.popleft()
            for s in self.steps_from(state):
                for dest in self.leads(s, state):
                    if dest in self.states and dest not in reached:
                        reached.add(dest)
                        queue.append(dest)
        for name, st in self.states.items():
            if name not in reached:
                problems.append((st.line, f"state '{name}' is unreachable from '{self.initial}'"))
            leaving = [s for s in self.steps_from(name) if self.leads(s, name) - {name}]
            if not st.final and not leaving:
                problems.append((st.line, f"state '{name}' is a dead end but not marked final"))
        if not any(st.final for st in self.states.values()):
            problems.append((None, "no final state"))
        else:
            problems.extend(self._unfinishable(reached))
        return problems

    def _unfinishable(self, reached: set[str]) -> list[tuple[int | None, str]]:
        """States from which no route, conditional destinations and ``to: previous``
        included, ever reaches a final state: a case there could never end."""
        into: dict[str, set[str]] = {name: set() for name in self.states}
        for s in self.steps:
            for src in s.sources:
                for dest in self.leads(s, src):
                    if dest in into and src in self.states:
                        into[dest].add(src)
        can_end = {name for name, st in self.states.items() if st.final}
        queue = deque(can_end)
        while queue:
            for src in into[queue.popleft()]:
                if src not in can_end:
                    can_end.add(src)
                    queue.append(src)
        return [
            (st.line, f"state '{name}' cannot reach a final state by any route")
            for name, st in self.states.items()
            if name in reached and not st.final and name not in can_end
        ]
