"""A general-procedure case from inspection to closure through the API alone."""

from __future__ import annotations

from caseflow.engine.audit import verify_all
from tests.api.history import CLEAN, VIOLATIONS, open_general_case, take


def test_officers_reviewer_and_head_close_a_case_and_the_export_is_its_history(
    api, district, clock, session
):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    assert case["state"] == "inspection" and case["version"] == 1
    assert (case["workflow"], case["workflow_version"]) == ("general_penalty", 2)

    for user, step in CLEAN:
        actions = api.get(f"/api/v1/cases/{case['id']}/actions", user).get_json()
        offered = {a["step"]: a for a in actions["actions"]}
        assert step["step"] in offered, (step["step"], sorted(offered))
        r = take(api, clock, case["id"], user, step)
        assert r.status_code == 200, (step["step"], r.get_json())
        body = r.get_json()
        assert body["warnings"] == [], (step["step"], body["warnings"])
        assert body["case"]["version"] == case["version"] + 1
        case = body["case"]

    assert case["state"] == "closed" and case["final"] and case["closed_at"]
    assert [s["step"] for s in case["steps"]] == [s["step"] for _, s in CLEAN]
    assert {d["name"] for d in case["deadlines"]} >= {"decision_due", "service", "payment"}
    assert not [d["name"] for d in case["deadlines"] if d["open"]]

    exported = api.get(f"/api/v1/cases/{case['id']}/export", "officer2")
    assert exported.status_code == 200
    doc = exported.get_json()
    assert doc["format"] == "caseflow-case-file/1" and doc["procedure"] == "general"
    assert doc["case_number"] == case["number"]
    # The notice is entered the day it was served, the day after its date: a late entry
    # (补录, format 1.1), the one step whose export says when it was entered.
    entered = {"notify": {"recorded_on": "2024-03-26"}}
    assert doc["steps"] == [{**step, **entered.get(step["step"], {})} for _, step in CLEAN]
    assert doc["violations"] == VIOLATIONS
    assert {"officer1", "officer2", "head1", "reviewer1"} <= {p["id"] for p in doc["people"]}

    events = api.get(f"/api/v1/cases/{case['id']}/events", "head1").get_json()
    assert events["intact"] and events["problem"] is None
    assert [e["seq"] for e in events["events"]] == list(range(1, len(CLEAN) + 2))
    chain = events["events"]
    assert all(e["prev_hash"] == chain[i]["hash"] for i, e in enumerate(chain[1:]))
    assert verify_all(session)[1] == []
