"""Firing steps: the engine refuses what it must and changes nothing when it does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from caseflow.engine.errors import (
    Conflict,
    Forbidden,
    InvalidData,
    NotAvailable,
    RuleViolation,
    UnacknowledgedWarnings,
)
from caseflow.models import Deadline, Event
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.api.history import NOTICE_CONTENTS
from tests.conftest import table_counts
from tests.engine.helpers import OFFICERS, inspect, new_case, register
from tests.engine.plugins import Explodes, RefuseStep, WarnStep


@pytest.fixture
def bare(make_app):
    """An app with no domain plugins: only the engine's own checks apply."""

    def build(*plugins):
        return make_app(extra_plugins=[procedure, *plugins], PLUGINS_ALLOW=[]).extensions[
            "caseflow"
        ]

    return build


def test_a_decision_cannot_be_taken_on_a_case_still_at_inspection(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(NotAvailable) as refused:
        rt.engine.fire(session, case, "decide", {"outcome": "penalty"}, district["head1"])
    assert "检查发现" in refused.value.zh and "Inspection" in refused.value.en
    assert case.state == "inspection"


def test_an_unknown_step_is_refused_by_name(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(NotAvailable, match="no step 'approve_everything'"):
        rt.engine.fire(session, case, "approve_everything", {}, district["head1"])


def test_an_officer_cannot_approve_the_filing_only_a_head_can(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    before = table_counts(session)
    with pytest.raises(Forbidden) as refused:
        rt.engine.fire(
            session, case, "register", {"discovered": "2024-03-05"}, district["officer1"]
        )
    assert "负责人" in refused.value.zh and "head" in refused.value.en
    assert table_counts(session) == before
    assert case.state == "inspection" and case.version == 1


def test_an_error_finding_refuses_the_step_and_changes_nothing(bare, district, session):
    rt = bare(RefuseStep("register"))
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    rt.engine.fire(
        session, case, "order_correction", {"deadline": "2024-03-19"}, district["officer1"]
    )
    before = table_counts(session)
    state, version = case.state, case.version
    deadlines = [(d.name, d.due, d.closed_seq) for d in session.scalars(select(Deadline))]
    events = [(e.seq, e.hash) for e in session.scalars(select(Event).order_by(Event.id))]

    with pytest.raises(RuleViolation) as refused:
        register(rt, session, case, district)

    assert [f.rule for f in refused.value.findings] == ["TEST-REFUSE"]
    session.expire_all()
    assert table_counts(session) == before
    assert (case.state, case.version) == (state, version)
    assert [(d.name, d.due, d.closed_seq) for d in session.scalars(select(Deadline))] == deadlines
    assert [(e.seq, e.hash) for e in session.scalars(select(Event).order_by(Event.id))] == events


def test_a_plugin_that_raises_refuses_the_step_and_is_named(bare, district, session):
    rt = bare(Explodes())
    case = new_case(rt, session, district)
    before = table_counts(session)
    with pytest.raises(RuleViolation) as refused:
        inspect(rt, session, case, district)
    (finding,) = refused.value.findings
    assert finding.rule == "PLUGIN-FAILED" and "boom" in finding.message_en
    assert finding.plugin and finding.plugin in finding.message_en
    assert table_counts(session) == before


def test_a_warning_must_be_acknowledged_and_is_then_recorded_on_the_step(bare, district, session):
    rt = bare(WarnStep("inspect"))
    case = new_case(rt, session, district)
    with pytest.raises(UnacknowledgedWarnings) as asked:
        inspect(rt, session, case, district)
    assert [f.rule for f in asked.value.findings] == ["TEST-WARN"]
    assert case.version == 1
    outcome = rt.engine.fire(
        session,
        case,
        "inspect",
        {**OFFICERS, "place": "仓库"},
        district["officer1"],
        acknowledge=True,
    )
    assert [w["rule"] for w in outcome.event.payload["warnings"]] == ["TEST-WARN"]


def test_a_stale_version_is_a_conflict_not_an_overwrite(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    assert case.version == 2
    with pytest.raises(Conflict) as conflict:
        rt.engine.fire(
            session,
            case,
            "inspect",
            {**OFFICERS, "place": "仓库"},
            district["officer1"],
            expected_version=1,
        )
    assert "version 2" in conflict.value.en
    assert case.version == 2


def test_bad_step_data_gives_field_errors(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(
            session,
            case,
            "order_correction",
            {"deadline": "2024-02-30", "colour": "red"},
            district["officer1"],
        )
    errors = refused.value.field_errors
    assert "deadline" in errors and "colour" in errors


def test_people_named_in_a_step_must_exist(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(
            session,
            case,
            "inspect",
            {"by": ["officer1", "ghost"], "place": "x"},
            district["officer1"],
        )
    assert "ghost" in refused.value.field_errors["by"][0]


def test_nobody_approves_in_another_heads_name(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(
            session,
            case,
            "register",
            {"discovered": "2024-03-05", "approved_by": "head2"},
            district["head1"],
        )
    assert "approved_by" in refused.value.field_errors


def test_filing_opens_the_90_day_deadline_and_a_correction_order_its_own(
    bare, district, session, clock
):
    rt = bare()
    case = new_case(rt, session, district)
    rt.engine.fire(
        session, case, "order_correction", {"deadline": "2024-03-19"}, district["officer1"]
    )
    clock.set("2024-03-07")
    register(rt, session, case, district, date="2024-03-07")
    due = {
        d.name: d.due for d in session.scalars(select(Deadline).where(Deadline.case_id == case.id))
    }
    assert due == {"rectification": dt.date(2024, 3, 19), "decision_due": dt.date(2024, 6, 5)}
    clock.set("2024-03-20")
    rt.engine.fire(
        session,
        case,
        "reinspect",
        {**OFFICERS, "result": "corrected", "date": "2024-03-20"},
        district["officer1"],
    )
    closed = session.scalars(select(Deadline).where(Deadline.name == "rectification")).one()
    assert closed.closed_seq is not None


def test_legal_review_returned_sends_the_case_back_to_investigation(bare, district, session):
    rt = bare()
    case = new_case(rt, session, district)
    register(rt, session, case, district)
    rt.engine.fire(session, case, "conclude", {}, district["officer1"])
    assert case.state == "concluded"
    rt.engine.fire(session, case, "legal_review", {"opinion": "return"}, district["reviewer1"])
    assert case.state == "investigation"


def test_a_hazard_not_corrected_escalates_into_a_penalty_case_carrying_its_history(
    bare, district, session, clock
):
    rt = bare()
    case = new_case(rt, session, district, workflow="hazard_rectification")
    inspect(rt, session, case, district)
    rt.engine.fire(
        session, case, "order_correction", {"deadline": "2024-03-19"}, district["officer1"]
    )
    clock.set("2024-03-20")
    outcome = rt.engine.fire(
        session,
        case,
        "reinspect",
        {**OFFICERS, "result": "not_corrected", "date": "2024-03-20"},
        district["officer1"],
    )
    assert case.state == "escalated"
    penalty = outcome.spawned
    assert penalty.workflow_name == "general_penalty" and penalty.origin_case_id == case.id
    steps = [
        e.step
        for e in session.scalars(
            select(Event)
            .where(Event.case_id == penalty.id, Event.kind == "step")
            .order_by(Event.seq)
        )
    ]
    assert steps == ["inspect", "order_correction", "reinspect"]
    assert penalty.state == "inspection"


def test_actions_say_which_steps_are_open_to_whom(bare, district, session):
    rt = bare(RefuseStep("conclude"))
    case = new_case(rt, session, district)
    register(rt, session, case, district)
    actions = {a.step.name: a for a in rt.engine.actions(session, case, district["officer1"])}
    assert actions["evidence"].allowed
    assert not actions["conclude"].allowed
    assert [f.rule for f in actions["conclude"].findings] == ["TEST-REFUSE"]
    assert not actions["extension"].allowed and isinstance(actions["extension"].reason, Forbidden)


def test_a_step_dated_after_today_is_refused(bare, district, session, clock):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(
            session,
            case,
            "inspect",
            {**OFFICERS, "place": "仓库", "date": "2024-03-06"},
            district["officer1"],
        )
    assert "date" in refused.value.field_errors
    clock.set("2024-03-06")
    rt.engine.fire(
        session,
        case,
        "inspect",
        {**OFFICERS, "place": "仓库", "date": "2024-03-06"},
        district["officer1"],
    )


def test_the_partys_statement_window_is_a_wait_never_an_overdue_duty(
    bare, district, session, clock
):
    rt = bare()
    case = new_case(rt, session, district)
    register(rt, session, case, district)
    rt.engine.fire(session, case, "conclude", {}, district["officer1"])
    rt.engine.fire(
        session, case, "notify",
        {"served": "2024-03-05", "proposed": {"kinds": ["fine"], "fine": 20000},
         "rights": ["statement", "defence"], **NOTICE_CONTENTS},
        district["officer1"],
    )  # fmt: skip
    window = session.scalars(select(Deadline).where(Deadline.name == "statement_window")).one()
    decision = session.scalars(select(Deadline).where(Deadline.name == "decision_due")).one()
    late = dt.date(2024, 9, 1)
    assert window.waiting and not window.overdue_on(late) and window.ended_on(late)
    assert decision.overdue_on(late)
    overdue = session.scalars(select(Deadline.name).where(Deadline.overdue(late))).all()
    assert overdue == ["decision_due"]


def test_a_notice_served_tomorrow_or_a_violation_discovered_next_year_is_refused(
    bare, district, session
):
    rt = bare()
    case = new_case(rt, session, district)
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(session, case, "register", {"discovered": "2099-01-01"}, district["head1"])
    assert "discovered" in refused.value.field_errors
    register(rt, session, case, district)
    rt.engine.fire(session, case, "conclude", {}, district["officer1"])
    notice = {
        "proposed": {"kinds": ["fine"], "fine": 20000},
        "rights": ["statement", "defence"],
        **NOTICE_CONTENTS,
    }
    with pytest.raises(InvalidData) as refused:
        rt.engine.fire(
            session, case, "notify", {**notice, "served": "2024-03-06"}, district["officer1"]
        )
    assert "served" in refused.value.field_errors
    # A correction deadline lies ahead by nature.
    case2 = new_case(rt, session, district)
    rt.engine.fire(
        session, case2, "order_correction", {"deadline": "2024-04-05"}, district["officer1"]
    )
