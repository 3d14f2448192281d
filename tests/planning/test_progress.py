"""A plan's progress equals the inspections recorded, by kind and by street."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.engine.errors import InvalidData
from caseflow.models import InspectionKind
from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw
from caseflow.planning.plans import make_plan
from caseflow.planning.progress import progress
from tests.planning.conftest import inspect

SUP, DR = InspectionKind.SUPERVISORY, InspectionKind.DOUBLE_RANDOM


def done(report, kind, unit):
    return next(r.done for r in report.rows if r.kind == kind and r.unit is unit)


def test_plan_progress_equals_the_inspections_recorded(rt, session, district, pool, plan, clock):
    street, other = district["street"], district["other"]
    assert all(r.done == 0 for r in progress(session, plan).rows)

    inspect(rt, session, district, pool[0], day="2024-03-01")
    inspect(rt, session, district, pool[1], day="2024-03-04")
    inspect(rt, session, district, pool[9], day="2024-03-05")  # in 布吉
    session.commit()
    report = progress(session, plan)
    assert done(report, SUP, street) == 2 and done(report, SUP, other) == 1
    assert done(report, DR, street) == 0
    assert report.totals[SUP] == (5, 3) and report.totals[DR] == (2, 0)

    # A drawn party inspected within its draw's window counts as double-random.
    april = (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    request = DrawRequest(plan, "q2", 1, *april, PoolFilter(units=("LG-BT",)))
    row = make_draw(session, request, district["head1"], clock())
    session.commit()
    drawn = row.assignments[0].party
    clock.set("2024-04-08")
    inspect(rt, session, district, drawn, (row.assignments[0].officer1.username,
                                           row.assignments[0].officer2.username), day="2024-04-08")  # fmt: skip
    session.commit()
    report = progress(session, plan)
    assert report.totals[DR] == (2, 1) and report.totals[SUP] == (5, 3)
    assert done(report, DR, street) == 1


def test_inspections_outside_the_plans_year_do_not_count(rt, session, district, pool, clock):
    old = make_plan(session, unit=district["bureau"], year=2023, title="2023年度计划",
                    targets=[("supervisory", district["street"].id, 1)], actor=district["head1"],
                    now=clock())  # fmt: skip
    inspect(rt, session, district, pool[0], day="2024-03-01")
    session.commit()
    assert progress(session, old).totals[SUP] == (1, 0)


def test_a_target_for_a_unit_outside_the_plans_reach_is_refused(session, district, clock):
    with pytest.raises(InvalidData) as err:
        make_plan(session, unit=district["street"], year=2024, title="坂田",
                  targets=[("supervisory", district["other"].id, 1), ("weekly", district["street"].id, 1)],
                  actor=district["head1"], now=clock())  # fmt: skip
    assert set(err.value.field_errors) == {"targets.0.unit_id", "targets.1.kind"}


def test_a_second_plan_of_the_same_title_and_year_is_a_conflict(session, district, plan, clock):
    from caseflow.engine.errors import Conflict

    with pytest.raises(Conflict):
        make_plan(session, unit=district["bureau"], year=2024, title=plan.title, targets=[],
                  actor=district["head1"], now=clock())  # fmt: skip


def test_a_voided_inspection_no_longer_counts(rt, session, district, pool, plan):
    from caseflow.inspections.record import void_inspection

    inspection = inspect(rt, session, district, pool[0], day="2024-03-01")
    inspect(rt, session, district, pool[1], day="2024-03-04")
    session.commit()
    assert progress(session, plan).totals[SUP] == (5, 2)
    void_inspection(rt.engine, session, inspection, "重复录入", district["head1"])
    session.commit()
    assert progress(session, plan).totals[SUP] == (5, 1)
