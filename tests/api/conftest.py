"""API fixtures: a client that logs people of the test district in by token."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.security import generate_password_hash

from caseflow.models import Certificate, User
from tests.factories import PASSWORD


class ApiClient:
    """The Flask test client speaking JSON with a bearer token per username."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.tokens: dict[str, str] = {}

    def token(self, username: str, password: str = PASSWORD) -> str:
        if username not in self.tokens:
            r = self.client.post(
                "/api/v1/auth/token", json={"username": username, "password": password}
            )
            assert r.status_code == 201, r.get_json()
            self.tokens[username] = r.get_json()["token"]
        return self.tokens[username]

    def headers(self, user: str | None) -> dict:
        return {"Authorization": f"Bearer {self.token(user)}"} if user else {}

    def get(self, path: str, user: str | None = None, **kw):
        return self.client.get(path, headers=self.headers(user), **kw)

    def post(self, path: str, user: str | None = None, **kw):
        return self.client.post(path, headers=self.headers(user), **kw)

    def delete(self, path: str, user: str | None = None, **kw):
        return self.client.delete(path, headers=self.headers(user), **kw)

    def case(self, case_id: int, user: str) -> dict:
        r = self.get(f"/api/v1/cases/{case_id}", user)
        assert r.status_code == 200, r.get_json()
        return r.get_json()

    def fire(self, case_id: int, step: str, user: str, data: dict, version: int | None = None):
        if version is None:
            version = self.case(case_id, user)["version"]
        return self.post(
            f"/api/v1/cases/{case_id}/actions/{step}",
            user,
            json={**data, "expected_version": version},
        )


@pytest.fixture
def api(app, district):
    return ApiClient(app)


def add_user(session, district, username, roles, *, unit="bureau", legal=False, cert=None):
    user = User(
        username=username,
        name=username,
        unit=district[unit],
        roles=roles,
        legal_qualification=legal,
        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
    )
    if cert:
        user.certificates.append(
            Certificate(number=cert, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2026, 12, 31))
        )
    session.add(user)
    session.commit()
    return user
