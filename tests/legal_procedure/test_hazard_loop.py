"""The hidden-danger loop (隐患整改闭环) as an officer lives it, on the shipped workflow
with every rule: ordered, reported corrected, re-inspected, closed or escalated; more
time asked and granted; a major hazard's plan, measures and review before resuming."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from caseflow.engine.errors import RuleViolation, UnacknowledgedDefects
from caseflow.engine.pending import Acknowledgement
from caseflow.hookspecs import hookimpl
from caseflow.models import Deadline, Document, Event
from tests.engine.helpers import OFFICERS, committed, new_case

INSPECTED = "2024-03-05"
DEADLINE = "2024-03-19"


def fire(rt, session, case, step, data, user, clock, day):
    clock.set(day)
    return committed(session, rt.engine.fire(session, case, step, {**data, "date": day}, user))


def hazard(rt, session, district, clock, *codes, violations=None, **order):
    """A hazard found at an inspection and ordered corrected by 19 March 2024."""
    case = new_case(
        rt,
        session,
        district,
        workflow="hazard_rectification",
        violations=violations or [{"code": c} for c in codes or ("AQL-102",)],
    )
    assert case.workflow_version == 2
    officer = district["officer1"]
    inspection = {**OFFICERS, "place": "锂电池仓库", "signed_by_party": True}
    fire(rt, session, case, "inspect", inspection, officer, clock, INSPECTED)
    fire(
        rt,
        session,
        case,
        "order_correction",
        {"deadline": DEADLINE, **order},
        officer,
        clock,
        INSPECTED,
    )
    return case


def reinspect(rt, session, case, district, clock, day, result="corrected", **kw):
    data = {**OFFICERS, "result": result, "opinion_signed": True}
    return fire(rt, session, case, "reinspect", data, district["officer1"], clock, day)


def rectification_due(session, case) -> dt.date:
    rows = session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.name == "rectification")
    ).all()
    (open_row,) = [d for d in rows if d.closed_seq is None]
    return open_row.due


def steps_of(session, case) -> list[str]:
    return [
        e.step
        for e in session.scalars(
            select(Event).where(Event.case_id == case.id, Event.kind == "step").order_by(Event.seq)
        )
    ]


def test_a_hazard_reported_corrected_and_found_corrected_closes(rt, session, district, clock):
    case = hazard(rt, session, district, clock)
    fire(rt, session, case, "request_review", {}, district["officer1"], clock, "2024-03-18")
    outcome = reinspect(rt, session, case, district, clock, "2024-03-20")
    assert case.state == "closed" and outcome.spawned is None
    open_rows = session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.closed_seq.is_(None))
    ).all()
    assert open_rows == []


def test_a_hazard_not_corrected_escalates_with_only_its_own_violation_as_overdue(
    rt, session, district, clock
):
    # Two hazards of one inspection, each its own case: the guard rail was put right,
    # the training records were not.
    rail = hazard(rt, session, district, clock, "AQL-99-2")
    training = hazard(rt, session, district, clock, "AQL-97-3")
    assert reinspect(rt, session, rail, district, clock, "2024-03-20").spawned is None
    outcome = reinspect(rt, session, training, district, clock, "2024-03-20", "not_corrected")
    assert training.state == "escalated"
    penalty = outcome.spawned
    assert penalty.workflow_name == "general_penalty" and penalty.origin_case_id == training.id
    assert [(v["code"], v["tier"]) for v in penalty.violations] == [("AQL-97-3", "overdue")]
    assert steps_of(session, penalty) == ["inspect", "order_correction", "reinspect"]
    # The inspection record and the re-inspection opinion stand in its file as evidence.
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == penalty.id)))
    assert {"inspection_record", "correction_order", "reinspection_opinion"} <= kinds


def test_a_violation_corrected_in_time_stays_behind_when_the_hazard_escalates(
    rt, session, district, clock
):
    # The bug of issue 13: every violation of the case went on as "overdue".
    case = hazard(
        rt,
        session,
        district,
        clock,
        violations=[
            {"code": "AQL-99-2", "corrected_on": "2024-03-18"},
            {"code": "AQL-97-3", "corrected_on": None},
        ],
    )
    outcome = reinspect(rt, session, case, district, clock, "2024-03-20", "not_corrected")
    assert [(v["code"], v["tier"]) for v in outcome.spawned.violations] == [("AQL-97-3", "overdue")]


def test_a_violation_corrected_only_after_the_deadline_goes_on_as_overdue(
    rt, session, district, clock
):
    case = hazard(
        rt,
        session,
        district,
        clock,
        violations=[{"code": "AQL-99-2", "corrected_on": "2024-03-20"}],
    )
    outcome = reinspect(rt, session, case, district, clock, "2024-03-21", "not_corrected")
    assert [(v["code"], v["tier"]) for v in outcome.spawned.violations] == [("AQL-99-2", "overdue")]


def test_an_extension_approved_by_a_head_moves_the_correction_deadline(
    rt, session, district, clock
):
    case = hazard(rt, session, district, clock)
    officer, head = district["officer1"], district["head1"]
    fire(rt, session, case, "deadline_extension_request", {}, officer, clock, "2024-03-15")
    decision = {"approved": True, "deadline": "2024-04-10"}
    fire(rt, session, case, "deadline_extension_decision", decision, head, clock, "2024-03-18")
    assert rectification_due(session, case) == dt.date(2024, 4, 10)
    # Re-inspected two days after the new deadline: in time, no defect to acknowledge.
    reinspect(rt, session, case, district, clock, "2024-04-12")
    assert case.state == "closed"


def test_an_extension_refused_leaves_the_deadline(rt, session, district, clock):
    case = hazard(rt, session, district, clock)
    fire(
        rt,
        session,
        case,
        "deadline_extension_request",
        {},
        district["officer1"],
        clock,
        "2024-03-15",
    )
    refusal = {"approved": False}
    fire(
        rt,
        session,
        case,
        "deadline_extension_decision",
        refusal,
        district["head1"],
        clock,
        "2024-03-18",
    )
    assert rectification_due(session, case) == dt.date(2024, 3, 19)


def test_more_time_asked_after_the_deadline_is_refused(rt, session, district, clock):
    """AQ-65-EXTEND (安全生产法 art. 65(1)(3): 责令立即排除 or by the order's date): the
    request comes while that date runs."""
    case = hazard(rt, session, district, clock)
    with pytest.raises(RuleViolation) as refused:
        fire(
            rt,
            session,
            case,
            "deadline_extension_request",
            {},
            district["officer1"],
            clock,
            "2024-03-20",
        )
    assert [f.rule for f in refused.value.findings] == ["AQ-65-EXTEND"]


def test_more_time_asked_on_the_last_day_is_received(rt, session, district, clock):
    case = hazard(rt, session, district, clock)
    fire(rt, session, case, "deadline_extension_request", {}, district["officer1"], clock, DEADLINE)
    assert steps_of(session, case)[-1] == "deadline_extension_request"


def test_an_extension_decided_without_a_request_is_refused(rt, session, district, clock):
    case = hazard(rt, session, district, clock)
    decision = {"approved": True, "deadline": "2024-04-10"}
    with pytest.raises(RuleViolation) as refused:
        fire(
            rt,
            session,
            case,
            "deadline_extension_decision",
            decision,
            district["head1"],
            clock,
            "2024-03-18",
        )
    assert {f.rule for f in refused.value.findings} == {"AQ-65-EXTEND"}
    assert rectification_due(session, case) == dt.date(2024, 3, 19)


def test_a_late_re_inspection_waits_for_a_head_and_then_escalates(rt, session, district, clock):
    """AQ-REVIEW (old 办法 art. 23, revision 2): late is a defect, not a dead end."""
    case = hazard(rt, session, district, clock)
    clock.set("2024-04-30")
    data = {**OFFICERS, "result": "not_corrected", "opinion_signed": True, "date": "2024-04-30"}
    with pytest.raises(UnacknowledgedDefects):
        rt.engine.fire(session, case, "reinspect", data, district["officer1"])
    session.rollback()
    held = committed(
        session, rt.engine.fire(session, case, "reinspect", data, district["officer1"], hold=True)
    )
    assert held.pending is not None and case.state == "ordered"
    done = committed(
        session,
        rt.engine.acknowledge(
            session,
            held.pending,
            district["head1"],
            Acknowledgement("复查人员外出培训", "internal"),
        ),
    )
    assert case.state == "escalated" and done.spawned is not None


MAJOR = {"major_hazard": True, "criterion": "令10第八条第七项", "suspension_ordered": True}
PLAN = {
    "responsible": "王厂长",
    "measures": "更换防爆电气设备",
    "funds": 80000,
    "deadline": "2024-03-30",
}
MEASURES = {"measures": ["withdraw_people", "suspend_operation"]}


def major_hazard(rt, session, district, clock, plan=True, measures=True):
    case = hazard(rt, session, district, clock, **MAJOR)
    if measures:
        fire(rt, session, case, "on_site_measures", MEASURES, district["head1"], clock, INSPECTED)
    if plan:
        fire(rt, session, case, "hazard_plan", PLAN, district["officer1"], clock, "2024-03-07")
    return case


def test_a_suspended_major_hazard_closes_only_after_the_review_before_resuming(
    rt, session, district, clock
):
    """AQ-65-RESUME (WSL 65(1)(3): 经审查同意，方可恢复生产经营)."""
    case = major_hazard(rt, session, district, clock)
    with pytest.raises(RuleViolation) as refused:
        reinspect(rt, session, case, district, clock, "2024-03-20")
    assert [f.rule for f in refused.value.findings] == ["AQ-65-RESUME"]
    session.rollback()
    review = {**OFFICERS, "approved": True}
    fire(rt, session, case, "resume_review", review, district["head1"], clock, "2024-03-20")
    reinspect(rt, session, case, district, clock, "2024-03-20")
    assert case.state == "closed"


def test_a_review_that_refuses_resumption_does_not_let_the_hazard_close(
    rt, session, district, clock
):
    case = major_hazard(rt, session, district, clock)
    review = {**OFFICERS, "approved": False}
    fire(rt, session, case, "resume_review", review, district["head1"], clock, "2024-03-20")
    with pytest.raises(RuleViolation) as refused:
        reinspect(rt, session, case, district, clock, "2024-03-20")
    assert [f.rule for f in refused.value.findings] == ["AQ-65-RESUME"]


def test_a_major_hazard_without_its_plan_cannot_close_as_corrected(rt, session, district, clock):
    """AQ-65-PLAN (安全生产法 arts. 41, 65(1)(3)): 一患一策 — responsible person, measures,
    funds, deadline."""
    case = major_hazard(rt, session, district, clock, plan=False)
    review = {**OFFICERS, "approved": True}
    fire(rt, session, case, "resume_review", review, district["head1"], clock, "2024-03-20")
    with pytest.raises(RuleViolation) as refused:
        reinspect(rt, session, case, district, clock, "2024-03-20")
    assert [f.rule for f in refused.value.findings] == ["AQ-65-PLAN"]


def test_a_suspension_ordered_with_the_order_stands_for_the_on_site_measures(
    rt, session, district, clock
):
    case = major_hazard(rt, session, district, clock, measures=False)
    with pytest.raises(RuleViolation) as refused:
        reinspect(rt, session, case, district, clock, "2024-03-20")
    assert [f.rule for f in refused.value.findings] == ["AQ-65-RESUME"]
    session.rollback()
    review = {**OFFICERS, "approved": True}
    fire(rt, session, case, "resume_review", review, district["head1"], clock, "2024-03-20")
    reinspect(rt, session, case, district, clock, "2024-03-20")
    assert case.state == "closed"


def test_a_major_hazard_not_corrected_escalates_without_waiting_for_its_plan(
    rt, session, district, clock
):
    case = major_hazard(rt, session, district, clock, plan=False, measures=False)
    outcome = reinspect(rt, session, case, district, clock, "2024-03-20", "not_corrected")
    assert case.state == "escalated" and outcome.spawned is not None


def test_a_review_before_resuming_needs_a_suspension_to_review(rt, session, district, clock):
    case = hazard(rt, session, district, clock)
    review = {**OFFICERS, "approved": True}
    with pytest.raises(RuleViolation) as refused:
        fire(rt, session, case, "resume_review", review, district["head1"], clock, "2024-03-20")
    assert [f.rule for f in refused.value.findings] == ["AQ-65-RESUME"]


class ItemCodeOnTheOrder:
    """The inspections' way: the order names the checklist item's violation code."""

    @hookimpl
    def caseflow_step_fields(self, workflow, step):
        if step == "order_correction":
            return [
                {
                    "name": "violation",
                    "type": "string",
                    "label": {"zh": "违法行为编码", "en": "Violation"},
                }
            ]
        return []


def test_an_order_naming_its_violation_escalates_only_that_one(make_app, session, district, clock):
    rt = make_app(extra_plugins=[ItemCodeOnTheOrder()]).extensions["caseflow"]
    case = hazard(rt, session, district, clock, "AQL-99-2", "AQL-97-3", violation="AQL-97-3")
    outcome = reinspect(rt, session, case, district, clock, "2024-03-20", "not_corrected")
    assert [(v["code"], v["tier"]) for v in outcome.spawned.violations] == [("AQL-97-3", "overdue")]
