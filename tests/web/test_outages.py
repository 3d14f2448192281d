"""When the disk or the database fails underneath, the user is told what happened:
a page (web), the API's JSON error, one line (CLI) — 503 with Retry-After — and
nothing is written half, not even the evidence bytes of a failed upload."""

from __future__ import annotations

import errno
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, text

from caseflow.cli import EXIT_OUTAGE, main
from tests.conftest import PG_URL, table_counts
from tests.factories import PASSWORD
from tests.web.conftest import open_case
from tests.web.test_evidence import PNG, _upload

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="the failure is made on the SQLite file")
UNREACHABLE_PG = "postgresql+psycopg://caseflow@127.0.0.1:1/caseflow"  # nothing listens on 1


def _sqlite_path(app) -> Path:
    return Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))


def _cli(monkeypatch, url: str, *args: str):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "test")  # keep the checkout's instance/ out
    return CliRunner().invoke(main, list(args))


def _fill_the_disk(app) -> None:
    """From now on the database file cannot grow: SQLite answers SQLITE_FULL exactly as
    on a full disk (max_page_count set to the pages it has). An evidence row is small
    enough to fit a page's free space, so a trigger makes its insert need a megabyte."""
    db = app.extensions["caseflow"].db
    with db.begin() as conn:
        conn.execute(text("CREATE TABLE ballast (b BLOB)"))
        conn.execute(
            text(
                "CREATE TRIGGER ballast_on_evidence BEFORE INSERT ON evidence_files "
                "BEGIN INSERT INTO ballast VALUES (zeroblob(1000000)); END"
            )
        )

    @event.listens_for(db, "connect")
    def _full(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    db.dispose()


def _assert_page(r, code: str, retry: str):
    assert r.status_code == 503
    assert r.headers["Retry-After"] == retry
    assert (
        f"outage-{code}" in r.text and "未保存任何内容" in r.text and "Nothing was saved" in r.text
    )


def _assert_json(r, code: str, retry: str):
    assert r.status_code == 503 and r.headers["Retry-After"] == retry
    body = r.get_json()
    assert set(body) == {"code", "message", "errors", "findings"} and body["code"] == code
    assert "Nothing was saved" in body["message"]


def _assert_one_line(result, code: str):
    assert result.exit_code == EXIT_OUTAGE, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"caseflow: {code}: "), result.output
    assert "Traceback" not in result.output


@sqlite_only
def test_a_read_only_database_is_a_503_on_web_and_api_and_one_cli_line(
    app, make_app, ids, monkeypatch, tmp_path
):
    read_only = f"sqlite:///file:{_sqlite_path(app)}?mode=ro&uri=true"
    ro_app = make_app(DATABASE_URL=read_only)
    # Signing in writes (the security log, the throttle): on a read-only database that
    # is itself the 503. A session opened while it was writable still reads its pages.
    r = ro_app.test_client().post("/login", data={"username": "officer1", "password": PASSWORD})
    _assert_page(r, "read_only", "300")
    writable = app.test_client()
    assert (
        writable.post("/login", data={"username": "officer1", "password": PASSWORD}).status_code
        == 302
    )
    web = ro_app.test_client()
    web.set_cookie("session", writable.get_cookie("session").value)
    r = web.post("/cases/new", data={"workflow": "general_penalty", "unit_id": ids["LG"],
                                     "party_id": ids["party"], "title": "t"})  # fmt: skip
    _assert_page(r, "read_only", "300")
    r = ro_app.test_client().post(
        "/api/v1/auth/token", json={"username": "officer1", "password": PASSWORD}
    )
    _assert_json(r, "read_only", "300")
    days = tmp_path / "days.csv"
    days.write_text("2024-10-01,holiday,国庆节\n")
    _assert_one_line(_cli(monkeypatch, read_only, "calendar", "load", str(days)), "read_only")


@pytest.mark.parametrize(
    "url", [UNREACHABLE_PG, "sqlite:////nonexistent-caseflow-dir/caseflow.sqlite"]
)
def test_an_unreachable_database_is_a_503_on_web_and_api_and_one_cli_line(
    make_app, monkeypatch, url
):
    from caseflow import create_app

    down = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})
    web = down.test_client()
    r = web.post("/login", data={"username": "officer1", "password": PASSWORD})
    _assert_page(r, "database_unreachable", "30")
    r = web.get("/api/v1/cases", headers={"Authorization": "Bearer abc"})
    _assert_json(r, "database_unreachable", "30")
    result = _cli(monkeypatch, url, "verify-audit")
    _assert_one_line(result, "database_unreachable")
    assert "Connection refused" in result.output or "unable to open" in result.output


@sqlite_only
def test_a_lock_held_past_the_timeout_is_a_busy_database_not_another_users_change(
    app, client, auth, ids
):
    auth.login()
    case_id = open_case(client, ids)
    db = app.extensions["caseflow"].db

    @event.listens_for(db, "connect")
    def _short_wait(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA busy_timeout = 50")

    db.dispose()
    other = sqlite3.connect(_sqlite_path(app))
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        r = _upload(client, case_id, PNG, "photo.png")
    finally:
        other.rollback()
        other.close()
    _assert_page(r, "database_busy", "5")
    assert "他人修改" not in r.text
    assert _upload(client, case_id, PNG, "photo.png").status_code == 302  # retried: lands


@sqlite_only
def test_a_full_disk_under_the_database_is_a_503_and_the_uploaded_bytes_are_removed(
    app, client, auth, ids
):
    auth.login()
    case_id = open_case(client, ids)
    evidence = Path(app.config["EVIDENCE_DIR"])
    with app.extensions["caseflow"].sessions() as s:
        before = table_counts(s)
    _fill_the_disk(app)
    r = _upload(client, case_id, PNG, "photo.png")
    _assert_page(r, "disk_full", "300")
    # The transaction failed after the bytes were stored: they are gone, no row was written.
    assert not [p for p in evidence.rglob("*") if p.is_file()]
    with app.extensions["caseflow"].sessions() as s:
        assert table_counts(s) == before


def test_a_full_disk_under_the_evidence_store_is_a_503_and_leaves_no_file(
    app, client, auth, ids, monkeypatch
):
    auth.login()
    case_id = open_case(client, ids)

    def no_space(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("caseflow.storage.os.fsync", no_space)
    r = _upload(client, case_id, PNG, "photo.png")
    _assert_page(r, "disk_full", "300")
    evidence = Path(app.config["EVIDENCE_DIR"])
    assert not [p for p in evidence.rglob("*") if p.is_file()]  # not even the temp file


def test_bytes_another_upload_already_stored_stay_when_a_second_upload_fails(
    app, client, auth, ids, monkeypatch
):
    auth.login()
    case_id = open_case(client, ids)
    assert _upload(client, case_id, PNG, "photo.png").status_code == 302
    other_case = open_case(client, ids, title="另一案件")

    def lost(*_a, **_kw):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr("caseflow.web.evidence.record_upload", lost)
    r = _upload(client, other_case, PNG, "same.png")
    _assert_page(r, "database_unreachable", "30")
    files = [p for p in Path(app.config["EVIDENCE_DIR"]).rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == PNG  # the first case's evidence


def test_an_ordinary_bug_is_still_a_500_not_an_outage(app, client, auth, ids, monkeypatch):
    auth.login()
    case_id = open_case(client, ids)

    def bug(*_a, **_kw):
        raise OSError(errno.ENOENT, "a bug, not an outage")

    monkeypatch.setattr("caseflow.web.evidence.record_upload", bug)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    r = client.post(
        f"/cases/{case_id}/evidence",
        data={"file": (io.BytesIO(PNG), "p.png", "image/png"), "expected_version": "1"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 500


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL")
def test_a_read_only_postgresql_is_a_503_on_web_and_api(app, client, auth, ids):
    auth.login()
    db = app.extensions["caseflow"].db

    @event.listens_for(db, "connect")
    def _standby(dbapi_conn, _record):  # what a hot standby or a read-only database says
        with dbapi_conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()

    db.dispose()
    r = client.post(
        "/cases/new",
        data={"workflow": "general_penalty", "unit_id": ids["LG"], "party_id": ids["party"],
              "title": "t"},
    )  # fmt: skip
    _assert_page(r, "read_only", "300")
    r = app.test_client().post(
        "/api/v1/auth/token", json={"username": "officer1", "password": PASSWORD}
    )
    _assert_json(r, "read_only", "300")
