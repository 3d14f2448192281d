"""Corrections (更正): nothing is edited; a later step voids or corrects an earlier one,
and the rules read the corrected history (case-file-format.md 1.1, "Corrections")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.engine import audit
from caseflow.engine.cases import open_case
from caseflow.engine.documents import corrected_data
from caseflow.engine.errors import InvalidData, NotAvailable, RuleViolation
from caseflow.engine.history import record_for
from caseflow.engine.pending import Acknowledgement
from caseflow.models import Deadline, Document, Event, PendingStep
from tests.api.history import CLEAN, VIOLATIONS


def _steps_until(name: str, history=CLEAN):
    names = [s["step"] for _u, s in history]
    return history[: names.index(name)]


@pytest.fixture
def drive(rt, session, district, clock):
    def take(case, user, step, **extra):
        clock.set(max(step["date"], step.get("served") or step["date"]))
        data = {k: v for k, v in step.items() if k != "step"}
        out = rt.engine.fire(
            session, case, step["step"], {**data, **extra}, district[user], acknowledge=True
        )
        session.commit()
        return out

    def run(until: str | None = None):
        case = open_case(
            rt.engine, session, workflow="general_penalty", party=district["party"],
            unit=district["bureau"], actor=district["officer1"], violations=VIOLATIONS,
        )  # fmt: skip
        session.commit()
        for user, step in _steps_until(until) if until else CLEAN:
            take(case, user, step)
        return case

    run.take = take
    return run


def _seq(session, case, step: str, nth: int = -1) -> int:
    events = session.scalars(
        select(Event).where(Event.case_id == case.id, Event.step == step).order_by(Event.seq)
    ).all()
    return events[nth].seq


def correct(rt, session, case, who, **data):
    out = rt.engine.fire(session, case, "correct", data, who)
    session.commit()
    return out


def test_a_payment_typed_as_2000_is_voided_by_the_head_and_the_right_one_closes_the_case(
    rt, session, district, drive, clock
):
    case = drive(until="pay")
    drive.take(case, "officer1", {"step": "pay", "date": "2024-04-15", "amount": 2000})
    # Payments add up: 2,000 of a 20,000 fine leaves the case served, the deadline open.
    assert case.state == "served"
    wrong = _seq(session, case, "pay")
    payment = session.scalars(select(Deadline).where(Deadline.name == "payment")).one()
    assert payment.is_open

    out = correct(rt, session, case, district["head1"], target=wrong, void=True,
                  reason="金额录入错误，应为20000元")  # fmt: skip
    assert out.event.step == "correct" and out.event.payload["data"]["approved_by"] == "head1"
    assert case.state == "served"
    session.refresh(payment)
    assert payment.is_open
    assert [s.step for s in record_for(session, case).steps].count("pay") == 0

    drive.take(case, "officer1", {"step": "pay", "date": "2024-04-15", "amount": 20000})
    drive.take(case, "head1", CLEAN[-1][1])
    assert case.state == "closed"
    pays = [s for s in record_for(session, case).steps if s.step == "pay"]
    assert [p.get("amount") for p in pays] == [20000]
    # Both the wrong payment and its void stay in the trail, which still verifies.
    trail = session.scalars(select(Event).where(Event.case_id == case.id)).all()
    assert [e.step for e in trail].count("pay") == 2
    assert audit.verify_case(case, list(trail)) is None


def test_the_same_evidence_recorded_twice_is_voided_and_the_rules_no_longer_see_it(
    rt, session, district, drive
):
    case = drive(until="reinspect")
    e4 = next(s for _u, s in CLEAN if s.get("id") == "E4")
    drive.take(case, "officer1", e4, id="E4-dup")  # typed again under another number
    state = case.state
    dup = _seq(session, case, "evidence")
    correct(rt, session, case, district["head1"], target=dup, void=True, reason="重复录入")
    ids = [s.get("id") for s in record_for(session, case).steps if s.step == "evidence"]
    assert ids == ["E1", "E2", "E3", "E4"]
    assert case.state == state  # evidence did not move the case; its void does not either


def test_only_the_latest_step_that_moved_the_case_may_be_voided(rt, session, district, drive):
    case = drive(until="legal_review")
    register = _seq(session, case, "register")
    with pytest.raises(NotAvailable) as refused:
        correct(rt, session, case, district["head1"], target=register, void=True, reason="x")
    assert "target" in refused.value.field_errors
    assert session.scalar(select(Event).where(Event.step == "correct")) is None


def test_a_decisions_outcome_cannot_be_corrected_only_voided_and_retaken(
    rt, session, district, drive
):
    case = drive(until="serve")
    decide = _seq(session, case, "decide")
    with pytest.raises(InvalidData) as refused:
        correct(rt, session, case, district["head1"], target=decide,
                data={"outcome": "no_penalty"}, reason="结论有误")  # fmt: skip
    assert "outcome" in refused.value.field_errors["data"]
    # Voiding it is allowed: it is the latest step that moved the case.
    correct(rt, session, case, district["head1"], target=decide, void=True, reason="结论有误")
    assert case.state != "decided"


def test_correcting_an_evidence_description_changes_what_rules_and_documents_read(
    rt, session, district, drive
):
    case = drive(until="reinspect")
    e1 = _seq(session, case, "evidence", 0)
    state = case.state
    correct(rt, session, case, district["head1"], target=e1,
            data={"description": "车间未设安全警示标志"}, reason="补正证据说明")  # fmt: skip
    first = next(s for s in record_for(session, case).steps if s.step == "evidence")
    assert first.get("description") == "车间未设安全警示标志" and first.get("id") == "E1"
    assert case.state == state
    # A document prints the corrected key: the inspection record's place, say.
    inspect = _seq(session, case, "inspect")
    correct(rt, session, case, district["head1"], target=inspect, data={"place": "二号仓库"},
            reason="地点笔误")  # fmt: skip
    doc = session.scalars(select(Document).where(Document.event_seq == inspect)).one()
    assert doc.data["place"] == "生产车间"  # the original stays as issued
    assert corrected_data(session, doc)["place"] == "二号仓库"


def test_a_correction_the_rules_would_have_refused_is_refused(rt, session, district, drive):
    # The rules read the corrected history: naming an officer whose certificate has
    # expired in the evidence's ``by`` is refused as the original would have been.
    case = drive(until="reinspect")
    e1 = _seq(session, case, "evidence", 0)
    with pytest.raises(RuleViolation):
        correct(rt, session, case, district["head1"], target=e1,
                data={"by": ["officer1", "expired"]}, reason="补记执法人员")  # fmt: skip
    session.rollback()
    assert session.scalar(select(Event).where(Event.step == "correct")) is None


def test_a_void_cancels_the_deadlines_the_step_opened_and_withdraws_its_documents(
    rt, session, district, drive
):
    case = drive(until="pay")
    serve = _seq(session, case, "serve")
    docs = session.scalars(select(Document).where(Document.event_seq == serve)).all()
    opened = session.scalars(select(Deadline).where(Deadline.opened_seq == serve)).all()
    assert opened
    out = correct(rt, session, case, district["head1"], target=serve, void=True,
                  reason="送达记录录错案件")  # fmt: skip
    for d in opened:
        session.refresh(d)
        assert not d.is_open and d.cancelled_seq == out.event.seq
    for doc in docs:
        session.refresh(doc)
        assert doc.withdrawn_seq == out.event.seq
    reopened = session.scalars(select(Deadline).where(Deadline.name == "service")).one()
    assert reopened.is_open and case.state == "decided"


def test_an_officers_correction_waits_for_a_head(rt, session, district, drive):
    case = drive(until="reinspect")
    dup = _seq(session, case, "evidence")
    out = correct(rt, session, case, district["officer1"], target=dup, void=True, reason="重复")
    assert out.event is None and out.pending.step == "correct"
    assert session.scalar(select(Event).where(Event.step == "correct")) is None
    done = rt.engine.acknowledge(
        session, out.pending, district["head1"], Acknowledgement("确认重复", "internal")
    )
    session.commit()
    assert done.event.payload["data"]["approved_by"] == "head1"
    assert done.event.actor == "officer1"
    assert session.get(PendingStep, out.pending.id).status == "recorded"


def test_a_void_is_refused_while_the_case_the_step_spawned_is_open(make_app, clock):
    # The workflow alone, without rules: the hazard story is the point, not its records.
    from caseflow_plugins.legal_procedure import procedure
    from tests.factories import make_district

    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    with rt.sessions() as session:
        district = make_district(session)
        case = open_case(
            rt.engine, session, workflow="hazard_rectification", party=district["party"],
            unit=district["bureau"], actor=district["officer1"],
        )  # fmt: skip
        officers = {"by": ["officer1", "officer2"], "credentials_shown": True}
        rt.engine.fire(session, case, "inspect", {**officers, "place": "仓库"}, district["officer1"],
                       acknowledge=True)  # fmt: skip
        rt.engine.fire(session, case, "order_correction", {"deadline": "2024-03-19"},
                       district["officer1"], acknowledge=True)  # fmt: skip
        clock.set("2024-03-20")
        out = rt.engine.fire(session, case, "reinspect", {**officers, "result": "not_corrected"},
                             district["officer1"], acknowledge=True)  # fmt: skip
        session.commit()
        assert out.spawned is not None
        with pytest.raises(NotAvailable) as refused:
            correct(rt, session, case, district["head1"], target=out.event.seq, void=True,
                    reason="误录")  # fmt: skip
        assert out.spawned.label in str(refused.value)
        assert case.state == "escalated"


def test_the_amount_of_a_payment_is_not_corrected_in_place_because_payments_decide_paid(
    rt, session, district, drive
):
    """Payments add up to decide whether the case is paid: a corrected amount could make
    it paid without the state moving, so the wrong payment is voided and taken again."""
    case = drive(until="pay")
    drive.take(case, "officer1", {"step": "pay", "date": "2024-04-15", "amount": 2000})
    wrong = _seq(session, case, "pay")
    with pytest.raises(InvalidData) as refused:
        correct(rt, session, case, district["head1"], target=wrong, data={"amount": 20000},
                reason="金额录入错误")  # fmt: skip
    session.rollback()
    assert "amount" in refused.value.field_errors["data"]
    assert case.state == "served"
