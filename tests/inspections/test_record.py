"""An officer's inspection with a checklist: recorded once, each failed item a hazard."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from caseflow.engine.errors import InvalidData
from caseflow.inspections.record import ItemAnswer, record_inspection
from caseflow.models import Case, Deadline, Event, Inspection
from tests.conftest import table_counts
from tests.inspections.conftest import lithium_input

TWO_FAILS = {
    # LI-S-01 is a major hazard under 令10 8(7): isolation of faulty cells missing.
    "LI-S-01": ItemAnswer("fail", note="故障电池与合格品混放，未隔离", immediate=True,
                          suspension_ordered=True),
    "LI-S-04": ItemAnswer("fail", note="电池仓库内设有配电箱", deadline=dt.date(2024, 3, 20)),
}  # fmt: skip


def test_two_failed_lithium_items_open_two_hazards_with_deadlines(rt, session, district, maker):
    """AQ-65-RECTIFY (安全生产法 art. 65): a hazard found is ordered corrected at once or
    by a date; a major one also orders suspension."""
    inspection = record_inspection(
        rt.engine, session, lithium_input(rt, maker, failed=TWO_FAILS), district["officer1"]
    )
    session.commit()
    assert inspection.number == "LG检查〔2024〕1号"
    assert [a.item_id for a in inspection.failed] == ["LI-S-01", "LI-S-04"]
    major, minor = (a.hazard for a in inspection.failed)
    for hazard in (major, minor):
        assert hazard.workflow_name == "hazard_rectification" and hazard.state == "ordered"
        assert hazard.number.startswith("LG隐患〔2024〕") and hazard.tags == ["锂电池"]
    order = session.scalar(
        select(Event).where(Event.case_id == major.id, Event.step == "order_correction")
    )
    assert order.payload["data"]["major_hazard"] is True
    assert order.payload["data"]["criterion"] == inspection.failed[0].criterion
    assert order.payload["data"]["suspension_ordered"] is True
    due = session.scalar(select(Deadline.due).where(Deadline.case_id == minor.id))
    assert due == dt.date(2024, 3, 20)
    passed = [a for a in inspection.answers if a.answer == "pass"]
    assert len(passed) == len(inspection.answers) - 2 and all(a.hazard is None for a in passed)


def test_an_inspection_by_one_certified_officer_is_refused_and_writes_nothing(
    rt, session, district, maker
):
    """行政处罚法 art. 42: at least two officers holding valid certificates that day."""
    before = table_counts(session)
    data = lithium_input(rt, maker, failed=TWO_FAILS, officers=["officer1", "expired"])
    with pytest.raises(InvalidData) as err:
        record_inspection(rt.engine, session, data, district["officer1"])
    session.rollback()
    assert (
        "expired: no enforcement certificate valid on 2024-03-05"
        in err.value.field_errors["officers"]
    )
    assert table_counts(session) == before


def test_two_certified_officers_pass_the_same_check(rt, session, district, maker):
    data = lithium_input(rt, maker, officers=["officer1", "officer3"])
    assert record_inspection(rt.engine, session, data, district["officer1"]).failed == []


def test_bad_answers_are_named_item_by_item(rt, session, district, maker):
    failed = {
        "LI-S-01": ItemAnswer("fail", note="", deadline=dt.date(2024, 3, 1)),
        "LI-S-04": ItemAnswer("maybe"),
    }
    data = lithium_input(rt, maker, failed=failed, place=" ", date=dt.date(2024, 3, 6))
    with pytest.raises(InvalidData) as err:
        record_inspection(rt.engine, session, data, district["officer1"])
    errors = err.value.field_errors
    assert set(errors) == {
        "date", "place", "answers.LI-S-01.note", "answers.LI-S-01.deadline",
        "answers.LI-S-01.suspension_ordered", "answers.LI-S-04.answer",
    }  # fmt: skip


def test_a_checklist_not_yet_in_force_is_refused(rt, session, district, maker):
    data = lithium_input(rt, maker, checklists=["lithium-battery-users"])
    with pytest.raises(InvalidData) as err:
        record_inspection(rt.engine, session, data, district["officer1"])
    assert err.value.field_errors["checklists"] == [
        "no checklist lithium-battery-users in force on 2024-03-05"
    ]


def test_a_refused_hazard_leaves_no_inspection(rt, session, district, maker):
    """A hazard the engine refuses (a code nobody registered) rolls the whole record back."""
    failed = {"LI-S-04": ItemAnswer("fail", note="配电箱", immediate=True, violation_code="NOPE")}
    with pytest.raises(InvalidData):
        record_inspection(rt.engine, session, lithium_input(rt, maker, failed=failed),
                          district["officer1"])  # fmt: skip
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Inspection)) == 0
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_recused_officer_cannot_inspect_the_party(rt, session, district, maker, clock):
    """行政处罚法 art. 43: an officer with an interest in the party stands aside."""
    from caseflow.planning.recusals import record_recusal

    record_recusal(session, officer=district["officer2"], party=maker, reason="近亲属任职",
                   actor=district["head1"], now=clock())  # fmt: skip
    with pytest.raises(InvalidData) as err:
        record_inspection(rt.engine, session, lithium_input(rt, maker), district["officer1"])
    assert err.value.field_errors["officers"] == ["officer2: recused from this party"]


def test_a_head_voids_an_inspection_with_a_reason_and_it_stays_on_file(
    rt, session, district, maker
):
    from caseflow.engine.errors import Forbidden
    from caseflow.inspections.record import void_inspection

    inspection = record_inspection(
        rt.engine, session, lithium_input(rt, maker), district["officer1"]
    )
    with pytest.raises(Forbidden):
        void_inspection(rt.engine, session, inspection, "重复录入", district["officer1"])
    with pytest.raises(InvalidData):
        void_inspection(rt.engine, session, inspection, "  ", district["head1"])
    void_inspection(rt.engine, session, inspection, "重复录入", district["head1"])
    session.commit()
    assert inspection.voided and inspection.answers  # nothing edited, nothing deleted
    with pytest.raises(InvalidData):
        void_inspection(rt.engine, session, inspection, "再次", district["head1"])


def test_an_inspection_with_an_open_hazard_cannot_be_voided(rt, session, district, maker):
    from caseflow.inspections.record import void_inspection

    inspection = record_inspection(
        rt.engine, session, lithium_input(rt, maker, failed=TWO_FAILS), district["officer1"]
    )
    with pytest.raises(InvalidData) as err:
        void_inspection(rt.engine, session, inspection, "录错单位", district["head1"])
    assert "hazards still open" in err.value.field_errors["inspection"][0]
