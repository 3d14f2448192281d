"""``caseflow security-log purge`` and ``caseflow unlock``: keeping the security log to
its retention period, and lifting a lock when no head or admin can sign in to do it."""

from __future__ import annotations

import sys

import click

from caseflow.models.security import RETENTION_DAYS


@click.group("security-log")
def security_log_command():
    """The security log (sign-ins, locks, tokens, exports, imports, administration)."""


@security_log_command.command("purge")
@click.option("--keep-days", default=RETENTION_DAYS, show_default=True, type=int,
              help=f"Keep this many days; never fewer than {RETENTION_DAYS} (网络安全法 art. 21).")  # fmt: skip
def purge_command(keep_days: int):
    """Delete entries older than the retention period, sign-in failure counts long
    forgotten, and idempotency keys and form tokens past their day; a scheduler may run
    it daily."""
    from caseflow import submissions, throttle
    from caseflow.cli import _runtime
    from caseflow.security_log import purge

    if keep_days < RETENTION_DAYS:
        raise click.BadParameter(
            f"the law keeps network logs at least six months: {RETENTION_DAYS} days or more",
            param_hint="--keep-days",
        )
    with _runtime() as rt, rt.sessions.begin() as session:
        gone = purge(session, rt.engine.clock(), keep_days)
        counts = throttle.forget_stale(session, rt.engine.clock())
        keys = submissions.purge(session, rt.engine.clock())
    click.echo(f"{gone} security log entries older than {keep_days} days deleted, "
               f"{counts} stale sign-in failure counts, "
               f"{keys} idempotency keys and form tokens older than a day")  # fmt: skip


@click.command("unlock")
@click.argument("username")
def unlock_command(username: str):
    """Lift the sign-in lock of USERNAME (for when every head and admin is locked out)."""
    from caseflow import throttle
    from caseflow.cli import _runtime
    from caseflow.models import SecurityKind
    from caseflow.security_log import record

    with _runtime() as rt, rt.sessions.begin() as session:
        lifted = throttle.lift(session, username)
        if lifted:
            record(session, SecurityKind.UNLOCKED, rt.engine.clock(), username=username,
                   via="cli")  # fmt: skip
    click.echo(f"{username}: lock lifted" if lifted else f"{username}: not locked")


@click.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username: str, password_stdin: bool):
    """Set USERNAME's password from the command line, under the same rules as the web
    (the first administrator of a new installation, or one nobody can reset on the web).
    Every session and API token of the user ends; the security log records it."""
    from sqlalchemy import select

    from caseflow import passwords, signin
    from caseflow.cli import _runtime
    from caseflow.models import User

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("new password", hide_input=True, confirmation_prompt=True)
    with _runtime() as rt, rt.sessions.begin() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"no user {username!r}")
        refused = passwords.problems(password, username)
        if refused:
            raise click.ClickException("; ".join(f"{zh} / {en}" for zh, en in refused))
        signin.change_password(session, user, password, rt.engine.clock(), address="cli")
    click.echo(f"{username}: password set; every session and API token of the user ended")
