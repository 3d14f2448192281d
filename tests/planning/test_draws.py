"""Double-random draws, from the head's story: draw, check, re-verify, publish."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.engine.errors import InvalidData
from caseflow.models import Draw, Party
from caseflow.planning.algorithm import Inputs, draw, rank
from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw, verify
from caseflow.planning.recusals import lift_recusal, record_recusal
from tests.factories import uscc
from tests.planning.conftest import add_officer, inspect

APRIL = (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
SEEDS = [f"seed-{i}" for i in range(12)]
EVERY = 13  # the twelve of the pool and the district's own party


def run(session, plan, actor, clock, seed="2024-Q2", n=3, window=APRIL, **flt) -> Draw:
    request = DrawRequest(plan, seed, n, *window, PoolFilter(**flt))
    row = make_draw(session, request, actor, clock())
    session.commit()
    return row


def picked(row: Draw) -> list[tuple[str, str, str]]:
    return [(a.party.id_code, a.officer1.username, a.officer2.username) for a in row.assignments]


def test_a_draw_is_identical_for_the_same_seed_and_inputs_and_differs_for_another_seed(
    session, district, pool, plan, clock
):
    first = run(session, plan, district["head1"], clock, seed="2024-Q2")
    again = run(session, plan, district["head1"], clock, seed="2024-Q2")
    other = run(session, plan, district["head1"], clock, seed="2024-Q3")
    assert len(first.assignments) == 3
    assert picked(first) == picked(again)
    assert first.fingerprint == again.fingerprint
    assert picked(other) != picked(first)
    assert other.fingerprint != first.fingerprint


def test_the_parties_are_taken_in_the_order_of_their_sha256_rank(
    session, district, pool, plan, clock
):
    row = run(session, plan, district["head1"], clock, seed="abc", n=4)
    codes = sorted((p.id_code for p in pool), key=lambda c: rank("abc", c))
    assert [a.party.id_code for a in row.assignments] == codes[:4]


def test_an_officer_whose_certificate_lapses_within_the_window_is_never_drawn(
    session, district, pool, plan, clock
):
    add_officer(session, district, "lapsing", valid_to=dt.date(2024, 4, 15))
    add_officer(session, district, "officer4")
    for seed in SEEDS:
        row = run(session, plan, district["head1"], clock, seed=seed, n=6)
        assert len(row.assignments) == 6
        names = {n for a in picked(row) for n in a[1:]}
        assert "lapsing" not in names and "expired" not in names
    assert ["", "lapsing", "certificate"] in row.inputs["exclusions"]
    assert ["", "expired", "certificate"] in row.inputs["exclusions"]


def test_the_officers_of_a_partys_last_inspection_are_never_drawn_for_it(
    rt, session, district, pool, plan, clock
):
    add_officer(session, district, "officer4")
    target = pool[0]
    inspect(rt, session, district, target, ("officer1", "officer3"), day="2024-02-01")
    inspect(rt, session, district, target, ("officer2", "officer4"), day="2024-03-01")
    session.commit()
    pairs = set()
    for seed in SEEDS:
        row = run(session, plan, district["head1"], clock, seed=seed, n=EVERY)
        mine = [a for a in picked(row) if a[0] == target.id_code]
        assert mine, "the party is in every full draw"
        pairs.add(frozenset(mine[0][1:]))
    # Only the last inspection bars: officer1 and officer3 may come back.
    assert pairs == {frozenset({"officer1", "officer3"})}


def test_a_recorded_recusal_is_respected_until_it_is_lifted(session, district, pool, plan, clock):
    add_officer(session, district, "officer4")
    target = pool[1]
    recusal = record_recusal(
        session, officer=district["officer3"], party=target, reason="其配偶任该企业安全主管",
        actor=district["head1"], now=clock(),
    )  # fmt: skip
    session.commit()
    for seed in SEEDS:
        row = run(session, plan, district["head1"], clock, seed=seed, n=EVERY)
        assert len(row.assignments) == EVERY, row.shortfall
        mine = next(a for a in picked(row) if a[0] == target.id_code)
        assert "officer3" not in mine
    assert [target.id_code, "officer3", "recusal"] in row.inputs["exclusions"]
    lift_recusal(recusal, district["head1"], clock())
    session.commit()
    clock.set("2024-03-06")
    later = run(session, plan, district["head1"], clock, seed=SEEDS[-1], n=EVERY)
    assert [target.id_code, "officer3", "recusal"] not in later.inputs["exclusions"]


def test_too_few_certified_officers_the_draw_says_how_many_and_why(session, district, pool, clock):
    from caseflow.planning.plans import make_plan

    street_plan = make_plan(
        session, unit=district["street"], year=2024, title="坂田街道计划", targets=[],
        actor=district["head1"], now=clock(),
    )  # fmt: skip
    row = run(session, street_plan, district["head1"], clock, n=3)
    assert row.assignments == []
    (why,) = row.shortfall
    assert why["code"] == "too_few_officers" and why["data"]["officers"] == 1
    assert "只有 1 名" in why["zh"] and "only 1 officer" in why["en"]


def test_a_party_left_without_two_officers_is_passed_over_and_the_draw_says_so(
    rt, session, district, pool, plan, clock
):
    target = pool[2]
    inspect(rt, session, district, target, ("officer1", "officer2"), day="2024-03-01")
    session.commit()
    row = run(session, plan, district["head1"], clock, n=EVERY)
    assert len(row.assignments) == EVERY - 1
    assert target.id not in {a.party_id for a in row.assignments}
    codes = {s["code"]: s for s in row.shortfall}
    assert codes["parties_passed_over"]["data"]["parties"] == [target.id_code]


def test_the_pool_filter_limits_the_parties_drawn(session, district, pool, plan, clock):
    row = run(session, plan, district["head1"], clock, n=12, units=("LG-BT",),
              tags=("锂电池",), key_enterprise=True)  # fmt: skip
    wanted = {p.id for p in pool[:9] if "锂电池" in p.tags and p.key_enterprise}
    assert {a.party_id for a in row.assignments} == wanted
    assert row.shortfall[0]["code"] == "pool_too_small"


def test_a_changed_pool_changes_the_fingerprint_and_verification_names_the_change(
    session, district, pool, plan, clock
):
    row = run(session, plan, district["head1"], clock)
    unchanged = verify(session, row)
    assert unchanged.ok and unchanged.current_fingerprint == row.fingerprint
    newcomer = Party(kind="organization", name="新登记企业", id_code=uscc(5000),
                     unit=district["street"])  # fmt: skip
    session.add(newcomer)
    session.commit()
    changed = verify(session, row)
    assert changed.reproduced, "the recorded inputs still give the recorded draw"
    assert not changed.inputs_unchanged
    assert changed.changes["parties"]["added"] == [newcomer.id_code]
    assert changed.current_fingerprint != row.fingerprint


def test_inspections_made_after_the_draw_do_not_unsettle_its_verification(
    rt, session, district, pool, plan, clock
):
    row = run(session, plan, district["head1"], clock)
    first = row.assignments[0]
    clock.set("2024-04-02")
    inspect(rt, session, district, first.party, (first.officer1.username, first.officer2.username),
            day="2024-04-02")  # fmt: skip
    session.commit()
    assert verify(session, row).ok


def test_the_algorithm_reruns_from_the_recorded_inputs_alone(session, district, pool, plan, clock):
    row = run(session, plan, district["head1"], clock, seed="by-hand", n=5)
    again = draw(Inputs.from_json(row.inputs), "by-hand", 5)
    assert [list(a) for a in again.assignments] == [list(a) for a in picked(row)]
    assert again.fingerprint == row.fingerprint


@pytest.mark.parametrize(
    ("change", "field"),
    [({"seed": "has space"}, "seed"), ({"n": 0}, "n"),
     ({"start": dt.date(2025, 1, 1), "end": dt.date(2025, 1, 2)}, "window_start")],
)  # fmt: skip
def test_a_malformed_request_is_refused_naming_the_field(session, district, plan, change, field):
    values = {"seed": "ok", "n": 1, "start": APRIL[0], "end": APRIL[1]} | change
    with pytest.raises(InvalidData) as err:
        DrawRequest(plan, values["seed"], values["n"], values["start"], values["end"]).check()
    assert field in err.value.field_errors
