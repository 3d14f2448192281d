"""Accounts (OWASP ASVS level 1, V2 and V3): throttled sign-in with a lock a head can
lift, sessions that really end, password rules, an idle timeout, the demo's password."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from caseflow import passwords
from caseflow.models import ApiToken, SecurityEntry, User
from tests.factories import PASSWORD

RIGHT = "a-passphrase-only-this-test-uses"


@pytest.fixture
def make_user(app):
    """A user no other test signs in as, so its failure count is this test's alone."""

    def make(username, roles=("officer",), password=RIGHT):
        with app.extensions["caseflow"].sessions() as s:
            bureau = s.scalar(select(User).where(User.username == "officer1")).unit_id
            s.add(User(username=username, name=username, unit_id=bureau, roles=list(roles),
                       password_hash=generate_password_hash(password, "pbkdf2:sha256:1000")))  # fmt: skip
            s.commit()
        return username

    return make


def login(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def fail_ten_times_within_a_minute(client, clock, username):
    """Ten wrong passwords, each as soon as the growing delay allows."""
    start = clock.now
    statuses = []
    while len([s for s in statuses if s == 401]) < 10:
        r = login(client, username, "wrong-guess-number-one")
        statuses.append(r.status_code)
        if r.status_code == 429:  # made to wait: wait exactly as long as told
            clock.now += dt.timedelta(seconds=int(r.headers["Retry-After"]))
    assert clock.now - start < dt.timedelta(minutes=1)
    return statuses


def test_the_eleventh_wrong_password_in_a_minute_locks_out_even_the_right_one(
    client, clock, make_user
):
    make_user("locked_officer")
    statuses = fail_ten_times_within_a_minute(client, clock, "locked_officer")
    # The first five are free; after that each attempt waits longer than the last.
    assert statuses[:5] == [401] * 5 and 429 in statuses
    r = login(client, "locked_officer", RIGHT)
    assert r.status_code == 429
    assert "账户已锁定" in r.text and "/" not in r.headers.get("Location", "")
    assert client.get("/").status_code == 302  # not signed in


def test_a_lock_runs_out_after_fifteen_minutes(client, clock, make_user):
    make_user("patient_officer")
    fail_ten_times_within_a_minute(client, clock, "patient_officer")
    clock.now += dt.timedelta(minutes=14)
    assert login(client, "patient_officer", RIGHT).status_code == 429
    clock.now += dt.timedelta(minutes=1, seconds=1)
    assert login(client, "patient_officer", RIGHT).status_code == 302


def test_a_head_lifts_a_lock_and_the_right_password_works_at_once(app, clock, make_user):
    make_user("forgetful_officer")
    make_user("lifting_head", roles=("head",))
    stranger = app.test_client()
    fail_ten_times_within_a_minute(stranger, clock, "forgetful_officer")

    head = app.test_client()
    assert login(head, "lifting_head", RIGHT).status_code == 302
    page = head.get("/admin/locks")
    assert "forgetful_officer" in page.text
    user_id = page.text.split("/admin/locks/")[1].split("/lift")[0]
    assert head.post(f"/admin/locks/{user_id}/lift").status_code == 302
    assert "没有被锁定的账户" in head.get("/admin/locks").text

    officer = app.test_client()
    assert login(officer, "forgetful_officer", RIGHT).status_code == 302
    with app.extensions["caseflow"].sessions() as s:
        kinds = [e.kind for e in s.scalars(select(SecurityEntry).order_by(SecurityEntry.id))]
    assert "locked" in kinds and "unlocked" in kinds


def test_an_officer_cannot_see_or_lift_locks(client, auth):
    auth.login("officer1")
    assert client.get("/admin/locks").status_code == 403
    assert client.post("/admin/locks/1/lift").status_code == 403


def test_unknown_usernames_are_counted_and_locked_like_real_ones(client, clock):
    statuses = fail_ten_times_within_a_minute(client, clock, "nobody_by_this_name")
    assert 429 in statuses
    assert login(client, "nobody_by_this_name", RIGHT).status_code == 429


def test_an_unknown_username_still_costs_a_password_hash(monkeypatch):
    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda h, p: checked.append(h) or real(h, p))  # fmt: skip
    assert passwords.verify(None, "anything-at-all") is False
    # The dummy hash is made as real ones are (scrypt by default), so it costs the same.
    assert checked and checked[0].startswith(generate_password_hash("x").split("$")[0])


def test_an_inactive_account_with_its_right_password_gets_the_same_401(app, client, make_user):
    make_user("retired_officer")
    with app.extensions["caseflow"].sessions() as s:
        s.scalar(select(User).where(User.username == "retired_officer")).active = False
        s.commit()
    r = login(client, "retired_officer", RIGHT)
    assert r.status_code == 401 and "用户名或密码错误" in r.text


def test_a_cookie_kept_from_before_logout_is_refused(app, auth, client):
    auth.login("officer1")
    assert client.get("/").status_code == 200
    kept = client.get_cookie("session").value
    auth.logout()

    thief = app.test_client()
    thief.set_cookie("session", kept)
    r = thief.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_logging_out_ends_the_users_sessions_in_every_browser(app, auth, client):
    other_browser = app.test_client()
    assert login(other_browser, "officer1", PASSWORD).status_code == 302
    auth.login("officer1")
    auth.logout()
    assert other_browser.get("/").status_code == 302


def test_changing_the_password_ends_every_session_and_token(app, client, auth):
    other_browser = app.test_client()
    assert login(other_browser, "officer2", PASSWORD).status_code == 302
    token = (
        app.test_client()
        .post("/api/v1/auth/token", json={"username": "officer2", "password": PASSWORD})
        .get_json()["token"]
    )
    auth.login("officer2")
    new = "correct-horse-battery-staple-2024"
    r = client.post("/account/password",
                    data={"current": PASSWORD, "new": new, "repeat": new})  # fmt: skip
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert client.get("/").status_code == 302
    assert other_browser.get("/").status_code == 302
    api = app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    assert login(client, "officer2", PASSWORD).status_code == 401
    assert login(client, "officer2", new).status_code == 302
    with app.extensions["caseflow"].sessions() as s:
        assert s.scalar(select(ApiToken.revoked_at)) is not None
        kinds = {e.kind for e in s.scalars(select(SecurityEntry))}
    assert "password_changed" in kinds


@pytest.mark.parametrize(
    "new, says",
    [
        ("short-one", "至少 12 个字符"),
        ("password1234", "常见密码"),
        ("Qwertyuiop12!", "常见密码"),
        ("aaaaaaaaaaaaaaa", "常见密码"),
        ("abababababababab", "重复字符过多"),
        ("officer1-was-here-2024", "不能包含用户名"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason(client, auth, new, says):
    auth.login("officer1")
    r = client.post("/account/password",
                    data={"current": PASSWORD, "new": new, "repeat": new})  # fmt: skip
    assert r.status_code == 422 and says in r.text
    assert client.get("/").status_code == 200  # still signed in with the old password


def test_the_current_password_must_be_given_and_the_new_one_typed_twice(client, auth):
    auth.login("officer1")
    new = "correct-horse-battery-staple-2024"
    r = client.post("/account/password", data={"current": "not-it", "new": new, "repeat": new})
    assert r.status_code == 422 and "当前密码不正确" in r.text
    r = client.post("/account/password",
                    data={"current": PASSWORD, "new": new, "repeat": new + "x"})  # fmt: skip
    assert r.status_code == 422 and "不一致" in r.text


def test_a_session_idle_for_thirty_minutes_is_over(client, auth, clock):
    auth.login("officer1")
    clock.now += dt.timedelta(minutes=29)
    assert client.get("/").status_code == 200  # use keeps it alive
    clock.now += dt.timedelta(minutes=29)
    assert client.get("/").status_code == 200
    clock.now += dt.timedelta(minutes=31)
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert "长时间未操作" in client.get("/login").text


def test_a_password_below_the_rules_signs_in_only_to_be_changed(client, make_user):
    make_user("old_timer", password="demo")
    r = login(client, "old_timer", "demo")
    assert r.status_code == 302 and r.headers["Location"] == "/account/password"
    r = client.get("/cases/")
    assert r.status_code == 302 and r.headers["Location"] == "/account/password"
    new = "a-long-and-unusual-sentence"
    client.post("/account/password", data={"current": "demo", "new": new, "repeat": new})
    assert login(client, "old_timer", new).headers["Location"] == "/"
    assert client.get("/cases/").status_code == 200


def test_the_demo_signs_in_with_demo_and_says_it_is_a_demo(make_app):
    app = make_app(DEMO=True)
    client = app.test_client()
    with app.extensions["caseflow"].sessions() as s:
        from tests.factories import make_district

        make_district(s)
        user = s.scalar(select(User).where(User.username == "officer1"))
        user.password_hash = generate_password_hash("demo", "pbkdf2:sha256:1000")
        s.commit()
    assert "演示模式" in client.get("/login").text
    r = login(client, "officer1", "demo")
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_outside_the_demo_the_login_page_does_not_say_demo(client):
    assert "演示模式" not in client.get("/login").text


def test_the_session_cookie_is_secure_by_default_outside_the_demo_and_tests(make_app):
    assert make_app(TESTING=False).config["SESSION_COOKIE_SECURE"] is True
    assert make_app(TESTING=False, DEMO=True).config["SESSION_COOKIE_SECURE"] is False
    assert make_app(TESTING=False, SECURE_COOKIES=False).config["SESSION_COOKIE_SECURE"] is False
    assert make_app().config["SESSION_COOKIE_SECURE"] is False  # the tests run on http


def test_caseflow_secure_cookies_in_the_environment_decides(monkeypatch, make_app):
    monkeypatch.setenv("CASEFLOW_SECURE_COOKIES", "0")
    assert make_app(TESTING=False).config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("CASEFLOW_SECURE_COOKIES", "1")
    assert make_app(DEMO=True).config["SESSION_COOKIE_SECURE"] is True
