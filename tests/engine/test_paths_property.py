"""Property: whatever lawful steps a case takes, and however late, it can still end.

Random cases on every shipped workflow walk through steps the preview offers, with
random lateness (the clock moves on between steps), partial payments (random amounts
below what is still owed, then more) and mistyped entries a head voids by a correction
(a payment of the wrong amount, evidence recorded twice); a step held for a defect is
acknowledged by a head (and a legal reviewer where owed); then the case is driven to
a final state along the shortest route the workflow offers, paying what is still owed
on the way. Every case ends, and its audit chain verifies. All examples share one
migrated database, as cases share one installation."""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from itertools import count

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseflow.engine.audit import verify_all
from caseflow.engine.cases import open_case
from caseflow.engine.definition import PREVIOUS, STAY
from caseflow.engine.errors import Refused
from caseflow.engine.history import record_for
from caseflow.engine.pending import Acknowledgement, owed_now
from caseflow.idcodes import uscc_check_character
from caseflow.models import Case, Party
from caseflow_plugins.legal_procedure.payments import fine_due, paid

ACTOR_OF_ROLE = {"officer": "officer1", "head": "head1", "reviewer": "reviewer1"}
ACK = Acknowledgement(reason="逾期有正当理由，经负责人确认", category="party")
WALK = 20  # random steps before the case is driven to its end
FINISH = 80  # steps allowed to reach a final state from wherever the walk stopped
EVIDENCE_IDS = count(1)
REFUSALS: list = []
PAYMENTS = ["in full", "in part", "in part", "a zero dropped", "one zero too many"]
PAYMENTS_BEFORE_SETTLING = 3
STALLED = 12  # finishing steps in one state before the way through payment is given up
COVERED: Counter = Counter()  # what the walks did, for whoever reads a run  # why steps were refused, printed when a case cannot end


def filler(field, today: dt.date):
    """A lawful value of a field, whatever step carries it."""
    t = field.type
    if t in ("string", "text"):
        return "经查属实"
    if t == "boolean":
        return True
    if t == "date":
        return (today + dt.timedelta(days=14) if field.ahead else today).isoformat()
    if t == "datetime":
        return f"{today.isoformat()}T09:00:00+08:00"
    if t in ("integer", "number"):
        return 10
    if t == "choice":
        return field.choices[0]
    if t == "choices":
        return list(field.choices)
    if t == "person":
        return "head1"
    if t == "people":
        return ["officer1", "officer2"]
    if t == "penalty":
        return {"kinds": ["fine"], "fine": 20000}
    if t == "inventory":
        return [{"name": "灭火器", "quantity": 2}]
    if t == "list":
        return ["AQL-97-3"]
    return None


# Values the rules read beyond "some lawful value" (the clean example's).
SPECIFIC = {
    "order_correction": {"major_hazard": False},
    "evidence": {
        "kind": "document",
        "proves": ["party", "act", "time", "place", "provision", "consequence"],
    },
    "legal_review": {"opinion": "approve", "reviewer": "reviewer1"},
    "notify": {
        "rights": ["statement", "defence", "hearing"],
        "facts": "未按规定对员工进行安全生产教育和培训",
        "basis": ["AQL-97-3"],
        "statement_days": 3,
        "method": "direct",
        "receipt_signed": True,
    },
    "statement": {"adopted": False},
    "hearing": {"presider": "head2", "refusal_noted": False},
    "hearing_report": {"presider": "head2"},
    "collective_discussion": {"participants": ["head1", "head2", "head3"]},
    "decide": {"outcome": "penalty", "daily_from": None, "discretion_reasons": None},
    "extension": {"days": 30},
    "pay": {"amount": 20000, "on_the_spot": False},
    # Handed over on the spot only on the decision's own day (APL-61-SERVICE); a walk
    # serves on later days too, in person with a signed receipt.
    "serve": {"method": "direct", "receipt_signed": True},
    "transfer": {"attachments": ["transfer_letter", "investigation_report", "item_inventory"]},
    "seize": {"days": 30},
    "seize_extend": {"days": 30},
    "recusal_request": {"officer": "officer2", "granted": False},
}


# On the spot (summary procedure) a fine is within APL art. 51's caps.
SUMMARY = {"decide": {"penalty": {"kinds": ["fine"], "fine": 200}}, "pay": {"amount": 200}}


def step_data(spec, today: dt.date, choice: dict, procedure: str = "general") -> dict:
    data = {f.name: filler(f, today) for f in spec.fields if not f.default_actor}
    data.update(SPECIFIC.get(spec.name, {}))
    if procedure == "summary":
        data.update(SUMMARY.get(spec.name, {}))
    if spec.name == "evidence":
        data["id"] = f"E{next(EVIDENCE_IDS)}"
    data.update(choice)
    data["date"] = today.isoformat()
    return {k: v for k, v in data.items() if v is not None}


def new_party(session, district) -> Party:
    """A party of its own for each case: the same act of one party is fined once
    (APL-29-NEBIS), and every example shares the database."""
    n = next(EVIDENCE_IDS)
    first17 = f"91440300MA5F{n:05d}"
    party = Party(
        kind="organization", name=f"示例企业{n}有限公司",
        id_code=first17 + uscc_check_character(first17), address="深圳市龙岗区示例路1号",
        unit=district["bureau"],
    )  # fmt: skip
    session.add(party)
    session.flush()
    return party


def actor_for(district, spec):
    return district[
        next(ACTOR_OF_ROLE[r] for r in ("officer", "head", "reviewer") if r in spec.roles)
    ]


def fire(rt, session, district, case, spec, data, actor=None):
    """Take the step as its actor; a defect is signed off by whoever it is owed to. The
    event recorded, or None."""
    name = spec if isinstance(spec, str) else spec.name
    actor = actor or actor_for(district, spec)
    try:
        outcome = rt.engine.fire(session, case, name, data, actor, acknowledge=True, hold=True)
        pending = outcome.pending
        for role in owed_now(pending) if pending is not None else ():
            signer = district["head2" if role == "head" else "reviewer1"]
            outcome = rt.engine.acknowledge(session, pending, signer, ACK)
    except Refused as exc:
        session.rollback()
        REFUSALS.append((name, str(exc), getattr(exc, "findings", None)))
        return None
    session.commit()
    return outcome.event


def void(rt, session, district, case, event, reason: str):
    """A head voids a mistyped entry (case-file-format 1.1, "Corrections")."""
    data = {
        "target": event.seq,
        "void": True,
        "reason": reason,
        "date": rt.engine.today().isoformat(),
    }
    return fire(rt, session, district, case, "correct", data, district["head1"])


def still_owed(session, case) -> float:
    """What the corrected history still owes of the fine in force."""
    record = record_for(session, case)
    return max(fine_due(record) - paid(record), 0.0)


def whole(amount: float):
    return int(amount) if amount == int(amount) else round(amount, 2)


def take_drawn(rt, session, district, case, spec, entry: dict, data, settle=False) -> bool:
    """Take a drawn step the way a clerk might: a payment in full, in part, or mistyped
    (a zero dropped, voided by a head; one zero too many, which APL-72-SURCHARGE refuses
    as more than is owed, so nothing is recorded); evidence typed twice under
    another number, the duplicate voided. ``settle``: pay what is owed, no more draws.
    True when the step (in part, or mistyped and voided) was recorded."""
    if spec.name == "pay" and (owed := still_owed(session, case)):
        how = (
            "in full"
            if settle or owed < 2
            else data.draw(st.sampled_from(PAYMENTS), label="payment")
        )
        if how == "in part":
            entry["amount"] = data.draw(st.integers(1, int(owed) - 1), label="paid in part")
        elif how == "in full":
            entry["amount"] = whole(owed)
        else:
            entry["amount"] = whole(owed / 10 if how == "a zero dropped" else owed * 10)
            wrong = fire(rt, session, district, case, spec, entry)
            if wrong is None:
                return False
            COVERED[f"payment with {how}"] += 1
            assert void(rt, session, district, case, wrong, "金额录入错误"), REFUSALS[-1]
            COVERED["payment voided"] += 1
            return True
        if not fire(rt, session, district, case, spec, entry):
            return False
        COVERED[f"paid {how}"] += 1
        return True
    if not fire(rt, session, district, case, spec, entry):
        return False
    if spec.name == "evidence" and data.draw(st.booleans(), label="typed twice"):
        again = {**entry, "id": f"E{next(EVIDENCE_IDS)}"}
        if dup := fire(rt, session, district, case, spec, again):
            COVERED["evidence typed twice"] += 1
            assert void(rt, session, district, case, dup, "重复录入"), REFUSALS[-1]
            COVERED["evidence voided"] += 1
    return True


def leads(definition, spec, here: str) -> set[str]:
    """Where ``spec`` taken in ``here`` may lead: a recording step (or a route's ``=``)
    stays in ``here``, not in any of the step's other sources."""
    if spec.dest == PREVIOUS:
        return definition.destinations(spec)
    if spec.dest_field or spec.dest_route:
        return {here if d == STAY else d for _, d in spec.dest_by_value}
    return {spec.dest or here}


def shortest(definition, state: str, goal) -> list[str] | None:
    """States on the shortest route from ``state`` to one where ``goal`` holds."""
    parents, queue = {state: None}, deque([state])
    while queue:
        here = queue.popleft()
        if goal(here):
            path = []
            while here is not None:
                path.append(here)
                here = parents[here]
            return path[::-1]
        for spec in definition.steps_from(here):
            for dest in sorted(leads(definition, spec, here)):
                if dest not in parents:
                    parents[dest] = here
                    queue.append(dest)
    return None


def route_to_end(definition, state: str, via: str | None = None) -> list[str]:
    """States on the shortest route from ``state`` to a final state (the load-time check
    guarantees there is one), through ``via`` where it can still be reached."""
    if via is not None and via != state and via in definition.states:
        first = shortest(definition, state, lambda s: s == via)
        if first is not None:
            return first + route_to_end(definition, via)[1:]
    route = shortest(definition, state, lambda s: definition.states[s].final)
    assert route is not None, f"{definition.name}: no route from {state}"
    return route


def finishing_moves(
    definition, case_state: str, taken: Counter | None = None, via: str | None = None
):
    """Steps (with the value that routes them) leading one state nearer the end, the
    nearest first; then the recording steps that may open the way on (a resumption
    review before a suspended unit's hazard closes), the least taken first."""
    route = route_to_end(definition, case_state, via)
    target = route[1] if len(route) > 1 else None
    moves = []
    for spec in definition.steps_from(case_state):
        if spec.dest_field:
            for value, dest in spec.dest_by_value:
                raw = {"true": True, "false": False}.get(value, value)
                if dest == target:
                    moves.append((0, spec, {spec.dest_field: raw}))
                elif dest == STAY:  # recorded where the case stands (a review approving)
                    moves.append((1, spec, {spec.dest_field: raw}))
        elif target in leads(definition, spec, case_state) - {case_state}:
            moves.append((0, spec, {}))
        else:
            # A recording step that may open the way on, or a way round (pay before
            # closing, demand...).
            moves.append((1, spec, {}))
    taken = taken or Counter()
    ordered = sorted(moves, key=lambda m: (m[0], taken[m[1].name] if m[0] else 0))
    return [(spec, choice) for _, spec, choice in ordered]


@pytest.fixture
def world(rt, session, district, clock):
    # The unit's principal head (正职负责人) decides transfers and power cuts.
    district["head1"].principal = True
    session.commit()
    return rt, session, district, clock


@pytest.mark.parametrize(
    "workflow",
    [
        "general_penalty",
        "hazard_rectification",
        "summary_penalty",
    ],
)
@settings(
    max_examples=30,
    deadline=None,
    # A failure prints its draws; shrinking it would cost minutes of database work.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_case_reaches_a_final_state_through_lawful_steps(world, workflow, data):
    rt, session, district, clock = world
    clock.set("2024-03-05")
    case = open_case(
        rt.engine, session, workflow=workflow, party=new_party(session, district),
        unit=district["bureau"],
        actor=district["officer1"], title="随机路径案件",
        violations=[{"code": "AQL-97-3", "tier": "initial", "act_start": "2023-11-01",
                     "act_end": None, "minor": False, "corrected_on": "2024-03-19"}],
    )  # fmt: skip
    session.commit()
    definition = rt.engine.definition(case)
    for _ in range(data.draw(st.integers(0, WALK), label="walk")):
        if definition.states[case.state].final:
            break
        lateness = data.draw(st.sampled_from([0, 0, 1, 3, 12, 20]), label="days later")
        clock.now += dt.timedelta(days=lateness)
        role = data.draw(st.sampled_from(sorted(ACTOR_OF_ROLE)), label="role")
        offered = [
            a for a in rt.engine.actions(session, case, district[ACTOR_OF_ROLE[role]]) if a.allowed
        ]
        if not offered:
            continue
        action = data.draw(st.sampled_from(offered), label="step")
        choice = {}
        if action.step.dest_field:
            values = [v for v, _ in action.step.dest_by_value]
            value = data.draw(st.sampled_from(values), label=action.step.dest_field)
            choice = {action.step.dest_field: {"true": True, "false": False}.get(value, value)}
        entry = step_data(action.step, rt.engine.today(), choice, definition.procedure)
        take_drawn(rt, session, district, case, action.step, entry, data)
    taken: Counter = Counter()
    # The shortest way to the end declines or withdraws most cases; half of them are
    # driven through a paid fine instead, while the rules let them get on towards it.
    ways = [None, "paid"] if "paid" in definition.states else [None]
    via = data.draw(st.sampled_from(ways), label="way to the end")
    stalled, last, tried = 0, case.state, 0
    for _ in range(FINISH):
        if definition.states[case.state].final:
            break
        stalled = stalled + 1 if case.state == last else 0
        last = case.state
        if stalled >= STALLED:
            via = None  # no nearer the fine: the shortest way, then
        clock.now += dt.timedelta(days=1)
        for spec, choice in finishing_moves(definition, case.state, taken, via):
            entry = step_data(spec, rt.engine.today(), choice, definition.procedure)
            # A few payments in part or mistyped on the way; then what is owed, in full.
            settle = tried >= PAYMENTS_BEFORE_SETTLING
            tried += spec.name == "pay"
            if take_drawn(rt, session, district, case, spec, entry, data, settle):
                taken[spec.name] += 1
                break
    session.expire_all()
    case = session.get(Case, case.id)
    assert definition.states[case.state].final, (
        workflow,
        case.state,
        [(n, m, [f.message_en for f in fs or ()]) for n, m, fs in REFUSALS[-6:]],
    )
    assert verify_all(session)[1] == []
