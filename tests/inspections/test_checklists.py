"""Which checklists an inspection offers: those for the party's industry and tags."""

from __future__ import annotations

import datetime as dt

from caseflow.engine.checklist_format import header_problems
from caseflow.inspections.checklists import chosen_items, suggested


def test_a_battery_maker_is_offered_the_lithium_checklists_in_force(rt):
    day = dt.date(2024, 3, 5)
    offered = suggested(rt.engine.pm, day, "电池制造", ["锂电池"])
    assert "lithium-battery-producers" in offered
    assert "lithium-battery-users" not in offered  # in force from 2024-11-01
    assert "lithium-battery-users" in suggested(rt.engine.pm, dt.date(2025, 1, 2), None, ["锂电池"])


def test_a_party_of_another_trade_is_not_offered_them(rt):
    assert "lithium-battery-producers" not in suggested(
        rt.engine.pm, dt.date(2024, 3, 5), "纺织服装", ["消防安全"]
    )


def test_an_item_two_checklists_share_is_answered_once(rt):
    day = dt.date(2025, 1, 2)
    items, unknown = chosen_items(
        rt.engine.pm, day, ["lithium-battery-producers", "lithium-battery-users"]
    )
    ids = [i["id"] for i in items]
    assert unknown == [] and len(ids) == len(set(ids)) and "LI-S-01" in ids
    assert next(i for i in items if i["id"] == "LI-S-01")["checklist"].startswith(
        "lithium-battery-producers@"
    )


def test_a_match_that_is_not_lists_of_names_is_refused():
    doc = {"match": {"industries": "锂电池"}}
    assert "match must map industries and/or tags to lists of names" in header_problems(doc)
    assert not any("match" in p for p in header_problems({"match": {"tags": ["锂电池"]}}))
