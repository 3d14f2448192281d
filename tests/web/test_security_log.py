"""The security log: what it records, who reads it, and how long nothing may delete it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from caseflow.cli import main
from caseflow.models import SecurityEntry, SecurityKind
from caseflow.security_log import purge, record
from tests.factories import PASSWORD


def kinds(app) -> list[tuple[str, str | None]]:
    with app.extensions["caseflow"].sessions() as s:
        return [(e.kind, e.username) for e in s.scalars(select(SecurityEntry).order_by(SecurityEntry.id))]  # fmt: skip


def lock_out(client, clock, username):
    failures = 0
    while failures < 10:
        r = client.post("/login", data={"username": username, "password": "wrong-again-and-again"})
        if r.status_code == 429:
            clock.now += dt.timedelta(seconds=int(r.headers["Retry-After"]))
        else:
            failures += 1


def test_the_log_records_a_lockout_and_an_admin_exporting_it(app, client, auth, clock):
    lock_out(app.test_client(), clock, "head3")
    assert ("locked", "head3") in kinds(app)
    assert kinds(app).count(("sign_in_failed", "head3")) == 10

    auth.login("admin")
    page = client.get("/admin/security-log?kind=locked")
    assert page.status_code == 200 and "head3" in page.text and "账户锁定" in page.text
    r = client.get("/admin/security-log.csv?kind=locked")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [(row["kind"], row["username"]) for row in rows] == [("locked", "head3")]
    assert kinds(app)[-1] == ("export", "admin")


def test_the_log_page_filters_by_kind_user_and_date(app, client, auth, clock):
    client.post("/login", data={"username": "officer2", "password": "not-it-at-all"})
    clock.now += dt.timedelta(days=2)
    auth.login("admin")
    assert "officer2" in client.get("/admin/security-log?username=officer2").text
    assert "没有记录" in client.get("/admin/security-log?username=officer3").text
    day = clock.now.date().isoformat()
    page = client.get(f"/admin/security-log?since={day}&until={day}").text
    assert "admin" in page and "officer2" not in page
    assert client.get("/admin/security-log?since=2024-02-30").status_code == 422
    assert client.get("/admin/security-log?kind=nosuch").status_code == 422


def test_only_admins_read_the_log(client, auth):
    auth.login("head1")
    assert client.get("/admin/security-log").status_code == 403
    assert client.get("/admin/security-log.csv").status_code == 403


def test_sign_ins_outs_and_certificates_are_logged(app, client, auth):
    auth.login("admin")
    client.post("/admin/certificates/new", data={"user_id": "1", "number": "44039999001",
                "valid_from": "2024-01-01", "valid_to": "2026-01-01"})  # fmt: skip
    auth.logout()
    assert [k for k, _ in kinds(app)] == ["sign_in", "admin", "sign_out"]


def test_purge_removes_only_entries_older_than_six_months(session, clock):
    record(session, SecurityKind.SIGN_IN, clock.now - dt.timedelta(days=181), username="old")
    record(session, SecurityKind.SIGN_IN, clock.now - dt.timedelta(days=179), username="young")
    session.commit()
    assert purge(session, clock.now) == 1
    session.commit()
    assert session.scalars(select(SecurityEntry.username)).all() == ["young"]
    with pytest.raises(ValueError):
        purge(session, clock.now, keep_days=30)


def test_the_database_refuses_to_change_or_delete_a_young_entry(session):
    entry = record(session, SecurityKind.SIGN_IN, dt.datetime.now(dt.UTC), username="fresh")
    session.commit()
    with pytest.raises(DBAPIError):
        session.execute(update(SecurityEntry).values(username="someone_else"))
    session.rollback()
    with pytest.raises(DBAPIError):
        session.execute(delete(SecurityEntry).where(SecurityEntry.id == entry.id))
    session.rollback()
    assert session.scalar(select(SecurityEntry.username)) == "fresh"


def test_the_purge_command_keeps_six_months_and_refuses_less(db_url, session, monkeypatch):
    now = dt.datetime.now(dt.UTC)
    record(session, SecurityKind.SIGN_IN, now - dt.timedelta(days=200), username="old")
    record(session, SecurityKind.SIGN_IN, now - dt.timedelta(days=10), username="young")
    session.commit()
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    result = runner.invoke(main, ["security-log", "purge", "--keep-days", "30"])
    assert result.exit_code == 2 and "six months" in result.output
    result = runner.invoke(main, ["security-log", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 security log entries" in result.output
    session.expire_all()
    assert session.scalars(select(SecurityEntry.username)).all() == ["young"]


def test_purge_forgets_old_failure_counts_but_not_a_lock_in_force(session, clock):
    from caseflow import throttle
    from caseflow.models import SignInThrottle

    keys = throttle.keys_for("someone_guessed", "10.0.0.9")
    throttle.failed(session, keys, clock.now)
    session.add(SignInThrottle(key="account:locked_long", failures=10, last_failure_at=clock.now,
                               locked_until=clock.now + dt.timedelta(days=3)))  # fmt: skip
    session.commit()
    assert throttle.forget_stale(session, clock.now + dt.timedelta(minutes=10)) == 0
    assert throttle.forget_stale(session, clock.now + dt.timedelta(days=1)) == 2
    assert session.scalars(select(SignInThrottle.key)).all() == ["account:locked_long"]


def test_the_unlock_command_lifts_a_lock(app, db_url, clock, monkeypatch):
    lock_out(app.test_client(), clock, "officer3")
    monkeypatch.setenv("DATABASE_URL", db_url)
    result = CliRunner().invoke(main, ["unlock", "officer3"])
    assert result.exit_code == 0 and "lock lifted" in result.output
    r = app.test_client().post("/login", data={"username": "officer3", "password": PASSWORD})
    assert r.status_code == 302
