"""On PostgreSQL, through the API: 20 threads post steps to one case with the versions
they read. Each post either lands or is a 409; none forks the audit chain."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from caseflow.engine.audit import verify_all
from caseflow.models import Case, Event
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.api.conftest import ApiClient
from tests.api.history import OFFICERS, open_general_case
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL (CI sets it)"
)

THREADS = 20
ROUNDS = 3  # each thread reads then posts this many times: later reads may be fresh


def test_twenty_threads_posting_with_the_versions_they_read(make_app, district, clock, session):
    # The rules are not the subject here: the version check and the chain are.
    app = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[])
    clock.set("2024-03-05")
    api = ApiClient(app)
    case = open_general_case(api, district, violations=[])  # no catalogue loaded
    token = api.token("officer1")
    barrier = threading.Barrier(THREADS)
    outcomes: list[int] = []
    lock = threading.Lock()

    def officer(i: int) -> None:
        client = app.test_client()  # one client per thread, like one integrator each
        headers = {"Authorization": f"Bearer {token}"}
        barrier.wait(30)
        for n in range(ROUNDS):
            read = client.get(f"/api/v1/cases/{case['id']}", headers=headers).get_json()
            r = client.post(
                f"/api/v1/cases/{case['id']}/actions/inspect",
                headers=headers,
                json={**OFFICERS, "place": f"车间{i}-{n}", "expected_version": read["version"]},
            )
            with lock:
                outcomes.append(r.status_code)

    threads = [threading.Thread(target=officer, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    successes, conflicts = outcomes.count(200), outcomes.count(409)
    assert successes + conflicts == len(outcomes) == THREADS * ROUNDS, outcomes
    assert successes >= 1 and conflicts >= 1, outcomes
    final = api.case(case["id"], "officer1")
    assert final["version"] == case["version"] + successes
    assert len(final["steps"]) == successes
    session.expire_all()
    steps = session.scalar(
        select(func.count()).where(Event.case_id == case["id"], Event.kind == "step")
    )
    assert steps == successes and session.get(Case, case["id"]).version == final["version"]
    events = api.get(f"/api/v1/cases/{case['id']}/events", "head1").get_json()
    assert events["intact"]
    assert verify_all(session)[1] == []
