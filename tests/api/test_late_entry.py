"""Through the API, a step entered after its day (补录) is recorded, flagged with the day
it was entered, and exported so; a caller cannot state that day himself."""

from __future__ import annotations

from tests.api.history import CLEAN, open_general_case


def test_an_inspection_entered_three_days_late_is_recorded_with_its_entry_day(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    inspect = dict(CLEAN[0][1])
    clock.set("2024-03-08")
    r = api.fire(
        case["id"], "inspect", "officer1", {k: v for k, v in inspect.items() if k != "step"}
    )
    assert r.status_code == 200, r.get_json()
    (step,) = r.get_json()["case"]["steps"]
    assert step["date"] == "2024-03-05" and step["recorded_on"] == "2024-03-08"
    exported = api.get(f"/api/v1/cases/{case['id']}/export", "officer1").get_json()
    assert exported["steps"] == [{**inspect, "recorded_on": "2024-03-08"}]


def test_a_caller_cannot_state_the_entry_day(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    data = {k: v for k, v in CLEAN[0][1].items() if k != "step"}
    r = api.fire(case["id"], "inspect", "officer1", {**data, "recorded_on": "2024-03-09"})
    assert r.status_code == 422
    assert "recorded_on" in r.get_json()["errors"]
