"""The token endpoint is throttled and locked like the login page, and the security log
is readable by admins through the API."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select

from caseflow.models import SecurityEntry
from tests.api.conftest import add_user
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token"


def ask(api, username, password):
    return api.client.post(TOKEN, json={"username": username, "password": password})


def fail_ten_times(api, clock, username) -> list[int]:
    """Ten wrong passwords, each as soon as the growing delay allows; the waits."""
    failures, waited = 0, []
    while failures < 10:
        r = ask(api, username, "not-the-password")
        if r.status_code == 429:
            waited.append(int(r.headers["Retry-After"]))
            clock.now += dt.timedelta(seconds=waited[-1])
        else:
            assert r.status_code == 401
            failures += 1
    return waited


def test_the_eleventh_wrong_password_in_a_minute_is_refused_even_with_the_right_one(
    api, session, district, clock
):
    add_user(session, district, "api_lock_target", ["officer"])
    start = clock.now
    waited = fail_ten_times(api, clock, "api_lock_target")
    assert clock.now - start < dt.timedelta(minutes=1)
    assert waited == [1, 2, 4, 8]  # the delay doubles after five free failures

    r = ask(api, "api_lock_target", PASSWORD)
    assert r.status_code == 429 and r.get_json()["code"] == "too_many_requests"
    assert "locked" in r.get_json()["message"]
    assert 14 * 60 < int(r.headers["Retry-After"]) <= 15 * 60

    clock.now += dt.timedelta(minutes=15)
    assert ask(api, "api_lock_target", PASSWORD).status_code == 201


def test_a_head_lifts_a_lock_through_the_api(api, session, district, clock):
    user = add_user(session, district, "api_lifted", ["officer"])
    fail_ten_times(api, clock, "api_lifted")
    assert ask(api, "api_lifted", PASSWORD).status_code == 429
    assert api.delete(f"/api/v1/auth/locks/{user.id}", "officer1").status_code == 403
    assert api.delete(f"/api/v1/auth/locks/{user.id}", "head1").status_code == 204
    assert ask(api, "api_lifted", PASSWORD).status_code == 201
    assert api.delete("/api/v1/auth/locks/999999", "head1").status_code == 404


def test_a_right_password_clears_the_accounts_count(api, session, district):
    add_user(session, district, "api_sometimes_wrong", ["officer"])
    for _ in range(5):
        assert ask(api, "api_sometimes_wrong", "typo-typo-typo").status_code == 401
    assert ask(api, "api_sometimes_wrong", PASSWORD).status_code == 201
    # Five more free failures, not a delay: the count started again.
    for _ in range(5):
        assert ask(api, "api_sometimes_wrong", "typo-typo-typo").status_code == 401


def test_one_address_guessing_many_accounts_is_slowed(api, clock):
    statuses = [ask(api, f"sprayed{i}", "Summer2024!").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20
    assert ask(api, "sprayed_next", "Summer2024!").status_code == 429
    clock.now += dt.timedelta(seconds=2)
    assert ask(api, "sprayed_next", "Summer2024!").status_code == 401


def test_tokens_issued_and_revoked_are_in_the_security_log(api, session):
    token = api.token("officer1")
    api.client.delete(TOKEN, headers={"Authorization": f"Bearer {token}"})
    kinds = [e.kind for e in session.scalars(select(SecurityEntry).order_by(SecurityEntry.id))]
    assert kinds == ["sign_in", "token_issued", "token_revoked"]


def test_an_admin_reads_the_security_log_filtered_and_as_csv(api, session, district, clock):
    ask(api, "officer1", "wrong-wrong-wrong")
    api.token("officer1")
    r = api.get("/api/v1/security-log?kind=sign_in_failed", "admin")
    assert r.status_code == 200
    items = r.get_json()["items"]
    assert [(e["kind"], e["username"]) for e in items] == [("sign_in_failed", "officer1")]
    assert items[0]["detail"]["via"] == "api"

    r = api.get("/api/v1/security-log?username=officer1&since=2024-03-05&until=2024-03-05",
                "admin")  # fmt: skip
    assert {e["kind"] for e in r.get_json()["items"]} == {"sign_in_failed", "sign_in",
                                                         "token_issued"}  # fmt: skip
    assert api.get("/api/v1/security-log?since=2024-03-06", "admin").get_json()["items"] == []

    r = api.get("/api/v1/security-log/export", "admin")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert {"sign_in_failed", "token_issued"} <= {row["kind"] for row in rows}
    exports = session.scalars(select(SecurityEntry).where(SecurityEntry.kind == "export")).all()
    assert [(e.username, e.detail["what"]) for e in exports] == [("admin", "security_log")]


def test_only_admins_read_the_security_log(api):
    assert api.get("/api/v1/security-log", "head1").status_code == 403
    assert api.get("/api/v1/security-log", "officer1").status_code == 403
    assert api.client.get("/api/v1/security-log").status_code == 401


def test_bad_security_log_filters_are_422(api):
    for query in ("kind=nosuch", "since=2024-02-30", "page=0", "who=x"):
        r = api.get(f"/api/v1/security-log?{query}", "admin")
        assert r.status_code == 422, query
    assert api.get("/api/v1/security-log/export?page=1", "admin").status_code == 422


def test_a_new_users_password_must_meet_the_rules(api):
    body = {"username": "newcomer", "name": "新人", "roles": ["officer"], "certificates": []}
    r = api.post("/api/v1/people", "admin", json={**body, "password": "short"})
    assert r.status_code == 422 and "password" in r.get_json()["errors"]
    r = api.post("/api/v1/people", "admin", json={**body, "password": "password123456"})
    assert r.status_code == 422 and "common" in r.get_json()["errors"]["password"][0]
    r = api.post("/api/v1/people", "admin", json={**body, "password": "a-sentence-nobody-says"})
    assert r.status_code == 201


def test_a_csv_cell_cannot_become_a_spreadsheet_formula(api):
    ask(api, '=HYPERLINK("http://evil")', "x")
    text = api.get("/api/v1/security-log/export", "admin").get_data(as_text=True)
    names = [row["username"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(name.startswith("=") for name in names)


def test_a_head_created_as_principal_says_so_and_an_officer_cannot_be_one(api):
    body = {"username": "chief", "name": "局长", "roles": ["head"], "certificates": [],
            "password": "a-sentence-nobody-says", "principal": True}  # fmt: skip
    r = api.post("/api/v1/people", "admin", json=body)
    assert r.status_code == 201 and r.get_json()["principal"] is True
    r = api.post("/api/v1/people", "admin", json={**body, "username": "x", "roles": ["officer"]})
    assert r.status_code == 422 and "principal" in r.get_json()["errors"]
