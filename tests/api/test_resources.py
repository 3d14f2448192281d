"""Parties, people, case lists, workflows and rules as integrators read them."""

from __future__ import annotations

import pytest

from tests.api.history import open_general_case
from tests.factories import uscc


def test_an_officer_registers_a_party_and_the_code_is_checked(api, district):
    good = {"kind": "organization", "name": "示例化工有限公司", "id_code": uscc(7)}
    r = api.post("/api/v1/parties", "officer3", json=good)
    assert r.status_code == 201
    party = r.get_json()
    assert party["unit_id"] == district["street"].id
    assert api.get(f"/api/v1/parties/{party['id']}", "officer3").status_code == 200
    # 布吉 street cannot see 坂田's party; the bureau can.
    assert api.get(f"/api/v1/parties/{party['id']}", "officer1").status_code == 200
    again = api.post("/api/v1/parties", "officer3", json=good)
    assert again.status_code == 409
    bad = api.post("/api/v1/parties", "officer3", json={**good, "id_code": uscc(8)[:-1] + "0"})
    assert bad.status_code == 422 and "id_code" in bad.get_json()["errors"]
    found = api.get("/api/v1/parties?q=化工", "officer3").get_json()
    assert [p["id"] for p in found["items"]] == [party["id"]]


def test_an_admin_adds_an_officer_with_a_certificate(api):
    r = api.post(
        "/api/v1/people",
        "admin",
        json={
            "username": "officer9", "name": "新警员", "password": "long enough to pass",
            "roles": ["officer"],
            "certificates": [
                {"number": "44031234567", "valid_from": "2024-01-01", "valid_to": "2027-12-31"}
            ],
        },
    )  # fmt: skip
    assert r.status_code == 201, r.get_json()
    person = r.get_json()
    assert person["certificates"][0]["number"] == "44031234567" and "password" not in person
    assert api.token("officer9", "long enough to pass")
    dup = api.post(
        "/api/v1/people",
        "admin",
        json={
            "username": "officer9",
            "name": "x",
            "password": "long enough to pass",
            "roles": ["officer"],
        },
    )
    assert dup.status_code == 409


def test_the_case_list_filters_and_pages(api, district, clock):
    clock.set("2024-03-05")
    ids = [open_general_case(api, district)["id"] for _ in range(3)]
    page = api.get("/api/v1/cases?page_size=2", "officer1").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    second = api.get("/api/v1/cases?page_size=2&page=2", "officer1").get_json()
    assert {c["id"] for c in page["items"] + second["items"]} == set(ids)
    assert api.get("/api/v1/cases?state=closed", "officer1").get_json()["total"] == 0
    assert api.get("/api/v1/cases?officer=officer1", "head1").get_json()["total"] == 3
    assert api.get("/api/v1/cases?overdue=true", "officer1").get_json()["total"] == 0
    party = district["party"].id
    assert api.get(f"/api/v1/cases?party_id={party}", "officer1").get_json()["total"] == 3


def test_opening_a_case_on_an_unknown_workflow_or_violation_is_422(api, district):
    base = {"workflow": "general_penalty", "party_id": district["party"].id}
    r = api.post("/api/v1/cases", "officer1", json={**base, "workflow": "nope"})
    assert r.status_code == 422 and "workflow" in r.get_json()["errors"]
    r = api.post("/api/v1/cases", "officer1", json={**base, "violations": [{"code": "XX-1"}]})
    assert r.status_code == 422 and "violations.0.code" in r.get_json()["errors"]
    r = api.post("/api/v1/cases", "reviewer1", json=base)
    assert r.status_code == 403


def test_the_actions_of_a_new_case_say_what_is_allowed_and_why_not(api, district):
    case = open_general_case(api, district)
    actions = api.get(f"/api/v1/cases/{case['id']}/actions", "officer1").get_json()
    by_step = {a["step"]: a for a in actions["actions"]}
    assert by_step["inspect"]["allowed"]
    assert {"name": "place", "required": True}.items() <= next(
        f for f in by_step["inspect"]["fields"] if f["name"] == "place"
    ).items()
    assert not by_step["register"]["allowed"]
    assert by_step["register"]["reason"]["code"] == "forbidden"


def test_workflows_come_with_definition_versions_and_a_diagram(api):
    names = {w["name"] for w in api.get("/api/v1/workflows", "officer1").get_json()}
    assert {"general_penalty", "summary_penalty"} <= names
    wf = api.get("/api/v1/workflows/general_penalty", "officer1").get_json()
    assert wf["versions"] == [1, 2] and wf["initial"] == "inspection"
    assert "closed" in {s["name"] for s in wf["states"]}
    assert wf["diagram"]["source"].startswith('digraph "general_penalty.v2"')
    dot = api.get("/api/v1/workflows/general_penalty/diagram", "officer1")
    assert dot.status_code == 200 and dot.mimetype == "text/vnd.graphviz"
    assert '"notified" -> "decided" [label="decide (outcome=penalty)"];' in dot.get_data(True)


def test_svg_is_drawn_by_graphviz_or_refused_as_406(api, monkeypatch):
    import caseflow.api.workflows as workflows

    monkeypatch.setattr(workflows.shutil, "which", lambda name: None)
    r = api.get("/api/v1/workflows/general_penalty/diagram?format=svg", "officer1")
    assert r.status_code == 406 and r.get_json()["code"] == "not_acceptable"


def test_the_rules_list_names_the_legal_procedure_rules(api):
    rules = {r["id"]: r for r in api.get("/api/v1/rules", "officer1").get_json()}
    assert "APL-58-LEGALREVIEW" in rules
    assert rules["APL-58-LEGALREVIEW"]["steps"] == ["legal_review", "decide"]


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_the_spec_and_docs_are_public(api, path):
    assert api.client.get(path).status_code == 200


def test_the_docs_page_loads_nothing_from_another_host(api):
    page = api.client.get("/api/docs").get_data(as_text=True)
    assert "cdn" not in page.lower() and "https://" not in page and "http://" not in page
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f'"static/swagger-ui/{asset}"' in page
        with api.client.get(f"/api/static/swagger-ui/{asset}") as r:
            assert r.status_code == 200 and len(r.data) > 10_000
    # The settings travel in a data attribute read by a script file (the CSP allows no
    # inline script), HTML-escaped.
    assert 'data-config="{&#34;validatorUrl&#34;: null}"' in page


def test_the_rules_list_gives_severities_and_the_settings_each_rule_reads(api):
    rules = {r["id"]: r for r in api.get("/api/v1/rules", "officer1").get_json()}
    assert rules["APL-AMOUNT"]["severities"] == ["error", "warning"]
    (bands,) = rules["APL-AMOUNT"]["settings"]
    assert bands["key"] == "APL-AMOUNT.bands" and bands["to_confirm"]
    assert rules["APL-44-CONTENT"]["severities"] == ["error", "warning"]
