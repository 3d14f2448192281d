"""Planning fixtures: a pool of parties in the district's streets, a plan, a helper
that records an inspection the way officers do (an inspection record with its checklist)."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.inspections.record import record_inspection
from caseflow.models import Certificate, Party, User
from caseflow.planning.plans import make_plan
from tests.factories import uscc

INDUSTRIES = ("电池制造", "仓储", "化工")


@pytest.fixture
def pool(session, district):
    """Twelve enterprises: nine in 坂田 (LG-BT), three in 布吉 (LG-BJ)."""
    parties = []
    for i in range(12):
        street = district["street"] if i < 9 else district["other"]
        p = Party(
            kind="organization",
            name=f"示例企业{i:02d}有限公司",
            id_code=uscc(1000 + i),
            unit=street,
            industry=INDUSTRIES[i % 3],
            key_enterprise=i % 2 == 0,
            tags=["锂电池"] if i % 3 == 0 else [],
        )
        session.add(p)
        parties.append(p)
    session.commit()
    return parties


def add_officer(session, district, username, valid_to=dt.date(2026, 12, 31), unit="bureau"):
    u = User(username=username, name=username, unit=district[unit], roles=["officer"],
             password_hash="x")  # fmt: skip
    u.certificates.append(
        Certificate(number=f"C-{username}", valid_from=dt.date(2020, 1, 1), valid_to=valid_to)
    )
    session.add(u)
    session.commit()
    return u


@pytest.fixture
def plan(session, district, clock):
    p = make_plan(
        session,
        unit=district["bureau"],
        year=2024,
        title="2024年度监督检查计划",
        targets=[
            ("supervisory", district["street"].id, 3),
            ("supervisory", district["other"].id, 2),
            ("double_random", district["street"].id, 2),
        ],
        tags=["锂电池"],
        actor=district["head1"],
        now=clock(),
    )
    session.commit()
    return p


def inspect(rt, session, district, party, officers=("officer1", "officer2"), day="2024-03-05"):
    """Record an inspection as officers do: the record with its checklist, all passed."""
    from tests.inspections.conftest import lithium_input

    data = lithium_input(rt, party, day=day, officers=list(officers), tags=[])
    return record_inspection(rt.engine, session, data, district["officer1"])
