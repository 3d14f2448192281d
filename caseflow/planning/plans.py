"""Making a plan: a unit's year, its campaigns, and targets by kind and by street."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import InspectionKind, Plan, PlanTarget, Unit, User

MAX_TARGET = 1_000_000


def clean_tags(tags) -> list[str]:
    return sorted({t.strip() for t in tags or () if t and t.strip()})


def make_plan(
    session,
    *,
    unit: Unit,
    year: int,
    title: str,
    targets: list[tuple[str, int, int]],  # (kind, unit id, count)
    actor: User,
    now: dt.datetime,
    tags=(),
) -> Plan:
    """Check, add and flush a plan; the caller commits."""
    errors: dict[str, list[str]] = {}
    reach = unit.subtree_ids()
    if not 2000 <= year <= 2100:
        errors["year"] = ["between 2000 and 2100"]
    if not (title or "").strip():
        errors["title"] = ["required"]
    seen = set()
    for i, (kind, unit_id, count) in enumerate(targets):
        if kind not in set(InspectionKind):
            errors[f"targets.{i}.kind"] = [f"one of {', '.join(InspectionKind)}"]
        if unit_id not in reach:
            errors[f"targets.{i}.unit_id"] = ["not the plan's unit or a unit below it"]
        if not 0 <= count <= MAX_TARGET:
            errors[f"targets.{i}.count"] = [f"between 0 and {MAX_TARGET}"]
        if (kind, unit_id) in seen:
            errors[f"targets.{i}"] = ["the same kind and unit twice"]
        seen.add((kind, unit_id))
    if errors:
        raise InvalidData("计划内容有误", "the plan is invalid", field_errors=errors)
    taken = session.scalar(
        select(Plan.id).where(
            Plan.unit_id == unit.id, Plan.year == year, Plan.title == title.strip()
        )
    )
    if taken:
        raise Conflict(
            "本单位该年度已有同名计划", "the unit already has a plan of this title that year"
        )
    plan = Plan(
        unit=unit,
        year=year,
        title=title.strip(),
        tags=clean_tags(tags),
        created_by_id=actor.id,
        created_at=now,
        targets=[PlanTarget(kind=k, unit_id=u, count=c) for k, u, c in targets if c],
    )
    session.add(plan)
    session.flush()
    return plan
