"""A case's violations through the API: the keys of format 1.1 go in and come back."""

from __future__ import annotations

from tests.api.history import open_general_case

ONE_ACT = [
    {"code": "AQL-97-3", "tier": "initial", "act_start": "2023-11-01", "act": "A1",
     "gains": 1200, "liable": "unit"},
    {"code": "AQL-99-2", "tier": "initial", "act_start": "2023-11-01", "act": "A1",
     "accident": {"grade": "general", "report_approved_on": "2024-02-20"}},
]  # fmt: skip


def test_an_officer_records_one_act_breaching_two_provisions_with_gains_and_accident(api, district):
    case = open_general_case(api, district, violations=ONE_ACT)
    first, second = case["violations"]
    assert first["act"] == second["act"] == "A1"
    assert first["gains"] == 1200 and first["liable"] == "unit"
    assert second["accident"] == {"grade": "general", "report_approved_on": "2024-02-20"}


def test_an_unknown_liable_subject_or_accident_grade_is_a_field_error(api, district):
    r = api.post(
        "/api/v1/cases",
        "officer1",
        json={"workflow": "general_penalty", "party_id": district["party"].id,
              "violations": [{"code": "AQL-97-3", "liable": "boss",
                              "accident": {"grade": "tiny"}}]},
    )  # fmt: skip
    assert r.status_code == 422
    body = r.get_json()
    text = str(body)
    assert "liable" in text and "grade" in text
