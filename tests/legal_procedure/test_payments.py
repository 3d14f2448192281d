"""When a case is paid: the fine_settled route the workflows of version 2 move by."""

import datetime as dt

from caseflow.engine.record import Step
from caseflow_plugins.legal_procedure.payments import ROUTES, settled

from .builders import build, context, cut_after, general_case


def _answer(amount: float, on: str, *before: dict, **settings) -> str:
    doc = cut_after(general_case(), "serve")
    if before:
        doc["steps"] += list(before)
    pay = Step(len(doc["steps"]), "pay", dt.date.fromisoformat(on), {"amount": amount})
    return settled(build(doc), pay, context(settings))


def test_the_route_answers_paid_or_partial_and_is_registered_with_both():
    (route,) = ROUTES
    assert route.name == "fine_settled" and set(route.answers) == {"paid", "partial"}


def test_payments_in_time_are_paid_once_their_sum_reaches_the_fine():
    """Revision 2: several payments that reach the fine by the due date need no approval."""
    assert _answer(12000, "2024-04-10") == "partial"
    first = {"step": "pay", "date": "2024-04-10", "amount": 12000}
    assert _answer(7999, "2024-04-18", first) == "partial"
    assert _answer(8000, "2024-04-18", first) == "paid"


def test_a_unit_collecting_the_surcharge_is_paid_only_with_it():
    """APL art. 72: the unit may collect 3% a day; where it does, paid includes it."""
    collect = {"APL-72-SURCHARGE.collect": True}
    assert _answer(20000, "2024-04-20") == "paid"  # the unit's default: the fine
    assert _answer(20000, "2024-04-20", **collect) == "partial"
    assert _answer(21200, "2024-04-20", **collect) == "paid"  # two days late: 1,200


def test_nothing_is_paid_against_a_revoked_decision():
    revoked = {"step": "review_result", "date": "2024-04-10", "result": "revoked"}
    assert _answer(20000, "2024-04-11", revoked) == "partial"


def test_a_plan_in_force_needs_no_surcharge_before_its_last_date():
    """APL art. 66: approved instalments move the due date."""
    collect = {"APL-72-SURCHARGE.collect": True}
    plan = [{"date": "2024-05-15", "amount": 20000}]
    steps = ({"step": "deferral_request", "date": "2024-04-10"},
             {"step": "deferral_decision", "date": "2024-04-12", "approved": True,
              "kind": "deferral", "due": plan, "approved_by": "H001"})  # fmt: skip
    assert _answer(20000, "2024-05-15", *steps, **collect) == "paid"
    assert _answer(20000, "2024-05-16", *steps, **collect) == "partial"
