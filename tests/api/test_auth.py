"""Tokens: issued for a password, stored hashed, expiring, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from caseflow.models import ApiToken
from tests.factories import PASSWORD


def test_a_token_is_issued_for_the_right_password_and_stored_only_as_its_hash(api, session):
    r = api.client.post("/api/v1/auth/token", json={"username": "officer1", "password": PASSWORD})
    assert r.status_code == 201
    body = r.get_json()
    token, expires = body["token"], dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(hours=11) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=12)
    rows = session.scalars(select(ApiToken)).all()
    assert [r.token_hash for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in {r.token_hash for r in rows}
    assert "Set-Cookie" not in r.headers
    me = api.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and "Set-Cookie" not in me.headers


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(api):
    wrong = api.client.post("/api/v1/auth/token", json={"username": "officer1", "password": "x"})
    nobody = api.client.post("/api/v1/auth/token", json={"username": "nobody", "password": "x"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.get_json() == nobody.get_json()


def test_an_expired_token_is_401(api, session):
    token = api.token("officer1")
    assert api.get("/api/v1/cases", "officer1").status_code == 200
    row = session.scalar(select(ApiToken))
    row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.commit()
    r = api.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and r.get_json()["code"] == "unauthorized"


def test_a_revoked_token_is_401_and_other_tokens_still_work(api):
    first = api.token("officer1")
    api.tokens.clear()
    second = api.token("officer1")
    r = api.client.delete("/api/v1/auth/token", headers={"Authorization": f"Bearer {first}"})
    assert r.status_code == 204
    gone = api.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {first}"})
    assert gone.status_code == 401
    still = api.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {second}"})
    assert still.status_code == 200


def test_an_inactive_users_token_stops_working(api, session, district):
    token = api.token("officer2")
    district["officer2"].active = False
    session.commit()
    r = api.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


def test_the_api_needs_no_csrf_token_even_where_the_web_enforces_it(make_app, district):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    r = client.post("/api/v1/auth/token", json={"username": "officer1", "password": PASSWORD})
    assert r.status_code == 201
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    # ...while a web form still needs one.
    assert (
        client.post("/login", data={"username": "officer1", "password": PASSWORD}).status_code
        == 400
    )
