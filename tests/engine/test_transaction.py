"""The caller owns the transaction: the engine flushes, the request or command commits.

A step the caller has not committed is seen by nobody else and is gone if the
caller rolls back; a step refused after its writes began takes back its own
writes and nothing the caller did before it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.engine.errors import Conflict, Refused
from caseflow.hookspecs import hookimpl
from caseflow.models import Case, Event, User
from caseflow_plugins.legal_procedure import procedure  # the workflows' steps and periods
from tests.conftest import table_counts
from tests.engine.helpers import OFFICERS, new_case


class FailsAfterRegister:
    """Reacts to a recorded step by raising: the step's writes have begun by then."""

    @hookimpl
    def caseflow_step_recorded(self, case, step, session):
        if step.step == "register":
            raise RuntimeError("the notification service is down")


def _events(rt, case_id: int) -> int:
    with rt.sessions() as other:
        return other.scalar(select(func.count()).select_from(Event).where(Event.case_id == case_id))


def test_a_step_is_seen_by_nobody_until_the_caller_commits_and_gone_if_it_rolls_back(
    make_app, district, session
):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    case_id = case.id
    rt.engine.fire(session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"])
    assert case.version == 2
    assert _events(rt, case_id) == 1  # only "opened": the step is not committed

    session.rollback()

    assert session.get(Case, case_id).version == 1
    assert _events(rt, case_id) == 1


def test_a_committed_step_is_seen_by_everyone(make_app, district, session):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    rt.engine.fire(session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"])
    session.commit()
    assert _events(rt, case.id) == 2


def test_a_plugin_failing_after_the_writes_began_takes_back_that_step_alone(
    make_app, district, session
):
    rt = make_app(extra_plugins=[procedure, FailsAfterRegister()], PLUGINS_ALLOW=[]).extensions[
        "caseflow"
    ]
    case = new_case(rt, session, district)
    # The caller's own earlier work in the same transaction, not yet committed.
    rt.engine.fire(session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"])
    before = table_counts(session)

    with pytest.raises(Refused, match="FailsAfterRegister|notification service"):
        rt.engine.fire(
            session, case, "register", {"discovered": "2024-03-05"}, district["head1"],
            acknowledge=True,
        )  # fmt: skip

    assert table_counts(session) == before
    assert (case.state, case.version) == ("inspection", 2)  # read again, not as written
    session.commit()
    assert _events(rt, case.id) == 2  # opened and inspect: the caller's work is kept


def test_a_stale_case_is_a_conflict_and_the_callers_transaction_stays_usable(
    make_app, district, session
):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    with rt.sessions() as other:
        mine = other.get(Case, case.id)
        officer = other.get(User, district["officer1"].id)
        rt.engine.fire(other, mine, "inspect", {**OFFICERS, "place": "车间"}, officer)
        other.commit()

    # This session still holds version 1: the version check in the write catches it.
    with pytest.raises(Conflict):
        rt.engine.fire(
            session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"]
        )
    assert case.version == 2  # read again: the officer sees the step that won
    rt.engine.fire(session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"])
    session.commit()
    assert _events(rt, case.id) == 3
