"""Plans, draws and recusals through the API, as an integrator's script would use them."""

from __future__ import annotations

from caseflow.models import Party
from caseflow.planning.algorithm import Inputs, draw
from tests.factories import uscc


def pool(session, district, n=6):
    for i in range(n):
        session.add(Party(kind="organization", name=f"企业{i}", id_code=uscc(600 + i),
                          unit=district["street"]))  # fmt: skip
    session.commit()


def plan(api, district, user="head1"):
    r = api.post("/api/v1/plans", user, json={
        "year": 2024, "title": "2024年度计划", "tags": ["锂电池"],
        "targets": [{"kind": "double_random", "unit_id": district["street"].id, "count": 2}]})  # fmt: skip
    return r


DRAW = {"seed": "api-1", "n": 3, "window_start": "2024-04-01", "window_end": "2024-04-30",
        "pool_filter": {"units": ["LG-BT"]}}  # fmt: skip


def test_an_integrator_plans_draws_reruns_verifies_and_publishes(api, session, district):
    pool(session, district)
    r = plan(api, district)
    assert r.status_code == 201, r.get_json()
    created = r.get_json()
    assert created["progress"][0] == {
        "kind": "double_random", "kind_label": {"zh": "双随机抽查", "en": "double-random"},
        "unit_id": district["street"].id, "target": 2, "done": 0, "percent": 0}  # fmt: skip

    r = api.post("/api/v1/draws", "head1", json={**DRAW, "plan_id": created["id"]})
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert made["drawn"] == 3 and made["pool_size"] == 6 and made["shortfall"] == []
    assert made["tags"] == ["锂电池"], "the plan's campaign carries to its draw"

    inputs = api.get(f"/api/v1/draws/{made['id']}/inputs", "officer1").get_json()
    again = draw(Inputs.from_json(inputs), inputs["seed"], inputs["n"])
    assert again.fingerprint == made["fingerprint"]
    assert [[p, *o] for p, o in ((a["party_code"], a["officers"]) for a in made["assignments"])] == [
        list(a) for a in again.assignments]  # fmt: skip

    checked = api.post(f"/api/v1/draws/{made['id']}/verify", "officer1").get_json()
    assert checked["ok"] and checked["current_fingerprint"] == made["fingerprint"]

    published = api.post(f"/api/v1/draws/{made['id']}/publish", "head1").get_json()
    assert published["published_at"] is not None
    listed = api.get(f"/api/v1/draws?plan_id={created['id']}", "officer1").get_json()
    assert [d["number"] for d in listed["items"]] == [made["number"]]


def test_only_heads_plan_and_draw(api, session, district):
    assert plan(api, district, "officer1").status_code == 403
    plan_id = plan(api, district).get_json()["id"]
    assert (
        api.post("/api/v1/draws", "officer1", json={**DRAW, "plan_id": plan_id}).status_code == 403
    )


def test_bad_draw_requests_are_field_errors(api, session, district):
    plan_id = plan(api, district).get_json()["id"]
    cases = [
        ({"seed": "a b"}, "seed"), ({"n": 0}, "n"), ({"window_end": "2024-03-01"}, "window_end"),
        ({"window_start": "2025-01-01", "window_end": "2025-01-02"}, "window_start"),
        ({"plan_id": 99999}, "plan_id"), ({"pool_filter": {"units": ["NOSUCH"]}}, "units"),
    ]  # fmt: skip
    for change, field in cases:
        r = api.post("/api/v1/draws", "head1", json={**DRAW, "plan_id": plan_id, **change})
        assert r.status_code == 422, (change, r.get_json())
        assert field in r.get_json()["errors"], (change, r.get_json())


def test_a_recusal_through_the_api_bars_the_officer_from_the_party(api, session, district):
    pool(session, district, 1)
    party_id = session.query(Party).filter_by(id_code=uscc(600)).one().id
    body = {"officer_id": district["officer3"].id, "party_id": party_id, "reason": "亲属关系"}
    r = api.post("/api/v1/recusals", "head1", json=body)
    assert r.status_code == 201, r.get_json()
    assert api.post("/api/v1/recusals", "head1", json=body).status_code == 409
    assert api.post("/api/v1/recusals", "officer1", json=body).status_code == 403
    plan_id = plan(api, district).get_json()["id"]
    made = api.post("/api/v1/draws", "head1", json={**DRAW, "n": 1, "plan_id": plan_id}).get_json()
    assert "officer3" not in made["assignments"][0]["officers"]
    inputs = api.get(f"/api/v1/draws/{made['id']}/inputs", "head1").get_json()
    assert [uscc(600), "officer3", "recusal"] in inputs["exclusions"]

    rid = r.get_json()["id"]
    lifted = api.post(f"/api/v1/recusals/{rid}/lift", "head1").get_json()
    assert lifted["lifted_by"] == "head1"
    assert api.get("/api/v1/recusals", "head1").get_json()["total"] == 0
    assert api.get("/api/v1/recusals?lifted=true", "head1").get_json()["total"] == 1


def test_the_openapi_spec_documents_plans_draws_and_recusals(api):
    paths = api.client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/draws",
                 "/api/v1/draws/{draw_id}/inputs", "/api/v1/draws/{draw_id}/verify",
                 "/api/v1/recusals", "/api/v1/recusals/{recusal_id}/lift"):  # fmt: skip
        assert path in paths, path


def test_a_draw_without_a_pool_filter_draws_from_the_plans_whole_reach(api, session, district):
    pool(session, district, 2)
    plan_id = plan(api, district).get_json()["id"]
    body = {k: v for k, v in DRAW.items() if k != "pool_filter"} | {"plan_id": plan_id}
    r = api.post("/api/v1/draws", "head1", json=body)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["pool_size"] == 3, "two in the street and the district's own party"
