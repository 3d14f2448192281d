"""The half-year summary's figures come from the recorded steps, with last year's beside."""

from __future__ import annotations

import datetime as dt
import json

from caseflow.casefile.importer import import_case
from caseflow.plugins import call_each
from tests.domain import EXAMPLES, with_notice_contents

EXAMPLE = EXAMPLES / "general-small-clean.json"


def example() -> dict:
    """The 1.0 small example, its notice given the contents a live notice carries."""
    return with_notice_contents(json.loads(EXAMPLE.read_text(encoding="utf-8")), "small")


def figures(rt, session, unit_ids, day):
    (found,) = [
        f
        for name, f in call_each(
            rt.pm, "caseflow_dashboard_figures", session=session, unit_ids=unit_ids, as_of=day
        )
        if name == "statistics"
    ]
    return {f["key"]: f for f in found}


def test_a_closed_penalty_case_shows_in_its_half_year_and_as_last_year_a_year_on(
    rt, session, district, clock
):
    clock.set("2025-01-06")
    result = import_case(rt, session, example(), mode="live", actor=district["head1"])
    assert result.refusal is None, result.refusal.to_dict()
    ids = [result.case.unit_id]

    h1 = figures(rt, session, ids, dt.date(2024, 6, 30))
    assert h1["penalised"]["value"] == 1 and h1["fines"]["value"] == 20000
    assert h1["inspections"]["value"] == 1 and h1["registered"]["value"] == 1
    assert h1["hazards"]["value"] == 1 and h1["rectified"]["value"] == 1
    assert h1["rectification_rate"]["value"] == 100 and h1["closed"]["value"] == 1
    assert h1["fines"]["label_zh"].startswith("2024年上半年")
    assert h1["fines"]["previous"] == 0

    a_year_on = figures(rt, session, ids, dt.date(2025, 3, 1))
    assert a_year_on["fines"]["value"] == 0 and a_year_on["fines"]["previous"] == 20000

    h2 = figures(rt, session, ids, dt.date(2024, 9, 1))
    assert h2["penalised"]["value"] == 0


def test_another_units_cases_are_not_counted(rt, session, district, clock):
    clock.set("2025-01-06")
    result = import_case(rt, session, example(), mode="live", actor=district["head1"])
    assert result.refusal is None, result.refusal.to_dict()
    other = figures(rt, session, [district["other"].id], dt.date(2024, 6, 30))
    assert other["penalised"]["value"] == 0 and other["inspections"]["value"] == 0
