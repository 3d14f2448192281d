"""IT staff set the first administrator's password from the command line, under the
rules the web applies, and every session of that user ends."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from caseflow.cli import main
from caseflow.models import SecurityEntry, SecurityKind, User
from tests.factories import make_district


def _run(monkeypatch, app, *args, stdin=None):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "test")
    return CliRunner().invoke(main, ["set-password", *args], input=stdin)


def test_an_administrator_gets_a_password_from_the_command_line_and_old_sessions_end(
    app, monkeypatch
):
    with app.extensions["caseflow"].sessions() as s:
        make_district(s)
        before = s.scalar(select(User.session_generation).where(User.username == "admin"))
    result = _run(monkeypatch, app, "admin", "--password-stdin", stdin="长城-应急-2024-巡查\n")
    assert result.exit_code == 0, result.output
    with app.extensions["caseflow"].sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert admin.check_password("长城-应急-2024-巡查")
        assert admin.session_generation == (before or 0) + 1
        kinds = s.scalars(select(SecurityEntry.kind)).all()
    assert SecurityKind.PASSWORD_CHANGED in kinds


def test_a_password_the_rules_refuse_is_not_set_and_says_why(app, monkeypatch):
    with app.extensions["caseflow"].sessions() as s:
        make_district(s)
        old = s.scalar(select(User.password_hash).where(User.username == "admin"))
    result = _run(monkeypatch, app, "admin", "--password-stdin", stdin="password123\n")
    assert result.exit_code == 1 and "common password" in result.output
    assert "Traceback" not in result.output
    with app.extensions["caseflow"].sessions() as s:
        assert s.scalar(select(User.password_hash).where(User.username == "admin")) == old


def test_an_unknown_user_is_named(app, monkeypatch):
    result = _run(monkeypatch, app, "nobody", "--password-stdin", stdin="长城-应急-2024-巡查\n")
    assert result.exit_code == 1 and "no user 'nobody'" in result.output
