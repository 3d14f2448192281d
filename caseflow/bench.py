"""Benchmarks: scripts that measure and print, never timed tests.

``caseflow bench engine``: persisted steps per second through the engine (rules,
audit chain, deadlines, one transaction each) against the raw single-row commit
rate of the same database file in the same run, and their ratio.
``caseflow bench review``: case files reviewed per second by audit-case's code.
``caseflow bench draw``: a double-random draw over a large pool, from the database
and in memory, next to the time to hash the pool's ids alone in the same run.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from pathlib import Path

import click
from sqlalchemy import text
from werkzeug.security import generate_password_hash

CST = dt.timezone(dt.timedelta(hours=8))


def _seed(session):
    from caseflow.models import Certificate, Party, Unit, User

    unit = Unit(code="BENCH", name="基准测试应急管理局", level="county", case_prefix="测应急罚")
    session.add(unit)
    users = {}
    for name, roles in (("o1", ["officer"]), ("o2", ["officer"]), ("h1", ["head"])):
        u = User(
            username=name,
            name=name,
            unit=unit,
            roles=roles,
            password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"),
        )
        if "officer" in roles:
            u.certificates.append(
                Certificate(
                    number=f"B{name}",
                    valid_from=dt.date(2020, 1, 1),
                    valid_to=dt.date(2030, 12, 31),
                )
            )
        session.add(u)
        users[name] = u
    party = Party(
        kind="organization", name="基准测试有限公司", id_code="91440300MA5FXXXX1Y", unit=unit
    )
    session.add(party)
    session.commit()
    return unit, party, users


def _engine_rate(rt, cases: int, steps: int) -> tuple[int, float]:
    from caseflow.engine.cases import open_case

    with rt.sessions() as s:
        unit, party, users = _seed(s)
        t0 = time.perf_counter()
        fired = 0
        for i in range(cases):
            case = open_case(
                rt.engine,
                s,
                workflow="general_penalty",
                party=party,
                unit=unit,
                actor=users["o1"],
                violations=[{"code": "AQL-99-2", "tier": "initial", "act_start": "2024-02-01"}],
            )
            s.commit()
            for j in range(steps):
                data = {"by": ["o1", "o2"], "credentials_shown": True, "date": "2024-03-05"}
                if j % 2:
                    data |= {
                        "id": f"E{j}",
                        "kind": "document",
                        "proves": ["party"],
                        "form_complete": True,
                    }
                    rt.engine.fire(s, case, "evidence", data, users["o1"], acknowledge=True)
                else:
                    data |= {"place": f"车间{i}", "signed_by_party": True}
                    rt.engine.fire(s, case, "inspect", data, users["o1"], acknowledge=True)
                s.commit()  # one transaction per step, as a request would
                fired += 1
        return fired, time.perf_counter() - t0


def _raw_rate(rt, n: int) -> float:
    with rt.db.connect() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT)"))
        conn.commit()
        t0 = time.perf_counter()
        for i in range(n):
            conn.execute(
                text("INSERT INTO bench_raw (id, v) VALUES (:i, :v)"), {"i": i, "v": f"row {i}"}
            )
            conn.commit()
        elapsed = time.perf_counter() - t0
        conn.execute(text("DROP TABLE bench_raw"))
        conn.commit()
    return n / elapsed


@click.group("bench")
def bench_command():
    """Measure and print throughput figures."""


@bench_command.command("engine")
@click.option("--cases", default=40, show_default=True)
@click.option("--steps", default=10, show_default=True, help="steps per case")
@click.option("--raw", default=2000, show_default=True, help="raw single-row commits")
@click.option("--database", default=None, help="database URL (default: a fresh SQLite file)")
def bench_engine(cases: int, steps: int, raw: int, database: str | None):
    from caseflow import create_app
    from caseflow.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        clock = lambda: dt.datetime(2024, 3, 5, 10, tzinfo=CST)  # noqa: E731 - fixed legal date
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}, clock=clock)
        rt = app.extensions["caseflow"]
        upgrade(rt.db)
        with rt.sessions() as s:
            if s.scalar(text("SELECT count(*) FROM units")):
                rt.db.dispose()
                raise click.ClickException(
                    "the benchmark writes its own district: give it an empty database"
                )
        fired, elapsed = _engine_rate(rt, cases, steps)
        steps_per_s = fired / elapsed
        raw_per_s = _raw_rate(rt, raw)
        rt.db.dispose()
    click.echo(f"database: {url.split('://')[0]}")
    click.echo(
        f"engine: {fired} steps in {elapsed:.2f} s = {steps_per_s:.1f} persisted steps/s "
        f"(rules, audit chain, deadlines, one transaction each)"
    )
    click.echo(f"raw: {raw_per_s:.1f} single-row commits/s on the same database")
    click.echo(
        f"ratio: engine step = {raw_per_s / steps_per_s:.1f} raw commits "
        f"({100 * steps_per_s / raw_per_s:.1f}% of the raw rate)"
    )


@bench_command.command("review")
@click.option("--files", default=1000, show_default=True)
@click.argument("example", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def bench_review(files: int, example: Path):
    """Review FILES copies of EXAMPLE (each with its own case number) and print files/s."""
    from caseflow.casefile.review import make_review_context, review_file
    from caseflow.config import plugin_options
    from caseflow.plugins import manager_from_config

    base = json.loads(example.read_text(encoding="utf-8"))
    pm = manager_from_config(plugin_options())
    ctx = make_review_context(pm)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(files):
            doc = {**base, "case_number": f"{base['case_number']}-{i}"}
            p = Path(tmp) / f"case{i}.json"
            p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            paths.append(p)
        t0 = time.perf_counter()
        errors = sum(1 for p in paths for f in review_file(p, pm, ctx).findings if f.is_error)
        elapsed = time.perf_counter() - t0
    click.echo(
        f"reviewed {files} files in {elapsed:.2f} s = {files / elapsed:.0f} files/s "
        f"({errors} error findings)"
    )


def _seed_pool(session, parties: int, officers: int, inspected: int) -> tuple:
    """A county, its streets, ``parties`` enterprises, ``officers`` certified officers
    (two of them lapsing), and ``inspected`` parties with a last inspection on record."""
    from sqlalchemy import insert

    from caseflow.idcodes import uscc_check_character
    from caseflow.models import Case, Certificate, Event, Party, Unit, User
    from caseflow.planning.plans import make_plan

    bureau = Unit(code="BENCH", name="基准测试应急管理局", level="county")
    streets = [Unit(code=f"BENCH-{i}", name=f"街道{i}", level="street", parent=bureau)
               for i in range(10)]  # fmt: skip
    session.add_all([bureau, *streets])
    session.flush()
    head = User(username="head", name="head", unit=bureau, roles=["head"], password_hash="x")
    session.add(head)
    for i in range(officers):
        u = User(username=f"o{i:03d}", name=f"o{i}", unit=bureau, roles=["officer"],
                 password_hash="x")  # fmt: skip
        lapse = dt.date(2024, 5, 1) if i < 2 else dt.date(2030, 12, 31)
        u.certificates.append(Certificate(number=f"B{i:05d}", valid_from=dt.date(2020, 1, 1),
                                          valid_to=lapse))  # fmt: skip
        session.add(u)
    session.flush()
    rows = []
    for i in range(parties):
        body = f"91440307{i:09d}"
        rows.append({"kind": "organization", "name": f"企业{i}", "address": "",
                     "id_code": body + uscc_check_character(body),
                     "unit_id": streets[i % len(streets)].id, "key_enterprise": i % 2 == 0,
                     "tags": ["锂电池"] if i % 5 == 0 else []})  # fmt: skip
    session.execute(insert(Party), rows)
    ids = session.scalars(select_ids(Party)).all()
    at = dt.datetime(2024, 2, 1, 2, tzinfo=dt.UTC)
    cases = [{"number": f"B-{i}", "ref": f"B-{i}", "title": "", "workflow_name": "general_penalty",
              "workflow_version": 1, "procedure": "general", "state": "investigation",
              "version": 1, "unit_id": bureau.id, "party_id": pid, "violations": [], "tags": [],
              "opened_at": at} for i, pid in enumerate(ids[:inspected])]  # fmt: skip
    session.execute(insert(Case), cases)
    case_ids = session.scalars(select_ids(Case)).all()
    events = [{"case_id": cid, "seq": 1, "kind": "step", "step": "inspect", "at": at,
               "actor": "o000", "prev_hash": "0" * 64, "hash": f"{cid:064d}",
               "payload": {"date": "2024-02-01",
                           "data": {"by": [f"o{(2 * n) % officers:03d}",
                                           f"o{(2 * n + 1) % officers:03d}"]}}}
              for n, cid in enumerate(case_ids)]  # fmt: skip
    session.execute(insert(Event), events)
    plan = make_plan(session, unit=bureau, year=2024, title="基准", targets=[], actor=head,
                     now=at)  # fmt: skip
    session.commit()
    return plan, head


def select_ids(model):
    from sqlalchemy import select

    return select(model.id).order_by(model.id)


@bench_command.command("draw")
@click.option("--parties", default=30_000, show_default=True)
@click.option("--officers", default=50, show_default=True)
@click.option("--size", default=1_000, show_default=True, help="parties to draw")
@click.option("--inspected", default=5_000, show_default=True,
              help="parties with a last inspection on record")  # fmt: skip
def bench_draw(parties: int, officers: int, size: int, inspected: int):
    """Time a draw over PARTIES parties and OFFICERS officers; print it beside the
    time to hash the pool's ids alone (the floor any SHA-256 ranking must pay)."""
    import hashlib

    from caseflow import create_app
    from caseflow.migrate import upgrade
    from caseflow.planning.algorithm import Inputs, draw
    from caseflow.planning.draws import DrawRequest, make_draw

    inspected = min(inspected, parties)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        clock = lambda: dt.datetime(2024, 3, 5, 10, tzinfo=CST)  # noqa: E731 - fixed legal date
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}, clock=clock)
        rt = app.extensions["caseflow"]
        upgrade(rt.db)
        with rt.sessions() as s:
            t0 = time.perf_counter()
            plan, head = _seed_pool(s, parties, officers, inspected)
            seeded = time.perf_counter() - t0
            request = DrawRequest(plan, "bench-2024", size, dt.date(2024, 6, 1),
                                  dt.date(2024, 6, 30))  # fmt: skip
            t0, c0 = time.perf_counter(), time.process_time()
            row = make_draw(s, request, head, clock())
            s.commit()
            from_db, cpu = time.perf_counter() - t0, time.process_time() - c0
            inputs = Inputs.from_json(row.inputs)
            drawn, pool, excluded = (
                len(row.assignments),
                len(inputs.parties),
                len(inputs.exclusions),
            )
        rt.db.dispose()
    t0 = time.perf_counter()
    draw(inputs, "bench-2024", size)
    in_memory = time.perf_counter() - t0
    t0 = time.perf_counter()
    for key in inputs.parties:
        hashlib.sha256(f"bench-2024:{key}".encode()).hexdigest()
    hashing = time.perf_counter() - t0
    click.echo(f"seeded {parties} parties, {officers} officers, {inspected} last inspections "
               f"in {seeded:.2f} s (not part of the draw)")  # fmt: skip
    click.echo(f"draw from the database: {drawn} of {size} drawn from a pool of {pool} "
               f"with {excluded} exclusions in {from_db:.3f} s, {cpu:.3f} s of it on this "
               f"process's CPU (pool query, inspections, recusals, ranking, recording)")  # fmt: skip
    click.echo(f"draw in memory (the algorithm alone): {in_memory:.3f} s")
    click.echo(f"reference: hashing {pool} ids alone: {hashing:.3f} s "
               f"(draw from the database = {from_db / hashing:.0f}x the hashing)")  # fmt: skip
