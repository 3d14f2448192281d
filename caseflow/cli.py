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
from caseflow.outage import diagnose
from caseflow.security_cli import (
    security_log_command,
    set_password_command,
    unlock_command,
)
from caseflow.serve import serve_command
from caseflow.settings import SettingsError
from caseflow.settings_cli import settings_command
from caseflow.workflows_cli import workflows_command


@contextmanager
def _runtime():
    """The runtime of an app built from the environment, its connections closed after."""
    from caseflow import create_app

    rt = create_app().extensions["caseflow"]
    try:
        yield rt
    finally:
        rt.db.dispose()


# sysexits.h EX_TEMPFAIL: cron and scripts can tell "try again later" from a bug.
EXIT_OUTAGE = 75
EXIT_PLUGINS = 2  # as audit-case: the installation's plugins cannot be read


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]


class Commands(click.Group):
    """The command group: a plugin that cannot load, a mistyped setting, a full disk or a
    lost database is one line, never a traceback."""

    def invoke(self, ctx: click.Context):
        from caseflow.engine.catalogue import RegistrationError
        from caseflow.plugins import PluginError, PluginSetupError

        try:
            return super().invoke(ctx)
        except (PluginSetupError, PluginError, RegistrationError) as exc:
            click.echo(f"插件无法载入 / plugins cannot be loaded: {exc}", err=True)
            ctx.exit(EXIT_PLUGINS)
        except SettingsError as exc:
            # A mistyped setting is the installation's to fix: one line naming it, in
            # every command (the demo and bench build their app themselves).
            raise click.ClickException(f"settings: {exc}") from None
        except Exception as exc:
            outage = diagnose(exc)
            if outage is None:
                raise
            click.echo(
                f"caseflow: {outage.code}: {outage.en} {outage.zh} ({_first_line(exc)})",
                err=True,
            )
            ctx.exit(EXIT_OUTAGE)


@click.group(cls=Commands)
def main():
    """CaseFlow: enforcement cases from inspection to closure, refusing unlawful steps."""


@main.command("init-db")
def init_db():
    """Create or upgrade the database schema to the latest migration."""
    from caseflow.config import private_dir
    from caseflow.db import sqlite_file
    from caseflow.migrate import upgrade

    with _runtime() as rt:
        db_file = sqlite_file(rt.config["DATABASE_URL"])
        if db_file is not None:
            private_dir(db_file.parent)
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


@main.command("doctor")
@click.option("--fix", is_flag=True, help="Remove evidence files no row names.")
@click.option(
    "--from-backup",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Put missing or altered evidence files back from this backup.",
)
def doctor_command(fix: bool, from_backup: Path | None):
    """Check evidence files against their rows, the audit chains and the schema.

    Exit 0 when all agree (after --fix, when all that remains agrees), 1 otherwise.
    """
    from caseflow import doctor

    with _runtime() as rt:
        found = doctor.examine(rt, _progress)
    for line in found.lines():
        click.echo(line)
    removed = doctor.fix(found) if fix else []
    for path in removed:
        click.echo(f"removed {path}")
    recovered = []
    if from_backup is not None:
        recovered = doctor.recover(found, rt.config["EVIDENCE_DIR"], from_backup)
        for sha in recovered:
            click.echo(f"recovered {sha} from {from_backup}")
    fixed = len(removed) + len(recovered)
    left = found.unfixable() + len(found.removable()) - fixed
    click.echo(
        f"{found.chains_checked} case chains, {found.files_checked} evidence files checked; "
        f"{len(found.lines())} problems, {fixed} fixed, {left} left"
    )
    sys.exit(1 if left else 0)


def _progress(message: str) -> None:
    click.echo(f"... {message}", err=True)


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    """Write a consistent backup of the database and evidence files to FILE.

    FILE is replaced only when the new backup is complete: a backup that is
    interrupted leaves the previous one as it was.
    """
    from caseflow.backup import BackupError, backup

    with _runtime() as rt:
        try:
            manifest = backup(rt, file, _progress)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
    counts = manifest.counts
    click.echo(
        f"backup written: {file} ({file.stat().st_size >> 10} KiB; {counts['cases']} cases, "
        f"{counts['events']} events, {counts['evidence_files']} evidence files)"
    )
    if manifest.missing:
        click.echo(f"WARNING {len(manifest.missing)} evidence files were missing", err=True)
        sys.exit(1)


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that holds cases.")
def restore_command(file: Path, replace: bool):
    """Check FILE against its manifest, restore it, and verify every audit chain.

    Stop the server first. Exit 0 when restored and every chain verifies.
    """
    from caseflow.backup import BackupError, restore
    from caseflow.doctor import schema_drift
    from caseflow.engine.audit import verify_all

    with _runtime() as rt:
        try:
            done = restore(rt, file, replace=replace, progress=_progress)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
        with rt.sessions() as session:
            checked, problems = verify_all(session)
        behind = schema_drift(rt.db)
    counts = done.counts
    click.echo(
        f"restored {file} of {done.manifest.created_at}: {counts['cases']} cases, "
        f"{counts['events']} events, {done.evidence_files} evidence files"
    )
    for p in problems:
        click.echo(f"BROKEN {p}", err=True)
    click.echo(f"{checked} case chains checked, {len(problems)} broken")
    for line in behind:
        click.echo(f"SCHEMA {line}")
    sys.exit(1 if problems else 0)


@main.command("plugins")
def plugins_command():
    """List loaded plugins and the hooks each implements; name every broken one."""
    from caseflow.config import plugin_options
    from caseflow.plugins import diagnose as diagnose_plugins

    # Not the app's runtime: a broken plugin stops that, and here it is to be named.
    found = diagnose_plugins(plugin_options())
    for info in found.plugins:
        click.echo(f"{info.name} ({info.module} {info.version or ''})".rstrip())
        for hook in info.hooks:
            click.echo(f"    {hook}")
    for clash in found.settings.clashes() if found.settings else ():
        over = ", ".join(f"{p}'s {v!r}" for p, v in clash.overrides)
        click.echo(
            f"setting {clash.key}: {clash.plugin}'s default {clash.default!r} wins over {over}"
        )
    for problem in found.problems:
        click.echo(f"PROBLEM {problem}", err=True)
    for warning in found.warnings:
        click.echo(f"WARNING {warning}", err=True)
    sys.exit(1 if found.problems else 0)


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
main.add_command(workflows_command, "workflows")
main.add_command(rules_command, "rules")
main.add_command(checklists_command, "checklists")
main.add_command(demo_command, "demo")
main.add_command(bench_command, "bench")
main.add_command(serve_command, "serve")
main.add_command(settings_command, "settings")
main.add_command(security_log_command, "security-log")
main.add_command(unlock_command, "unlock")
main.add_command(set_password_command, "set-password")
main.add_command(draw_command, "draw")
main.add_command(verify_draw_command, "verify-draw")
