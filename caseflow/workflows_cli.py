"""``caseflow workflows``: list the workflow definitions; ``migrate`` moves running
cases to a newer version."""

from __future__ import annotations

import sys

import click

# Above this many cases a move shows a progress bar rather than staying silent.
PROGRESS_FROM = 20


@click.group("workflows", invoke_without_command=True)
@click.pass_context
def workflows_command(ctx: click.Context):
    """List workflow definitions (every version), after validating them."""
    if ctx.invoked_subcommand is not None:
        return
    from caseflow.cli import _runtime

    with _runtime() as rt:
        definitions = list(rt.registry)
    for d in definitions:
        click.echo(
            f"{d.name} v{d.version}  {d.title.zh} / {d.title.en}  "
            f"{len(d.states)} states, {len(d.steps)} steps  ({d.source})"
        )


@workflows_command.command("migrate")
@click.option(
    "--to",
    "to_version",
    type=click.IntRange(min=1),
    required=True,
    help="the workflow version the running cases move to",
)
@click.option("--by", "by", required=True, help="username of the administrator or head moving them")
@click.option("--dry-run", is_flag=True, help="list what would move; change nothing")
def migrate_command(to_version: int, by: str, dry_run: bool):
    """Move running cases of every workflow that has version TO from older versions to
    it, one transaction and one audit event per case. A case whose state the new
    version lacks is listed and left as it is. Running it again moves nothing more."""
    from sqlalchemy import select

    from caseflow.cli import _runtime
    from caseflow.engine.errors import Conflict
    from caseflow.engine.version_moves import move, plan
    from caseflow.models import User

    with _runtime() as rt:
        if not any(to_version in rt.registry.versions(n) for n in rt.registry.names()):
            raise click.ClickException(f"no workflow has version {to_version}")
        with rt.sessions() as session:
            if session.scalar(select(User.id).where(User.username == by)) is None:
                raise click.ClickException(f"--by: no user named {by!r}")
            moves = list(plan(session, rt.registry, to_version))
        movable = [m for m in moves if m.movable]
        stuck = [m for m in moves if not m.movable]
        if dry_run:
            for m in movable:
                click.echo(f"WOULD MOVE {m}")
            for m in stuck:
                click.echo(f"CANNOT MOVE {m}", err=True)
            click.echo(f"{len(movable)} cases would move, {len(stuck)} cannot (dry run)")
            sys.exit(1 if stuck else 0)
        moved, failed = 0, []
        with click.progressbar(
            movable, label="moving cases", file=sys.stderr,
            hidden=len(movable) < PROGRESS_FROM,
        ) as bar:  # fmt: skip
            for m in bar:
                with rt.sessions() as session:
                    try:
                        move(session, rt.engine, m, by, rt.engine.clock())
                        session.commit()
                        moved += 1
                    except Conflict as exc:
                        session.rollback()
                        failed.append((m, exc))
        for m in stuck:
            click.echo(f"CANNOT MOVE {m}", err=True)
        for m, exc in failed:
            click.echo(f"CHANGED MEANWHILE {m}: {exc}", err=True)
        click.echo(
            f"{moved} cases moved to version {to_version}, {len(stuck)} cannot move, "
            f"{len(failed)} changed meanwhile"
        )
        sys.exit(1 if stuck or failed else 0)
