"""The risk a party carries, on its page: its hazards by status, open major hazards,
and the closure alert (安全生产法 art. 113; AQ-113-CLOSE)."""

from __future__ import annotations

import datetime as dt

from caseflow.inspections.record import ItemAnswer, record_inspection
from caseflow.models import Case, InspectionAnswer
from caseflow.web.party_record import Act, Hazard, PartyRecord, _closure, party_record
from tests.inspections.conftest import lithium_input
from tests.inspections.test_record import TWO_FAILS

TODAY = dt.date(2024, 6, 1)


def test_a_partys_hazards_show_open_overdue_and_major(rt, session, district, maker):
    record_inspection(rt.engine, session, lithium_input(rt, maker, failed=TWO_FAILS),
                      district["officer1"])  # fmt: skip
    session.commit()
    units = district["bureau"].subtree_ids()
    before = party_record(session, maker, units, dt.date(2024, 3, 10))
    assert len(before.inspections) == 1 and len(before.hazards) == 2
    assert before.open_major_hazards == 1
    assert len(before.hazards_in("open")) == 2 and before.hazards_in("overdue") == []
    after = party_record(session, maker, units, dt.date(2024, 3, 21))
    assert [h.answer.item_id for h in after.hazards_in("overdue")] == ["LI-S-04"]


def test_a_clean_inspection_opens_no_hazard(rt, session, district, maker):
    failed = {"LI-S-04": ItemAnswer("na")}
    record_inspection(rt.engine, session, lithium_input(rt, maker, failed=failed),
                      district["officer1"])  # fmt: skip
    session.commit()
    record = party_record(session, maker, district["bureau"].subtree_ids(), TODAY)
    assert record.hazards == [] and record.open_major_hazards == 0 and record.closure is None


def _record(penalty_days: list[int], major: bool = True) -> PartyRecord:
    case = Case(title="x")
    record = PartyRecord(party=None, cases=[case])
    record.hazards = [Hazard(InspectionAnswer(major_hazard=major), case, overdue=False)]
    record.penalties = [Act(TODAY - dt.timedelta(days=d), case, {}) for d in penalty_days]
    return record


def test_three_penalties_in_180_days_with_a_major_hazard_propose_closure():
    """安全生产法 art. 113: 存在重大事故隐患，一百八十日内三次或者一年内四次受到本法规定的行政处罚的."""
    assert _closure(_record([0, 60, 180]), TODAY, {}) == (180, 3)


def test_three_penalties_just_over_180_days_do_not():
    assert _closure(_record([0, 60, 181]), TODAY, {}) is None


def test_four_penalties_in_a_year_propose_closure():
    assert _closure(_record([0, 100, 200, 365]), TODAY, {}) == (365, 4)


def test_without_a_major_hazard_penalties_alone_do_not():
    assert _closure(_record([0, 10, 20], major=False), TODAY, {}) is None


def test_the_rules_settings_move_the_threshold():
    settings = {"AQ-113-CLOSE.short_count": 2}
    assert _closure(_record([0, 60]), TODAY, settings) == (180, 2)
