"""On PostgreSQL, with real threads: sixteen officers open and file cases in one unit."""

from __future__ import annotations

import threading

import pytest

from caseflow.engine.audit import verify_all
from caseflow.engine.cases import open_case
from caseflow.models import Party, Unit, User
from caseflow_plugins.legal_procedure import procedure  # the workflows' steps and periods
from tests.conftest import PG_URL
from tests.engine.helpers import OFFICERS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL (CI sets it)"
    ),
]

CLIENTS = 16


def test_sixteen_clients_opening_and_filing_at_once_all_get_consecutive_numbers(make_app, district):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    barrier = threading.Barrier(CLIENTS)
    numbers: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def client():
        try:
            barrier.wait(timeout=60)
            with rt.sessions() as s:
                officer = s.get(User, district["officer1"].id)
                head = s.get(User, district["head1"].id)
                unit = s.get(Unit, district["bureau"].id)
                party = s.get(Party, district["party"].id)
                case = open_case(
                    rt.engine, s, workflow="general_penalty", party=party, unit=unit,
                    actor=officer,
                )  # fmt: skip
                rt.engine.fire(s, case, "inspect", {**OFFICERS, "place": "车间"}, officer)
                rt.engine.fire(s, case, "register", {"discovered": "2024-03-05"}, head)
                s.commit()  # the caller owns the transaction: the number is taken here
                with lock:
                    numbers.append(case.number)
        except BaseException as exc:  # every failure is the test's business
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)

    assert failures == []
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"深龙应急罚〔2024〕{i}号" for i in range(1, CLIENTS + 1)
    ]
    with rt.sessions() as s:
        checked, problems = verify_all(s)
    assert checked == CLIENTS and problems == []
