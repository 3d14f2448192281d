"""An integrator's retry: the same Idempotency-Key gets the same answer, and the step or
case is recorded once."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from caseflow.cli import main
from caseflow.models import Case, Event, Submission
from caseflow_plugins.legal_procedure import procedure  # the periods the workflows open
from tests.api.conftest import ApiClient
from tests.api.history import OFFICERS, open_general_case

INSPECTION = {**OFFICERS, "place": "生产车间", "signed_by_party": True}


@pytest.fixture
def app(make_app):
    # The rules are not the subject here: what is recorded, and how often, is.
    return make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[])


@pytest.fixture
def api(app, district):
    return ApiClient(app)


def _post(api, path, key, body, user="officer1"):
    headers = {**api.headers(user), **({"Idempotency-Key": key} if key else {})}
    return api.client.post(path, headers=headers, json=body)


def _steps(rt, case_id) -> int:
    with rt.sessions() as s:
        return s.scalar(select(func.count()).where(Event.case_id == case_id, Event.kind == "step"))


def test_a_retried_step_post_gets_the_first_answer_and_is_recorded_once(api, district, rt):
    case = open_general_case(api, district, violations=[])
    path = f"/api/v1/cases/{case['id']}/actions/inspect"
    body = {**INSPECTION, "expected_version": case["version"]}
    first = _post(api, path, "k-1", body)
    # The answer was lost; the client sends the very same request again, with the
    # version it read before its own first post moved the case on.
    again = _post(api, path, "k-1", body)
    assert first.status_code == again.status_code == 200, first.get_json()
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _steps(rt, case["id"]) == 1


def test_the_same_key_with_a_different_body_is_a_422_and_records_nothing(api, district, rt):
    case = open_general_case(api, district, violations=[])
    path = f"/api/v1/cases/{case['id']}/actions/inspect"
    body = {**INSPECTION, "expected_version": case["version"]}
    assert _post(api, path, "k-2", body).status_code == 200
    other = _post(api, path, "k-2", {**body, "place": "仓库", "expected_version": 2})
    assert other.status_code == 422
    assert "Idempotency-Key" in other.get_json()["message"]
    assert _steps(rt, case["id"]) == 1


def test_without_a_key_a_resubmit_is_still_the_stale_version_409(api, district, rt):
    case = open_general_case(api, district, violations=[])
    path = f"/api/v1/cases/{case['id']}/actions/inspect"
    body = {**INSPECTION, "expected_version": case["version"]}
    assert _post(api, path, None, body).status_code == 200
    assert _post(api, path, None, body).status_code == 409
    assert _steps(rt, case["id"]) == 1


def test_a_key_is_forgotten_after_24_hours(api, district, rt, clock):
    case = open_general_case(api, district, violations=[])
    path = f"/api/v1/cases/{case['id']}/actions/inspect"
    body = {**INSPECTION, "expected_version": case["version"]}
    assert _post(api, path, "k-3", body).status_code == 200
    clock.now += dt.timedelta(hours=23)
    assert _post(api, path, "k-3", body).status_code == 200
    clock.now += dt.timedelta(hours=2)
    # A new request now: its version is stale, and it says so.
    assert _post(api, path, "k-3", body).status_code == 409
    assert _steps(rt, case["id"]) == 1


def test_a_refused_step_leaves_its_key_free_for_the_corrected_request(api, district, rt):
    case = open_general_case(api, district, violations=[])
    path = f"/api/v1/cases/{case['id']}/actions/inspect"
    stale = _post(api, path, "k-4", {**INSPECTION, "expected_version": 99})
    assert stale.status_code == 409
    fresh = _post(api, path, "k-4", {**INSPECTION, "expected_version": case["version"]})
    assert fresh.status_code == 200
    assert _steps(rt, case["id"]) == 1


def test_one_key_opens_one_case(api, rt):
    body = {"workflow": "general_penalty", "party_id": _party(rt), "violations": [],
            "title": "未按规定开展安全培训"}  # fmt: skip
    first = _post(api, "/api/v1/cases", "new-case-1", body)
    again = _post(api, "/api/v1/cases", "new-case-1", body)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    with rt.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1


def test_keys_belong_to_their_user(api, rt):
    body = {"workflow": "general_penalty", "party_id": _party(rt), "violations": [],
            "title": "未按规定开展安全培训"}  # fmt: skip
    mine = _post(api, "/api/v1/cases", "shared-key", body, user="officer1")
    theirs = _post(api, "/api/v1/cases", "shared-key", body, user="officer2")
    assert mine.status_code == theirs.status_code == 201
    assert mine.get_json()["id"] != theirs.get_json()["id"]


@pytest.mark.parametrize("key", ["", "x" * 201, "带中文"])
def test_a_malformed_key_is_a_400(api, rt, key):
    body = {"workflow": "general_penalty", "party_id": _party(rt), "violations": [],
            "title": "未按规定开展安全培训"}  # fmt: skip
    headers = {**api.headers("officer1"), "Idempotency-Key": key.encode("utf-8").decode("latin-1")}
    r = api.client.post("/api/v1/cases", headers=headers, json=body)
    assert r.status_code == 400, r.get_json()


def test_the_header_is_documented_on_step_posts_and_case_creation(api):
    spec = api.client.get("/api/openapi.json").get_json()
    for path in ("/api/v1/cases", "/api/v1/cases/{case_id}/actions/{step}"):
        names = [p["name"] for p in spec["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path


def test_the_purge_forgets_keys_older_than_a_day(db_url, session, district, monkeypatch):
    now = dt.datetime.now(dt.UTC)  # the command runs on the wall clock, as cron would
    for key, age in (("old", 25), ("young", 1)):
        session.add(Submission(user_id=district["officer1"].id, scope="api", key=key,
                               request_hash="0" * 64, created_at=now - dt.timedelta(hours=age)))  # fmt: skip
    session.commit()
    monkeypatch.setenv("DATABASE_URL", db_url)
    result = CliRunner().invoke(main, ["security-log", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 idempotency keys and form tokens" in result.output
    session.expire_all()
    assert session.scalars(select(Submission.key)).all() == ["young"]


def _party(rt) -> int:
    from caseflow.models import Party

    with rt.sessions() as s:
        return s.scalar(select(Party.id))
