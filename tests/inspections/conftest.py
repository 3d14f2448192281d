"""Inspection fixtures: a lithium-battery maker in 坂田 and a helper that builds the
answers of a whole checklist, all passed unless told otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.inspections.checklists import chosen_items
from caseflow.inspections.record import InspectionInput, ItemAnswer
from caseflow.models import Party
from tests.factories import uscc


@pytest.fixture
def maker(session, district):
    p = Party(kind="organization", name="深圳市示例锂能电池科技有限公司", id_code=uscc(2001),
              unit=district["street"], industry="电池制造", tags=["锂电池"])  # fmt: skip
    session.add(p)
    session.commit()
    return p


def answers_for(rt, day, checklists, failed=None, na=()):
    """Every item of ``checklists`` passed, except ``failed`` (item id -> ItemAnswer
    overrides) and ``na`` (not applicable)."""
    items, _ = chosen_items(rt.engine.pm, day, checklists)
    failed = failed or {}
    out = {}
    for item in items:
        if item["id"] in failed:
            out[item["id"]] = failed[item["id"]]
        elif item["id"] in na:
            out[item["id"]] = ItemAnswer("na")
        else:
            out[item["id"]] = ItemAnswer("pass")
    return out


def lithium_input(rt, party, day="2024-03-05", failed=None, **over):
    day = dt.date.fromisoformat(day)
    checklists = over.pop("checklists", ["lithium-battery-producers"])
    data = dict(
        party_id=party.id, date=day, place="化成车间及电池仓库", officers=["officer1", "officer2"],
        checklists=checklists, answers=answers_for(rt, day, checklists, failed),
        tags=["锂电池"], credentials_shown=True, signed_by_party=True,
    )  # fmt: skip
    data.update(over)
    return InspectionInput(**data)
