"""``caseflow draw`` and ``caseflow verify-draw``: double-random draws from the shell.

The same calls as the web page (:mod:`caseflow.planning.draws`); the command
owns the transaction. ``--dry-run`` shows the draw without recording it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from sqlalchemy import select

from caseflow.planning.algorithm import ALGORITHM


@contextmanager
def _session():
    from caseflow import create_app

    rt = create_app().extensions["caseflow"]
    try:
        with rt.sessions() as session:
            yield rt, session
    finally:
        rt.db.dispose()


def _echo_draw(row, dry_run: bool) -> None:
    status = "DRY RUN, not recorded" if dry_run else f"draw {row.number}"
    click.echo(f"{status}: drew {len(row.assignments)} of {row.requested} "
               f"from a pool of {len(row.inputs['parties'])}")  # fmt: skip
    click.echo(f"algorithm {ALGORITHM}, seed {row.seed!r}, window {row.window_start} to "
               f"{row.window_end}")  # fmt: skip
    click.echo(f"fingerprint {row.fingerprint}")
    for why in row.shortfall:
        click.echo(f"SHORT {why['code']}: {why['en']}")
    for a in row.assignments:
        click.echo(f"{a.position:4d}  {a.party.id_code}  {a.party.name}  "
                   f"{a.officer1.username}, {a.officer2.username}")  # fmt: skip


@click.command("draw")
@click.option("--plan", "plan_id", type=int, required=True, help="plan id")
@click.option("--seed", required=True, help="recorded with the draw; the same seed re-draws it")
@click.option("--size", "n", type=int, required=True, help="how many parties to draw")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="first day of the inspection window")  # fmt: skip
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="last day of the inspection window")  # fmt: skip
@click.option("--unit", "units", multiple=True, help="unit (street) code; repeat for several")
@click.option("--industry", default=None)
@click.option("--tag", "tags", multiple=True, help="parties must carry every tag given")
@click.option("--key-only", is_flag=True, help="key enterprises only")
@click.option("--as", "username", required=True, help="the head drawing (user name)")
@click.option("--dry-run", is_flag=True, help="show the draw, record nothing")
def draw_command(plan_id, seed, n, start, end, units, industry, tags, key_only, username,
                 dry_run):  # fmt: skip
    """Draw parties and officer pairs for a plan; print the result and its fingerprint."""
    from caseflow.engine.errors import Refused
    from caseflow.models import Plan, User
    from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw

    with _session() as (rt, session):
        plan = session.get(Plan, plan_id)
        actor = session.scalar(select(User).where(User.username == username))
        if plan is None:
            raise click.ClickException(f"no plan {plan_id}")
        if actor is None or not actor.has_role("head", "admin"):
            raise click.ClickException(f"{username} is not a head or administrator")
        flt = PoolFilter(tuple(units), industry, tuple(tags), key_only)
        request = DrawRequest(plan, seed, n, start.date(), end.date(), flt)
        try:
            row = make_draw(session, request, actor, rt.engine.clock())
        except Refused as exc:
            problems = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.field_errors.items())
            raise click.ClickException(f"{exc.en}: {problems}") from None
        _echo_draw(row, dry_run)
        if dry_run:
            session.rollback()
        else:
            session.commit()


@click.command("verify-draw")
@click.argument("number")
def verify_draw_command(number: str):
    """Re-run a draw from its recorded inputs and from the database; exit 1 if either differs."""
    from caseflow.models import Draw
    from caseflow.planning.draws import verify

    with _session() as (_rt, session):
        row = session.scalar(select(Draw).where(Draw.number == number))
        if row is None:
            raise click.ClickException(f"no draw {number}")
        result = verify(session, row)
    click.echo(f"recorded fingerprint {row.fingerprint}")
    click.echo(f"re-run from recorded inputs: {'same result' if result.reproduced else 'DIFFERS'}")
    click.echo(f"inputs from the database now: {result.current_fingerprint}"
               f" ({'unchanged' if result.inputs_unchanged else 'CHANGED'})")  # fmt: skip
    for name, diff in result.changes.items():
        for sign, key in (("+", "added"), ("-", "removed")):
            for item in diff[key]:
                click.echo(f"  {sign} {name}: {item}")
    sys.exit(0 if result.ok else 1)
