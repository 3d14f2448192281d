"""The unit's heads and its principal head (正职负责人) as the rules see them live.

国务院令第310号 art. 5 gives the transfer decision to the principal head; APL art. 57's
collective discussion is a quorum of the unit's heads: live, its active head users."""

from __future__ import annotations

from caseflow.engine.history import record_for
from tests.engine.helpers import new_case


def test_the_live_record_knows_the_units_active_heads_and_its_principal(rt, session, district):
    district["head1"].principal = True
    district["head3"].active = False
    session.commit()
    case = new_case(rt, session, district)
    record = record_for(session, case)
    assert {p.id for p in record.heads()} == {"head1", "head2"}
    assert [p.id for p in record.principal_heads()] == ["head1"]
    assert record.is_principal_head("head1") and not record.is_principal_head("head2")


def test_a_unit_with_no_principal_marked_has_none(rt, session, district):
    case = new_case(rt, session, district)
    record = record_for(session, case)
    assert record.principal_heads() == ()
    assert not record.is_principal_head("head1")


def test_the_heads_of_another_unit_are_not_the_cases_leadership(rt, session, district):
    district["head2"].unit = district["street"]
    session.commit()
    record = record_for(session, new_case(rt, session, district))
    assert {p.id for p in record.heads()} == {"head1", "head3"}


def _decision_after(record, participants):
    import datetime as dt

    from caseflow.engine.record import Step
    from caseflow_plugins.legal_procedure.registry import RULES
    from tests.legal_procedure.builders import context

    talk = Step(0, "collective_discussion", dt.date(2024, 3, 29),
                {"participants": participants, "conclusion": "同意"})  # fmt: skip
    decide = Step(1, "decide", dt.date(2024, 4, 1),
                  {"outcome": "penalty", "penalty": {"kinds": ["fine"], "fine": 60000}})  # fmt: skip
    live = record.with_step(talk)
    rule = RULES["APL-57-COLLECTIVE"]
    return list(rule.check(rule, live, decide, context(mode="live")) or ())


def test_live_quorum_counts_the_units_active_heads(rt, session, district):
    """APL art. 57: 负责人集体讨论 — more than half of the unit's heads, read live."""
    case = new_case(rt, session, district)
    record = record_for(session, case, {"participants": ["head1"]})
    (f,) = _decision_after(record, ["head1"])
    assert "3" in f.message and f.is_error
    assert _decision_after(record_for(session, case), ["head1", "head2"]) == []


def test_an_inactive_head_leaves_the_quorum_smaller(rt, session, district):
    district["head3"].active = False
    district["head2"].active = False
    session.commit()
    record = record_for(session, new_case(rt, session, district))
    assert _decision_after(record, ["head1"]) == []
