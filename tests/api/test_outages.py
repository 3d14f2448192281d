"""Through the API, a write lock held past the timeout is the database being busy —
a 503 to retry — not another user's change (409), and the step is not recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from tests.api.history import CLEAN, open_general_case, take
from tests.conftest import PG_URL


@pytest.mark.skipif(bool(PG_URL), reason="the lock is taken on the SQLite file")
def test_a_step_waiting_too_long_for_the_write_lock_is_a_503_to_retry(api, app, district, clock):
    clock.set("2024-03-05")
    case = open_general_case(api, district)
    api.token("officer1")
    db = app.extensions["caseflow"].db

    @event.listens_for(db, "connect")
    def _short_wait(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA busy_timeout = 50")

    db.dispose()
    other = sqlite3.connect(Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")))
    other.execute("BEGIN IMMEDIATE")  # a backup restore, a long import: someone holds it
    user, step = CLEAN[0]
    try:
        r = take(api, clock, case["id"], user, step)
    finally:
        other.rollback()
        other.close()
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    body = r.get_json()
    assert body["code"] == "database_busy" and "busy" in body["message"]
    assert api.case(case["id"], user)["version"] == case["version"]  # nothing recorded
    assert take(api, clock, case["id"], user, step).status_code == 200  # the retry lands
