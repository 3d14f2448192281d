"""Moving running cases to a newer version of their workflow.

A case keeps the workflow version it started on (architecture: "a new version of a
file never changes a running case") unless an administrator moves it on purpose.
A move is one case at a time: the case row's version check guards it like any step,
an audit event says who moved it from which version to which, and a case whose state
the new version does not have is listed, never moved. The caller owns each
transaction (one per case); the engine only flushes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine import audit
from caseflow.models import Case

# The audit event a move appends (its payload: workflow, from, to, state, by).
EVENT_KIND = "workflow_version"


@dataclass(frozen=True)
class Move:
    """One running case and what moving it to ``to_version`` would do."""

    case_id: int
    label: str
    workflow: str
    from_version: int
    to_version: int
    state: str
    problem: str | None = None  # why it cannot move (its state has no counterpart)

    @property
    def movable(self) -> bool:
        return self.problem is None

    def __str__(self) -> str:
        head = f"{self.label} {self.workflow} v{self.from_version} -> v{self.to_version} [{self.state}]"
        return f"{head}: {self.problem}" if self.problem else head


def plan(session: Session, registry, to_version: int) -> Iterator[Move]:
    """Every running case on an older version of a workflow that has ``to_version``,
    each saying whether it can move (its state exists, not final, in the new version)."""
    for name in registry.names():
        if to_version not in registry.versions(name):
            continue
        target = registry.get(name, to_version)
        cases = session.scalars(
            select(Case)
            .where(
                Case.workflow_name == name,
                Case.workflow_version < to_version,
                Case.closed_at.is_(None),
            )
            .order_by(Case.id)
        )
        for case in cases:
            old = registry.get(name, case.workflow_version)
            if old.states[case.state].final:
                continue  # an ended case keeps the version it ended on
            problem = None
            if case.state not in target.states:
                problem = f"state '{case.state}' has no counterpart in version {to_version}"
            elif target.states[case.state].final:
                problem = f"state '{case.state}' is final in version {to_version}"
            yield Move(
                case.id, case.label, name, case.workflow_version, to_version, case.state, problem
            )


def move(session: Session, engine, move: Move, by: str, now: dt.datetime) -> Case:
    """Move one case as ``move`` planned it and append the event saying so; a case that
    changed since it was planned (another step, another move) is a Conflict."""
    from caseflow.engine.errors import Conflict

    case = session.get(Case, move.case_id)
    if (
        case is None
        or case.workflow_version != move.from_version
        or case.state != move.state
        or not move.movable
    ):
        raise Conflict(
            f"案件{move.label}已变化，未迁移", f"case {move.label} changed since it was planned"
        )
    engine.bump(session, case, workflow_version=move.to_version)
    audit.append(
        session, case, EVENT_KIND, by, at=now,
        payload={"workflow": move.workflow, "from_version": move.from_version,
                 "to_version": move.to_version, "state": move.state, "by": by},
    )  # fmt: skip
    session.flush()
    return case
