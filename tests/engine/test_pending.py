"""Defects in the engine: held, never refused and never recorded unacknowledged."""

from __future__ import annotations

import pytest

from caseflow.engine.errors import NotAvailable, RuleViolation, UnacknowledgedDefects
from caseflow.engine.pending import Acknowledgement
from caseflow.models import PendingStep
from caseflow_plugins.legal_procedure import procedure
from tests.conftest import table_counts
from tests.engine.helpers import OFFICERS, inspect, new_case, register
from tests.engine.plugins import DefectStep, StringSeverity

ACK = Acknowledgement("当事人外出", "party")


@pytest.fixture
def bare(make_app):
    def build(*plugins):
        app = make_app(extra_plugins=[procedure, *plugins], PLUGINS_ALLOW=[])
        return app.extensions["caseflow"]

    return build


def test_a_plugins_plain_string_error_still_refuses_and_cannot_be_acknowledged(
    bare, district, session
):
    rt = bare(StringSeverity("inspect", "error"))
    case = new_case(rt, session, district)
    before = table_counts(session)
    for ack in (None, ACK):
        with pytest.raises(RuleViolation) as refused:
            rt.engine.fire(
                session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"],
                acknowledge=True, acknowledgement=ack, hold=True,
            )  # fmt: skip
        assert [f.rule for f in refused.value.findings] == ["TEST-STRING"]
    assert table_counts(session) == before


def test_a_defect_is_refused_where_nobody_can_hold_it(bare, district, session):
    # The CLI, the demo and live import do not hold steps: they are told why.
    rt = bare(DefectStep("inspect"))
    case = new_case(rt, session, district)
    with pytest.raises(UnacknowledgedDefects):
        inspect(rt, session, case, district)


def test_a_held_defect_writes_only_its_pending_row(bare, district, session):
    rt = bare(DefectStep("inspect"))
    case = new_case(rt, session, district)
    before = table_counts(session)
    state, version = case.state, case.version
    outcome = rt.engine.fire(
        session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"], hold=True
    )
    assert outcome.event is None and outcome.pending.status == "waiting"
    after = table_counts(session)
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"pending_steps": 1}
    assert (case.state, case.version) == (state, version)
    assert outcome.pending.expected_version == version


def test_while_a_step_waits_no_step_that_moves_the_case_is_taken(bare, district, session):
    rt = bare(DefectStep("inspect"))
    case = new_case(rt, session, district)
    held = rt.engine.fire(
        session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"], hold=True
    ).pending
    state = case.state
    with pytest.raises(NotAvailable) as refused:
        register(rt, session, case, district)  # filing would move the case on
    assert f"#{held.id}" in str(refused.value)
    assert case.state == state and session.query(PendingStep).count() == 1


def test_an_acknowledged_step_is_checked_again_and_an_error_now_refuses(bare, district, session):
    # The rules change under a waiting step (here: a plugin now refuses it). The head's
    # acknowledgement cannot carry an error: nothing is recorded, the step still waits.
    refuse = StringSeverity("inspect", "error")
    rt = bare(DefectStep("inspect"), refuse)
    refuse.step = "nothing yet"
    case = new_case(rt, session, district)
    held = rt.engine.fire(
        session, case, "inspect", {**OFFICERS, "place": "仓库"}, district["officer1"], hold=True
    ).pending
    refuse.step = "inspect"
    with pytest.raises(RuleViolation):
        rt.engine.acknowledge(session, held, district["head1"], ACK)
    assert held.status == "waiting" and held.event_seq is None
    refuse.step = "nothing"
    outcome = rt.engine.acknowledge(session, held, district["head1"], ACK)
    assert outcome.event.payload["acknowledged"]["by"] == ["head1"]
    assert held.status == "recorded" and held.event_seq == outcome.event.seq


def test_a_defect_touching_the_decision_is_not_signed_by_an_officer_of_the_case(
    bare, district, session
):
    from caseflow.engine.errors import Forbidden
    from tests.api.conftest import add_user

    rt = bare(DefectStep("inspect", touches_decision=True))
    # A legal reviewer who also took part in the inspection is not independent of it.
    add_user(session, district, "reviewer2", ["reviewer", "officer"], cert="C-R2")
    case = new_case(rt, session, district)
    data = {"by": ["officer1", "reviewer2"], "credentials_shown": True, "place": "仓库"}
    held = rt.engine.fire(session, case, "inspect", data, district["officer1"], hold=True).pending
    assert rt.engine.acknowledge(session, held, district["head1"], ACK).event is None
    reviewer2 = session.query(type(district["head1"])).filter_by(username="reviewer2").one()
    with pytest.raises(Forbidden):
        rt.engine.acknowledge(session, held, reviewer2, ACK)
    outcome = rt.engine.acknowledge(session, held, district["reviewer1"], ACK)
    assert outcome.event.payload["acknowledged"]["by"] == ["head1", "reviewer1"]
