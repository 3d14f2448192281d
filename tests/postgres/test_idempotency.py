"""On PostgreSQL, with real threads: a client that sends its step twice at once with one
Idempotency-Key (a retry fired before the first answer came back) records it once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from caseflow.engine.audit import verify_all
from caseflow.models import Event
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.api.conftest import ApiClient
from tests.api.history import OFFICERS, open_general_case
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL (CI sets it)"
)


def test_two_posts_with_one_key_at_once_record_once_and_answer_alike(make_app, district):
    app = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[])
    api = ApiClient(app)
    case = open_general_case(api, district, violations=[])
    headers = {**api.headers("officer1"), "Idempotency-Key": "same-retry"}
    body = {**OFFICERS, "place": "生产车间", "expected_version": case["version"]}
    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post() -> None:
        client = app.test_client()
        barrier.wait(30)
        r = client.post(f"/api/v1/cases/{case['id']}/actions/inspect", headers=headers, json=body)
        with lock:
            answers.append((r.status_code, r.get_json()))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [status for status, _ in answers] == [200, 200], answers
    assert answers[0][1] == answers[1][1]
    rt = app.extensions["caseflow"]
    with rt.sessions() as s:
        steps = s.scalar(
            select(func.count()).where(Event.case_id == case["id"], Event.kind == "step")
        )
        checked, problems = verify_all(s)
    assert steps == 1
    assert problems == []
