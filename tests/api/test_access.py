"""Who may do what through the API: tokens, jurisdiction, roles, separation of duties."""

from __future__ import annotations

import re

import pytest

from caseflow import create_app
from caseflow.engine.cases import open_case
from tests.api.conftest import add_user
from tests.api.history import CLEAN, drive, open_general_case, take


def _api_rules():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "TESTING": True})
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.endpoint != "api_auth.issue":
                path = re.sub(r"<int[^>]*>", "1", rule.rule)
                out.append((method, re.sub(r"<[^>]*>", "inspect", path)))
    app.extensions["caseflow"].db.dispose()
    return out


API_RULES = _api_rules()


def test_the_api_has_the_resources_the_issue_names():
    paths = {p for _, p in API_RULES}
    assert {
        "/api/v1/parties", "/api/v1/parties/1", "/api/v1/people", "/api/v1/cases",
        "/api/v1/cases/1", "/api/v1/cases/1/actions", "/api/v1/cases/1/actions/inspect",
        "/api/v1/cases/1/events", "/api/v1/cases/1/export", "/api/v1/cases/import",
        "/api/v1/workflows", "/api/v1/workflows/inspect", "/api/v1/rules",
    } <= paths  # fmt: skip


@pytest.mark.parametrize(("method", "path"), API_RULES, ids=[f"{m} {p}" for m, p in API_RULES])
def test_every_endpoint_without_a_token_is_401(api, method, path):
    r = api.client.open(path, method=method, json={})
    assert r.status_code == 401
    assert r.get_json()["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nonsense", "Basic b2ZmaWNlcjE6cHc=", "Bearer", ""])
def test_a_wrong_or_malformed_token_is_401(api, header):
    r = api.client.get("/api/v1/cases", headers={"Authorization": header})
    assert r.status_code == 401 and r.get_json()["code"] == "unauthorized"


@pytest.fixture
def other_street_case(rt, session, district):
    """A case of 布吉 street, opened by the bureau's head (the street is in his reach)."""
    case = open_case(
        rt.engine, session, workflow="general_penalty", party=district["party"],
        unit=district["other"], actor=district["head1"],
    )  # fmt: skip
    session.commit()
    return case


def test_a_street_officer_cannot_read_or_act_on_another_streets_case(
    api, other_street_case, district
):
    cid = other_street_case.id
    missing = api.get("/api/v1/cases/999999", "officer3")
    assert missing.status_code == 404
    for path in ("", "/actions", "/events", "/export"):
        r = api.get(f"/api/v1/cases/{cid}{path}", "officer3")
        # The same answer as for a case that does not exist: no existence leak.
        assert (r.status_code, r.get_json()) == (404, missing.get_json()), path
    r = api.fire(cid, "inspect", "officer3", {"place": "车间"}, version=1)
    assert (r.status_code, r.get_json()) == (404, missing.get_json())
    listed = api.get("/api/v1/cases", "officer3").get_json()
    assert cid not in {c["id"] for c in listed["items"]}
    # The bureau above both streets sees it.
    assert api.get(f"/api/v1/cases/{cid}", "officer1").status_code == 200


def test_a_step_of_another_role_is_403_and_changes_nothing(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    r = api.fire(case["id"], "register", "officer1", {"discovered": "2024-03-05"})
    assert r.status_code == 403 and r.get_json()["code"] == "forbidden"
    assert api.case(case["id"], "officer1")["version"] == case["version"]


def test_people_are_for_admins_only(api):
    assert api.get("/api/v1/people", "head1").status_code == 403
    r = api.get("/api/v1/people", "admin")
    assert r.status_code == 200
    assert {"officer1", "reviewer1", "admin"} <= {u["username"] for u in r.get_json()["items"]}


def test_a_reviewer_who_handled_the_case_as_an_officer_cannot_review_it(
    api, session, district, clock
):
    # He holds both roles and the legal qualification: only separation of duties stops him.
    add_user(session, district, "dual", ["officer", "reviewer"], legal=True, cert="44039999001")
    steps = [
        (user, {**s, "by": ["officer1", "dual"]} if "by" in s and s["step"] == "evidence" else s)
        for user, s in CLEAN
    ]
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    drive(api, clock, case["id"], steps, until="legal_review")
    review = next(s for _, s in steps if s["step"] == "legal_review")
    r = take(api, clock, case["id"], "dual", {**review, "reviewer": "dual"})
    # Refused at the review itself, naming him; nothing recorded.
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert body["code"] == "findings"
    hit = [f for f in body["findings"] if f["rule"] == "APL-58-LEGALREVIEW"]
    assert hit and hit[0]["severity"] == "error" and "dual" in hit[0]["message"]
