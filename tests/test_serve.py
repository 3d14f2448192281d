"""``caseflow serve``: the app on waitress, answering, and stopping when told."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from sqlalchemy import text

from tests.keeping import cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float):
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_with_two_workers_and_stops_on_sigterm(app):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "CASEFLOW_EVIDENCE_DIR": app.config["EVIDENCE_DIR"],
        "CASEFLOW_SECRET_KEY": "test",
    }
    server = subprocess.Popen(
        [sys.executable, "-c", "from caseflow.cli import main; main()", "serve",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        page = _get(f"http://127.0.0.1:{port}/login", time.monotonic() + 60)
        assert page.status == 200 and page.headers["Server"] == "CaseFlow"
        assert "<form" in page.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM
    assert "2 worker(s) x 2 threads" in out.decode()
    try:  # every worker went with it: the group holds no process any more
        os.killpg(server.pid, 0)
        raise AssertionError("a worker outlived the server")
    except ProcessLookupError:
        pass


def test_serve_refuses_a_database_its_migrations_have_not_reached(app, monkeypatch):
    with app.extensions["caseflow"].db.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    result = cli(monkeypatch, app, "serve", "--bind", f"127.0.0.1:{_free_port()}")
    assert result.exit_code == 1
    assert "run `caseflow init-db` first" in result.output
