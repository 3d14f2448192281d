"""On PostgreSQL, with real threads: two officers fire on the same case at once."""

from __future__ import annotations

import threading

import pytest

from caseflow.engine.audit import verify_all
from caseflow.engine.errors import Conflict
from caseflow.models import Case, User
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.conftest import PG_URL
from tests.engine.helpers import OFFICERS, new_case

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL (CI sets it)"
)


def test_two_fires_with_the_same_version_one_succeeds_one_conflicts_chain_intact(
    make_app, district, session
):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    version = case.version
    barrier = threading.Barrier(2)
    results: list[str] = []

    def officer(place: str):
        with rt.sessions() as s:
            c = s.get(Case, case.id)
            actor = s.get(User, district["officer1"].id)
            barrier.wait()
            try:
                rt.engine.fire(
                    s, c, "inspect", {**OFFICERS, "place": place}, actor, expected_version=version
                )
                s.commit()  # the caller commits, as a request does
                results.append("ok")
            except Conflict:
                results.append("conflict")

    threads = [threading.Thread(target=officer, args=(p,)) for p in ("车间", "仓库")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["conflict", "ok"]
    with rt.sessions() as s:
        assert s.get(Case, case.id).version == version + 1
        checked, problems = verify_all(s)
    assert checked == 1 and problems == []


def test_many_threads_with_stale_reads_never_fork_the_chain(make_app, district, session):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district)
    outcomes: list[str] = []
    lock = threading.Lock()

    def officer(i: int):
        for _ in range(5):
            with rt.sessions() as s:
                c = s.get(Case, case.id)
                actor = s.get(User, district["officer1"].id)
                try:
                    rt.engine.fire(
                        s,
                        c,
                        "inspect",
                        {**OFFICERS, "place": f"车间{i}"},
                        actor,
                        expected_version=c.version,
                    )
                    s.commit()
                    result = "ok"
                except Conflict:
                    result = "conflict"
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=officer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    successes = outcomes.count("ok")
    assert len(outcomes) == 40 and successes >= 1
    with rt.sessions() as s:
        assert s.get(Case, case.id).version == 1 + successes
        checked, problems = verify_all(s)
    assert problems == []
