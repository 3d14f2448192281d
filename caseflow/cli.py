"""The ``caseflow`` command."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from caseflow.bench import bench_command
from caseflow.casefile.commands import audit_case, rules_command
from caseflow.checklists_cli import checklists_command
from caseflow.demo import demo_command
from caseflow.draw_cli import draw_command, verify_draw_command


@contextmanager
def _runtime():
    """The runtime of an app built from the environment, its connections closed after."""
    from caseflow import create_app

    rt = create_app().extensions["caseflow"]
    try:
        yield rt
    finally:
        rt.db.dispose()


@click.group()
def main():
    """CaseFlow: enforcement cases from inspection to closure, refusing unlawful steps."""


@main.command("init-db")
def init_db():
    """Create or upgrade the database schema to the latest migration."""
    from caseflow.migrate import upgrade

    with _runtime() as rt:
        upgrade(rt.db)
        click.echo(f"database at head: {rt.db.url.render_as_string(hide_password=True)}")


@main.command("verify-audit")
def verify_audit():
    """Recompute every case's hash chain; name the first broken event of each."""
    from caseflow.engine.audit import verify_all

    with _runtime() as rt, rt.sessions() as session:
        checked, problems = verify_all(session)
    for p in problems:
        click.echo(f"BROKEN {p}", err=True)
    click.echo(f"{checked} case chains checked, {len(problems)} broken")
    sys.exit(1 if problems else 0)


@main.command("plugins")
def plugins_command():
    """List loaded plugins and the hooks each implements."""
    from caseflow.plugins import describe

    with _runtime() as rt:
        infos = describe(rt.pm)
    for info in infos:
        click.echo(f"{info.name} ({info.module} {info.version or ''})".rstrip())
        for hook in info.hooks:
            click.echo(f"    {hook}")


@main.command("workflows")
def workflows_command():
    """List workflow definitions (every version), after validating them."""
    with _runtime() as rt:
        definitions = list(rt.registry)
    for d in definitions:
        click.echo(
            f"{d.name} v{d.version}  {d.title.zh} / {d.title.en}  "
            f"{len(d.states)} states, {len(d.steps)} steps  ({d.source})"
        )


@main.group("calendar")
def calendar_group():
    """The official working-day calendar."""


@calendar_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_load(file: Path):
    """Load a year's holidays and make-up working days.

    FILE has one line per day: YYYY-MM-DD,holiday|workday[,name].
    """
    from caseflow.engine.calendar import parse_calendar_lines
    from caseflow.models import CalendarDay

    try:
        days = parse_calendar_lines(file.read_text(encoding="utf-8").splitlines())
    except ValueError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    with _runtime() as rt, rt.sessions.begin() as session:
        for day, working in days.items():
            session.merge(CalendarDay(day=day, working=working))
    years = sorted({d.year for d in days})
    click.echo(f"loaded {len(days)} days for {', '.join(map(str, years))}")


main.add_command(audit_case, "audit-case")
main.add_command(rules_command, "rules")
main.add_command(checklists_command, "checklists")
main.add_command(demo_command, "demo")
main.add_command(bench_command, "bench")
main.add_command(draw_command, "draw")
main.add_command(verify_draw_command, "verify-draw")
