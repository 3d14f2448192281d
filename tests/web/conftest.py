"""Web fixtures: an app on a migrated temp database with a district, a client, ``auth``."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_district


@pytest.fixture
def app(make_app, tmp_path):
    """The app with the district made (officers, reviewer, heads, admin; password PASSWORD)."""
    app = make_app(EVIDENCE_MAX_BYTES=64 * 1024)
    with app.extensions["caseflow"].sessions() as session:
        make_district(session)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="officer1", password=PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def ids(app):
    """Ids of the district's rows by name, read fresh (the factory's session is closed)."""
    from sqlalchemy import select

    from caseflow.models import Party, Unit, User

    with app.extensions["caseflow"].sessions() as s:
        out = {u.username: u.id for u in s.scalars(select(User))}
        out.update({u.code: u.id for u in s.scalars(select(Unit))})
        out["party"] = s.scalar(select(Party.id))
    return out


def open_case(client, ids, unit="LG", title="未按规定开展安全培训"):
    """Open a general-penalty case through the form; returns its id."""
    r = client.post(
        "/cases/new",
        data={"workflow": "general_penalty", "unit_id": ids[unit], "party_id": ids["party"],
              "title": title},
    )  # fmt: skip
    assert r.status_code == 302, r.text
    return int(r.headers["Location"].rstrip("/").split("/")[-1])


INSPECTION = {
    "date": "2024-03-05",
    "by": ["officer1", "officer2"],
    "credentials_shown": "y",
    "place": "生产车间",
    "signed_by_party": "y",
    "expected_version": "1",
}
