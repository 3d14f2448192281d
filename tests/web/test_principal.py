"""An administrator marks the unit's principal head (正职负责人) on the users page."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.models import User


def _principal(app, username):
    with app.extensions["caseflow"].sessions() as s:
        return s.scalar(select(User.principal).where(User.username == username))


def test_an_admin_marks_a_head_as_the_principal_head_and_unmarks_him(app, client, auth, ids):
    auth.login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="principal"' in page
    r = client.post(f"/admin/users/{ids['head1']}/principal", data={"principal": "1"})
    assert r.status_code == 303 and _principal(app, "head1") is True
    client.post(f"/admin/users/{ids['head1']}/principal", data={})
    assert _principal(app, "head1") is False


def test_an_officer_cannot_be_the_principal_head(app, client, auth, ids):
    auth.login("admin")
    client.post(f"/admin/users/{ids['officer1']}/principal", data={"principal": "1"})
    assert _principal(app, "officer1") is False


def test_only_an_admin_marks_the_principal_head(app, client, auth, ids):
    auth.login("head1")
    r = client.post(f"/admin/users/{ids['head1']}/principal", data={"principal": "1"})
    assert r.status_code in (302, 403) and _principal(app, "head1") is False
