"""The dismissal-risk register (瑕疵风险台账): defects stay on recorded steps, and heads and
legal reviewers count them by rule and by unit, through the API and the web page."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

from .test_casefiles import _import, case_file  # noqa: F401 - the fixture
from .test_import_acknowledgements import REASON, decided_late, served_late


@pytest.fixture
def recorded(api, case_file, clock):  # noqa: F811
    """Two cases of the bureau: one imported live with a late service its head
    acknowledged (APL-61-SERVICE), one migrated as it happened with a handling period
    overrun nobody acknowledged (APL-60-90DAY)."""
    clock.set("2024-08-01")  # after both files' last steps
    r = _import(api, {**served_late(case_file), "acknowledge": REASON}, "live")
    assert r.status_code == 201, r.get_json()
    overrun = decided_late(case_file)
    overrun["case_number"] = "深龙应急罚〔2024〕13号"
    r = _import(api, overrun, "record")
    assert r.status_code == 201, r.get_json()
    return overrun


def test_the_register_counts_defects_by_rule_and_by_unit(api, recorded, district):
    body = api.get("/api/v1/defects", "head1").get_json()
    assert body["total"] == 2
    assert body["by_rule"] == [{"rule": "APL-60-90DAY", "count": 1},
                               {"rule": "APL-61-SERVICE", "count": 1}]  # fmt: skip
    assert body["by_unit"] == [
        {"unit_id": district["bureau"].id, "unit_name": district["bureau"].name, "count": 2}
    ]
    late, overrun = sorted(body["items"], key=lambda d: d["rule"], reverse=True)
    assert (late["step"], late["date"], late["acknowledged_by"]) == (
        "serve",
        "2024-04-12",
        ["head1"],
    )
    assert late["reason"] == REASON["reason"] and late["category"] == "internal"
    assert overrun["case_label"] == "深龙应急罚〔2024〕13号" and overrun["acknowledged_by"] == []


def test_the_register_filters_by_rule_dates_and_unit(api, recorded, district):
    def total(query):
        r = api.get(f"/api/v1/defects?{query}", "reviewer1")
        assert r.status_code == 200, r.get_json()
        return r.get_json()["total"]

    assert total("rule=APL-61-SERVICE") == 1
    assert total("rule=APL-54-FILE") == 0
    assert total("from=2024-04-12&to=2024-04-12") == 1  # the late service, not the decision
    assert total("from=2024-04-13") == 1
    assert total(f"unit={district['bureau'].id}") == 2
    assert total(f"unit={district['street'].id}") == 0


def test_bad_filters_are_422_naming_the_field(api, recorded, district):
    for query, field in [("from=2024-02-30", "from"), ("unit=abc", "unit"),
                         ("from=2024-05-01&to=2024-04-01", "to"),
                         ("unit=999", "unit")]:  # fmt: skip
        r = api.get(f"/api/v1/defects?{query}", "head1")
        assert r.status_code == 422, (query, r.get_json())
        assert field in str(r.get_json()["errors"]), (query, r.get_json())


def test_an_officer_does_not_read_the_register(api, recorded):
    assert api.get("/api/v1/defects", "officer1").status_code == 403


def test_the_register_page_lists_draws_and_exports_the_defects(app, recorded):
    client = app.test_client()
    client.post("/login", data={"username": "head1", "password": PASSWORD})
    page = client.get("/").text
    assert "瑕疵风险台账" in page  # in the nav
    page = client.get("/defects/").text
    assert "APL-61-SERVICE" in page and "APL-60-90DAY" in page and "<svg" in page
    assert "深龙应急罚〔2024〕13号" in page and "未确认" in page
    only = client.get("/defects/?rule=APL-61-SERVICE").text
    assert "APL-60-90DAY" not in only.split('<table class="dense list">')[1]
    csv = client.get("/defects/?format=csv&rule=APL-60-90DAY")
    assert csv.mimetype == "text/csv"
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "深龙应急罚〔2024〕13号" in lines[1] and "APL-60-90DAY" in lines[1]


def test_an_officer_neither_sees_nor_opens_the_register(app, recorded):
    client = app.test_client()
    client.post("/login", data={"username": "officer1", "password": PASSWORD})
    assert "瑕疵风险台账" not in client.get("/").text
    assert client.get("/defects/").status_code == 403
