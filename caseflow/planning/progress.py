"""A plan's progress: inspections recorded against its targets, by kind and by street.

An inspection counts for the plan when the plan's unit (or a unit below it) made
it in the plan's year. It is double-random when its party was drawn in one of
the plan's draws and it falls in that draw's window; otherwise supervisory. The
inspection records to come will carry their kind; until then it is derived so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.models import Draw, DrawAssignment, InspectionKind, Plan, Unit
from caseflow.planning.inspections import Inspection, inspections


@dataclass(frozen=True)
class Row:
    kind: InspectionKind
    unit: Unit | None  # None: parties of units the plan set no target for
    target: int
    done: int

    @property
    def percent(self) -> int:
        if not self.target:
            return 100 if self.done else 0
        return round(100 * self.done / self.target)


@dataclass(frozen=True)
class Progress:
    rows: list[Row]
    totals: dict[InspectionKind, tuple[int, int]]  # kind -> (target, done)


def drawn_windows(session, plan: Plan) -> dict[int, list[tuple[dt.date, dt.date]]]:
    rows = session.execute(
        select(DrawAssignment.party_id, Draw.window_start, Draw.window_end)
        .join(Draw, Draw.id == DrawAssignment.draw_id)
        .where(Draw.plan_id == plan.id)
    ).all()
    out: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for party_id, start, end in rows:
        out.setdefault(party_id, []).append((start, end))
    return out


def kind_of(inspection: Inspection, windows) -> InspectionKind:
    for start, end in windows.get(inspection.party_id, ()):
        if start <= inspection.date <= end:
            return InspectionKind.DOUBLE_RANDOM
    return InspectionKind.SUPERVISORY


def progress(session, plan: Plan) -> Progress:
    facts = inspections(
        session,
        unit_ids=plan.unit.subtree_ids(),
        start=dt.date(plan.year, 1, 1),
        end=dt.date(plan.year, 12, 31),
    )
    windows = drawn_windows(session, plan)
    done = Counter((kind_of(i, windows), i.party_unit_id) for i in facts)
    rows = []
    targeted = set()
    for t in plan.targets:
        kind = InspectionKind(t.kind)
        targeted.add((kind, t.unit_id))
        rows.append(Row(kind, t.unit, t.count, done.get((kind, t.unit_id), 0)))
    for kind in InspectionKind:
        rest = sum(n for (k, u), n in done.items() if k == kind and (k, u) not in targeted)
        if rest:
            rows.append(Row(kind, None, 0, rest))
    totals = {
        kind: (
            sum(t.count for t in plan.targets if t.kind == kind),
            sum(n for (k, _u), n in done.items() if k == kind),
        )
        for kind in InspectionKind
    }
    return Progress(rows, totals)
