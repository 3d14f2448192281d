"""Every API error is JSON of one shape, never an HTML page or a traceback."""

from __future__ import annotations

import pytest

from tests.api.history import CLEAN, open_general_case, take

SHAPE = {"code", "message", "errors", "findings"}


def test_an_unknown_field_is_422_naming_it(api, district):
    r = api.post(
        "/api/v1/cases",
        "officer1",
        json={"workflow": "general_penalty", "party_id": district["party"].id, "colour": "red"},
    )
    assert r.status_code == 422
    body = r.get_json()
    assert set(body) >= SHAPE and body["code"] == "invalid"
    assert body["errors"] == {"colour": ["Unknown field."]}


def test_an_unknown_field_in_a_steps_data_is_422_naming_it(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    user, step = CLEAN[0]
    r = take(api, clock, case["id"], user, step, colour="red")
    assert r.status_code == 422
    assert "colour" in r.get_json()["errors"]


def test_a_refused_step_is_422_with_the_rules_findings(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    user, step = CLEAN[0]
    r = take(api, clock, case["id"], user, {**step, "credentials_shown": False})
    assert r.status_code == 422
    body = r.get_json()
    assert body["code"] == "findings" and body["findings"]
    finding = body["findings"][0]
    assert {"rule", "severity", "message", "source"} <= set(finding)
    assert api.case(case["id"], user)["version"] == case["version"]


def test_a_stale_version_is_409_and_a_step_not_available_here_is_409(api, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    user, step = CLEAN[0]
    assert take(api, clock, case["id"], user, step).status_code == 200
    data = {k: v for k, v in step.items() if k != "step"}
    stale = api.fire(case["id"], "inspect", user, data, version=case["version"])
    assert stale.status_code == 409 and stale.get_json()["code"] == "conflict"
    too_early = api.fire(case["id"], "serve", user, {"method": "direct"})
    assert too_early.status_code == 409 and too_early.get_json()["code"] == "not_available"
    unknown = api.fire(case["id"], "fly", user, {})
    assert unknown.status_code == 404


def test_expected_version_is_required(api, district, clock):
    case = open_general_case(api, district)
    r = api.post(f"/api/v1/cases/{case['id']}/actions/conclude", "officer1", json={})
    assert r.status_code == 422 and "expected_version" in r.get_json()["errors"]


def test_an_oversized_body_is_413_json(api, app):
    big = "x" * (app.config["API_MAX_CONTENT_LENGTH"] + 1)
    r = api.post("/api/v1/parties", "officer1", data=big, content_type="application/json")
    assert r.status_code == 413
    body = r.get_json()
    assert set(body) >= SHAPE and body["code"] == "too_large"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nowhere", 404),
        ("PUT", "/api/v1/cases", 405),
        ("GET", "/api/v1/cases/99999999999999999999", 404),
        ("GET", "/api/v1/workflows/nowhere", 404),
        ("GET", "/api/v1/cases?page=0", 422),
        ("GET", "/api/v1/cases?overdue=perhaps", 422),
    ],
)
def test_http_errors_are_json(api, method, path, status):
    r = api.client.open(path, method=method, headers=api.headers("officer1"))
    assert r.status_code == status
    assert r.is_json and set(r.get_json()) >= SHAPE


@pytest.mark.parametrize(
    "data", ["{not json", "[1, 2]", '"text"', "null", '{"workflow": 1, "party_id": "x"}']
)
def test_bad_bodies_are_4xx_json(api, data):
    r = api.post("/api/v1/cases", "officer1", data=data, content_type="application/json")
    assert r.status_code in (400, 422)
    assert r.is_json and set(r.get_json()) >= SHAPE


def test_web_pages_keep_their_html_errors(api):
    r = api.client.get("/no-such-page")
    assert r.status_code == 404 and not r.is_json


def test_an_unknown_query_parameter_is_422_naming_it(api):
    r = api.get("/api/v1/cases?stat=closed", "officer1")
    assert r.status_code == 422 and r.get_json()["errors"] == {"stat": ["Unknown field."]}


def test_text_that_is_not_valid_unicode_is_422_not_a_database_error(api):
    body = '{"kind": "organization", "name": "\\ud800", "id_code": "91440300MA5FXXXX1Y"}'
    r = api.post("/api/v1/parties", "officer1", data=body, content_type="application/json")
    assert r.status_code == 422 and r.get_json()["code"] == "invalid"


def test_a_nul_in_a_body_is_422_not_a_database_error(api):
    # PostgreSQL text cannot hold NUL; SQLite would have stored it silently.
    body = '{"kind": "organization", "name": "a\\u0000b", "id_code": "91440300MA5FXXXX1Y"}'
    r = api.post("/api/v1/parties", "officer1", data=body, content_type="application/json")
    assert r.status_code == 422 and r.get_json()["code"] == "invalid"


def test_a_nul_in_a_query_string_is_422_not_a_database_error(api):
    r = api.get("/api/v1/cases?state=%00", "officer1")
    assert r.status_code == 422 and "NUL" in r.get_json()["message"]


def test_deeply_nested_json_is_400_not_a_crash_even_before_login(api):
    deep = "[" * 100_000 + "]" * 100_000
    for path in ("/api/v1/auth/token", "/api/v1/cases", "/api/v1/cases/import"):
        r = api.client.post(path, data=deep, content_type="application/json")
        assert r.status_code == 400, path
        assert r.get_json()["code"] == "bad_request" and "nests deeper" in r.get_json()["message"]


def test_nesting_within_the_limit_and_brackets_in_strings_are_fine(api):
    from caseflow.api.nesting import MAX_DEPTH, too_deep

    assert not too_deep(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    assert too_deep(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    assert not too_deep(b'{"a": "' + b"[{" * 100 + b'\\"' + b"[" * 100 + b'"}')
    r = api.client.post("/api/v1/auth/token", json={"username": "[[[[" * 40, "password": "{{"})
    assert r.status_code in (401, 422)
