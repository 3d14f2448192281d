"""Hazard controls: a seizure (查封扣押) approved, carried out, extended once and
disposed of; a power cut (停止供电) approved by the principal head on 24 hours'
written notice."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from caseflow.engine.checks import review
from caseflow.engine.errors import RuleViolation
from caseflow.engine.record import Person
from caseflow.models import Deadline, Document
from tests.engine.helpers import OFFICERS, committed, new_case

from .builders import act, build, context, general_case, manager

ITEMS = [{"name": "非防爆电动叉车", "quantity": "2台"}, {"name": "锂电池模组", "quantity": "40箱"}]
SEIZURE = {**OFFICERS, "approved_by": "head1", "items": ITEMS, "days": 30, "place": "成品仓库"}


def fire(rt, session, case, step, data, user, clock, day):
    clock.set(day)
    return committed(session, rt.engine.fire(session, case, step, {**data, "date": day}, user))


@pytest.fixture
def ordered(rt, session, district, clock):
    case = new_case(
        rt, session, district, workflow="hazard_rectification", violations=[{"code": "AQL-102"}]
    )
    inspection = {**OFFICERS, "place": "成品仓库", "signed_by_party": True}
    fire(rt, session, case, "inspect", inspection, district["officer1"], clock, "2024-03-05")
    order = {"deadline": "2024-03-19"}
    fire(rt, session, case, "order_correction", order, district["officer1"], clock, "2024-03-05")
    return case


def seizure_due(session, case) -> dt.date | None:
    rows = session.scalars(
        select(Deadline).where(
            Deadline.case_id == case.id, Deadline.name == "seizure", Deadline.closed_seq.is_(None)
        )
    ).all()
    return rows[0].due if rows else None


def refused_by(rt, session, case, step, data, user, clock, day) -> list[str]:
    with pytest.raises(RuleViolation) as refused:
        fire(rt, session, case, step, data, user, clock, day)
    session.rollback()
    return sorted({f.rule for f in refused.value.findings if f.is_error})


def test_a_seizure_without_a_heads_approval_is_refused(rt, session, district, clock, ordered):
    """ACL-SEIZE (行政强制法 art. 18(1): 实施前须向行政机关负责人报告并经批准)."""
    unapproved = {**SEIZURE, "approved_by": "officer2"}
    officer = district["officer1"]
    assert refused_by(rt, session, ordered, "seize", unapproved, officer, clock, "2024-03-06") == [
        "ACL-SEIZE"
    ]


def test_a_seizure_by_one_officer_is_refused(rt, session, district, clock, ordered):
    """ACL-SEIZE (art. 18(2): 由两名以上行政执法人员实施)."""
    alone = {**SEIZURE, "by": ["officer1"]}
    found = refused_by(
        rt, session, ordered, "seize", alone, district["officer1"], clock, "2024-03-06"
    )
    assert "ACL-SEIZE" in found


def test_a_seizure_longer_than_thirty_days_is_refused(rt, session, district, clock, ordered):
    """ACL-SEIZE (art. 25: 查封、扣押的期限不得超过三十日)."""
    long = {**SEIZURE, "days": 31}
    officer = district["officer1"]
    assert refused_by(rt, session, ordered, "seize", long, officer, clock, "2024-03-06") == [
        "ACL-SEIZE"
    ]


def test_a_seizure_approved_is_recorded_extended_once_and_disposed(
    rt, session, district, clock, ordered
):
    officer, head = district["officer1"], district["head1"]
    fire(rt, session, ordered, "seize", SEIZURE, officer, clock, "2024-03-06")
    # 30 calendar days from Wed 6 Mar reach Fri 5 Apr, in the Qingming holiday: the
    # period ends on the next working day, Sunday 7 Apr (a working Sunday that year).
    assert seizure_due(session, ordered) == dt.date(2024, 4, 7)
    docs = session.scalars(select(Document).where(Document.case_id == ordered.id)).all()
    inventory = [d for d in docs if d.kind == "seizure_inventory"]
    assert {d.kind for d in docs} >= {"seizure_decision", "seizure_inventory"}
    assert inventory[0].data["items"] == ITEMS

    fire(rt, session, ordered, "seize_extend", {"days": 30}, head, clock, "2024-04-01")
    # Another 30 days from 7 Apr: Tue 7 May.
    assert seizure_due(session, ordered) == dt.date(2024, 5, 7)
    assert refused_by(
        rt, session, ordered, "seize_extend", {"days": 10}, head, clock, "2024-04-20"
    ) == ["ACL-SEIZE"]

    fire(rt, session, ordered, "seize_dispose", {"kind": "confiscate"}, head, clock, "2024-04-25")
    assert seizure_due(session, ordered) is None
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == ordered.id)))
    assert {"seizure_extension_decision", "seizure_disposal_decision"} <= kinds


def test_a_seizure_of_ten_days_counts_working_days(rt, session, district, clock, ordered):
    """Art. 69: periods of ten days or less are working days."""
    fire(
        rt,
        session,
        ordered,
        "seize",
        {**SEIZURE, "days": 10},
        district["officer1"],
        clock,
        "2024-03-06",
    )
    # Ten working days from Wed 6 Mar: Wed 20 Mar.
    assert seizure_due(session, ordered) == dt.date(2024, 3, 20)


def test_a_seizure_cannot_be_extended_once_its_period_ran_out(
    rt, session, district, clock, ordered
):
    fire(rt, session, ordered, "seize", SEIZURE, district["officer1"], clock, "2024-03-06")
    head = district["head1"]
    assert refused_by(
        rt, session, ordered, "seize_extend", {"days": 30}, head, clock, "2024-04-08"
    ) == ["ACL-SEIZE"]
    # The near miss: on the period's last day it may still be extended.
    fire(rt, session, ordered, "seize_extend", {"days": 30}, head, clock, "2024-04-07")
    assert seizure_due(session, ordered) == dt.date(2024, 5, 7)


def test_seizure_steps_are_open_in_a_penalty_investigation(rt, session, district, clock):
    case = new_case(rt, session, district, violations=[{"code": "AQL-102"}])
    assert case.workflow_version == 2
    names = {s.name for s in rt.engine.definition(case).steps_from("investigation")}
    assert {
        "seize",
        "seize_extend",
        "seize_dispose",
        "power_cut_notice",
        "on_site_measures",
    } <= names


# -- the power cut --------------------------------------------------------------------


def power_cut(served: str, cut: str, approver: str = "H001") -> dict:
    doc = general_case()
    doc["steps"] = [
        act("inspect", "2024-03-05", place="生产车间", signed_by_party=True),
        {
            "step": "order_correction",
            "date": "2024-03-05",
            "deadline": "2024-03-19",
            "major_hazard": True,
            "criterion": "令10第八条第七项",
            "suspension_ordered": True,
        },
        {
            "step": "power_cut_notice",
            "date": "2024-03-06",
            "approved_by": approver,
            "notice_served": served,
            "cut_at": cut,
        },
    ]
    return doc


def power_findings(doc, principal: bool = True, person=None) -> list:
    record = build(doc)
    head = person or dataclasses.replace(record.people["H001"], principal=principal)
    record = dataclasses.replace(record, people={**record.people, "H001": head})
    found = review(manager(), record, context())
    return [f for f in found if f.rule == "WSL-70-POWER"]


def test_a_power_cut_on_23_hours_notice_is_refused():
    """WSL-70-POWER (安全生产法 art. 70: 应当提前二十四小时通知生产经营单位)."""
    (f,) = power_findings(power_cut("2024-03-06T09:00:00+08:00", "2024-03-07T08:00:00+08:00"))
    assert f.is_error and "23" in f.message


def test_a_power_cut_on_24_hours_notice_approved_by_the_principal_head_is_lawful():
    assert power_findings(power_cut("2024-03-06T09:00:00+08:00", "2024-03-07T09:00:00+08:00")) == []


def test_a_power_cut_approved_by_a_head_who_is_not_the_principal_is_refused():
    """WSL-70-POWER (art. 70: 经本部门主要负责人批准)."""
    doc = power_cut("2024-03-06T09:00:00+08:00", "2024-03-08T09:00:00+08:00")
    (f,) = power_findings(doc, principal=False)
    assert "主要负责人" in f.message


def test_the_rule_reads_the_principal_flag_of_the_records_own_people():
    head = Person("H001", "黄强", frozenset({"head"}), principal=True)
    doc = power_cut("2024-03-06T09:00:00+08:00", "2024-03-07T09:00:00+08:00")
    assert power_findings(doc, person=head) == []


def test_a_power_cut_live_is_refused_on_23_hours_notice(rt, session, district, clock, ordered):
    notice = {
        "approved_by": "head1",
        "notice_served": "2024-03-06T09:00:00+08:00",
        "cut_at": "2024-03-07T08:00:00+08:00",
    }
    with pytest.raises(RuleViolation) as refused:
        fire(
            rt,
            session,
            ordered,
            "power_cut_notice",
            notice,
            district["officer1"],
            clock,
            "2024-03-06",
        )
    messages = [f.message for f in refused.value.findings if f.rule == "WSL-70-POWER"]
    assert any("23小时" in m for m in messages)


def test_once_the_seizure_period_ran_out_only_a_release_may_be_decided(
    rt, session, district, clock, ordered
):
    """ACL-SEIZE (行政强制法 art. 27: 在本法第二十五条规定的期限内作出处理决定; art. 28(4):
    查封、扣押期限已经届满 … 应当及时作出解除查封、扣押决定)."""
    fire(
        rt,
        session,
        ordered,
        "seize",
        {**SEIZURE, "days": 10},
        district["officer1"],
        clock,
        "2024-03-06",
    )
    head = district["head1"]
    late = {"kind": "confiscate"}
    assert refused_by(rt, session, ordered, "seize_dispose", late, head, clock, "2024-03-21") == [
        "ACL-SEIZE"
    ]
    fire(rt, session, ordered, "seize_dispose", {"kind": "release"}, head, clock, "2024-03-21")
    assert seizure_due(session, ordered) is None
