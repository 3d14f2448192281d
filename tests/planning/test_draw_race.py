"""Two heads press 抽取 for one plan at the same moment, on PostgreSQL with real threads."""

from __future__ import annotations

import threading

import pytest

from caseflow.engine.errors import Conflict
from caseflow.models import Draw, Plan, User
from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw
from tests.conftest import PG_URL
from tests.planning.test_draws import APRIL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL (CI sets it)"
    ),
]


def test_the_second_of_two_simultaneous_draws_is_told_to_draw_again(
    rt, session, district, pool, plan, clock
):
    def request(s):
        return DrawRequest(s.get(Plan, plan.id), "same-moment", 3, *APRIL, PoolFilter())

    first = rt.sessions()
    row = make_draw(first, request(first), first.get(User, district["head1"].id), clock())
    # The first draw holds its number uncommitted; the second counts the same draws.
    outcome: list = []

    def second_head():
        with rt.sessions() as s:
            try:
                make_draw(s, request(s), s.get(User, district["head1"].id), clock())
                s.commit()
                outcome.append("recorded")
            except Conflict as exc:
                s.rollback()
                outcome.append(exc)

    thread = threading.Thread(target=second_head)
    thread.start()
    thread.join(2)  # it waits on the first draw's number
    first.commit()
    first.close()
    thread.join(60)

    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert outcome[0].http_status == 409
    session.expire_all()
    assert [d.number for d in session.query(Draw).filter_by(plan_id=plan.id)] == [row.number]
