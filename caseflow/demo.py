"""``caseflow demo``: a Longgang district with enterprises, people and cases, then serve.

Every case is driven through the engine (Engine.fire), never by writing a state:
the demo's histories pass the same legal rules a user's would, so if a rule
refuses a demo step the demo is wrong and says which finding refused it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import func, select

from caseflow.clock import CST
from caseflow.demo_hazards import seed_hazard_stories
from caseflow.demo_inspections import seed_inspections
from caseflow.engine.cases import open_case
from caseflow.engine.errors import RuleViolation, UnacknowledgedWarnings
from caseflow.idcodes import USCC_CHARSET, uscc_check_character
from caseflow.models import Certificate, Inspection, Party, Unit, User

PASSWORD = "demo"
DELEGATION = "深龙府〔2021〕15号《龙岗区街道综合行政执法事项委托目录》"
# The 11 streets of Longgang District, each with the character its case numbers carry
# (龙城 and 龙岗 share their first character, so they take their second).
STREETS = [
    ("PH", "平湖", "平"), ("BT", "坂田", "坂"), ("BJ", "布吉", "布"), ("JH", "吉华", "吉"),
    ("NW", "南湾", "南"), ("HG", "横岗", "横"), ("YS", "园山", "园"), ("LC", "龙城", "城"),
    ("LG", "龙岗", "岗"), ("BL", "宝龙", "宝"), ("PD", "坪地", "坪"),
]  # fmt: skip
# (industry, name stems, business words, tags): the district's enforcement priorities.
INDUSTRIES = [
    ("锂电池", ["新能源", "锂能", "储能", "动力电池", "电芯"], "电池科技有限公司", ["锂电池", "1+6+2+1"]),
    ("危险化学品", ["化工", "精细化工", "涂料", "化学试剂", "溶剂"], "化工有限公司", ["危化品", "小化工"]),
    ("金属加工", ["精密五金", "模具", "金属制品", "压铸", "钣金"], "五金制品有限公司", ["粉尘涉爆"]),
    ("纺织服装", ["纺织", "针织", "服饰", "印染", "织造"], "纺织有限公司", ["消防安全"]),
    ("电子制造", ["电子", "光电", "线路板", "智能科技", "半导体"], "电子有限公司", ["有限空间"]),
    ("物流仓储", ["物流", "供应链", "仓储", "冷链", "货运"], "物流有限公司", ["仓储安全"]),
]  # fmt: skip
PREFIXES = "华鑫宏泰盛达恒通瑞丰永安嘉信联创优捷金源卓越新宇远航龙腾海川博达明辉"
ROADS = [
    "工业大道",
    "宝龙大道",
    "龙岗大道",
    "深惠路",
    "环城路",
    "清平高速辅道",
    "科技园路",
    "创业路",
]

# username, name, unit ("" is the bureau, else a street code), roles, legal, cert days left
PEOPLE = [
    ("admin", "系统管理员", "", ["admin"], False, None),
    ("officer1", "张伟", "", ["officer"], False, 900),
    ("officer2", "李娜", "", ["officer"], False, 700),
    ("officer3", "王磊", "BT", ["officer"], False, 600),
    # One certificate runs out within 30 days: the dashboard must flag it.
    ("officer4", "刘洋", "BT", ["officer"], False, 21),
    ("reviewer1", "陈静", "", ["reviewer"], True, None),
    ("head1", "黄强", "", ["head"], False, None),
]


class DemoRefused(click.ClickException):
    """A rule refused a demo step: the demo data is wrong, not the rule."""


def uscc(rng: random.Random, taken: set[str]) -> str:
    """A valid unified social credit code for a Longgang (440307) enterprise."""
    while True:
        body = "91440307" + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
        code = body + uscc_check_character(body)
        if code not in taken:
            taken.add(code)
            return code


def seed_units(session) -> tuple[Unit, dict[str, Unit]]:
    bureau = Unit(code="LG", name="深圳市龙岗区应急管理局", level="county",
                  region="广东省深圳市龙岗区", case_prefix="深龙应急罚")  # fmt: skip
    session.add(bureau)
    streets = {}
    for code, short, mark in STREETS:
        streets[code] = Unit(
            code=f"LG-{code}", name=f"{short}街道办事处", level="street", parent=bureau,
            delegated=True, delegation_ref=DELEGATION, region=f"龙岗区{short}街道",
            case_prefix=f"深龙{mark}应急罚",
        )  # fmt: skip
        session.add(streets[code])
    session.flush()
    return bureau, streets


def seed_parties(session, streets: dict[str, Unit], rng: random.Random, n: int = 204) -> list:
    taken: set[str] = set()
    names: set[str] = set()
    parties = []
    street_list = list(streets.items())
    while len(parties) < n:
        industry, stems, business, tags = INDUSTRIES[len(parties) % len(INDUSTRIES)]
        code, unit = street_list[len(parties) % len(street_list)]
        short = unit.name[:2]
        name = f"深圳市{rng.choice(PREFIXES)}{rng.choice(PREFIXES)}{rng.choice(stems)}{business}"
        if name in names:
            continue
        names.add(name)
        party = Party(
            kind="organization", name=name, id_code=uscc(rng, taken),
            address=f"深圳市龙岗区{short}街道{rng.choice(ROADS)}{rng.randint(1, 399)}号",
            legal_representative=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["建国", "志强", "海燕", "晓东", "丽华", "永红", "国平"]),
            phone=f"0755-{rng.randint(28000000, 28999999)}", unit_id=unit.id, industry=industry,
            key_enterprise=rng.random() < 0.6, tags=list(tags[: rng.randint(1, len(tags))]),
        )  # fmt: skip
        session.add(party)
        parties.append(party)
    session.flush()
    return parties


def seed_people(session, bureau: Unit, streets: dict[str, Unit], today: dt.date) -> dict:
    people = {}
    for i, (username, name, unit_code, roles, legal, days_left) in enumerate(PEOPLE):
        user = User(username=username, name=name, unit=streets[unit_code] if unit_code else bureau,
                    roles=roles, legal_qualification=legal)  # fmt: skip
        user.set_password(PASSWORD)
        if days_left is not None:
            user.certificates.append(
                Certificate(number=f"44030719{i:04d}", valid_from=today - dt.timedelta(days=1100),
                            valid_to=today + dt.timedelta(days=days_left))
            )  # fmt: skip
        session.add(user)
        people[username] = user
    session.flush()
    return people


def seed_demo(rt, today: dt.date | None = None, echo=print) -> dict:
    """Seed the demo district once; returns what it made. Skips when users exist."""
    with rt.sessions() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return {"skipped": True}
        today = today or rt.engine.today()
        rng = random.Random(20240701)
        bureau, streets = seed_units(session)
        parties = seed_parties(session, streets, rng)
        people = seed_people(session, bureau, streets, today)
        cases = seed_cases(rt, session, bureau, streets, parties, people, today, echo)
        draw = seed_plan_and_draw(rt, session, bureau, streets, parties, people, today)
        seed_inspections(rt, session, parties, people, cases, today)
        stories = seed_hazard_stories(rt, session, parties, people, today, echo)
        # Opened by inspections, and the case one of them escalated into.
        inspections = session.scalars(select(Inspection)).all()
        hazards = {a.hazard.id for i in inspections for a in i.failed}
        hazards |= {c.id for c in stories.values()}
        # Once, at the end: a demo refused half-way leaves no half-seeded district that
        # the next run would skip as already seeded.
        session.commit()
        return {"skipped": False, "units": 1 + len(streets), "parties": len(parties),
                "users": len(people), "cases": len(cases) + len(hazards), "draw": draw.number,
                "inspections": len(inspections)}  # fmt: skip


def seed_plan_and_draw(rt, session, bureau, streets, parties, people, today):
    """This year's plan with targets for every street, a recusal, and a published draw
    for the coming month (officer4's certificate lapses in it, so the draw leaves them out)."""
    from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw, publish
    from caseflow.planning.plans import make_plan
    from caseflow.planning.recusals import record_recusal

    start = today + dt.timedelta(days=1)
    end = min(start + dt.timedelta(days=29), dt.date(start.year, 12, 31))
    head, now = people["head1"], rt.engine.clock()
    targets = []
    for i, unit in enumerate(streets.values()):
        targets += [("supervisory", unit.id, 80 + 3 * i), ("double_random", unit.id, 40 + 2 * i)]
    plan = make_plan(session, unit=bureau, year=start.year, title=f"{start.year}年度安全生产监督检查计划",
                     targets=targets, tags=["锂电池"], actor=head, now=now)  # fmt: skip
    record_recusal(session, officer=people["officer2"], party=parties[0],
                   reason="其近亲属在该企业任职", actor=head, now=now)  # fmt: skip
    request = DrawRequest(plan, f"{start.isoformat()}-demo", 12, start, end,
                          PoolFilter(key_enterprise=True))  # fmt: skip
    draw = make_draw(session, request, head, now)
    publish(draw, head, now)
    return draw


def fire(rt, session, case, step, data, actor, echo=print):
    """Fire one demo step: acknowledge warnings the engine asks about (printing them),
    and stop with the findings if a rule refuses it."""
    try:
        return rt.engine.fire(session, case, step, data, actor)
    except UnacknowledgedWarnings as asked:
        for f in asked.findings:
            echo(f"  {case.label} {step}: acknowledged {f.rule} - {f.message_zh}")
        return rt.engine.fire(session, case, step, data, actor, acknowledge=True)
    except RuleViolation as refused:
        lines = [f"{f.rule} [{f.severity}] {f.message_zh}" for f in refused.findings]
        raise DemoRefused(f"{case.label} {step} refused:\n  " + "\n  ".join(lines)) from None


# Seconds added to each demo entry, so the entries of one day keep their order.
_TICKS = itertools.count()


@contextmanager
def entered_on(engine, day: dt.date) -> Iterator[None]:
    """Enter what happens inside on ``day`` itself, as an officer in the field would: the
    engine's clock reads that day, so no step is flagged as entered after its date (补录)."""
    real = engine.clock
    instant = dt.datetime.combine(day, dt.time(9, 0), CST) + dt.timedelta(seconds=next(_TICKS))
    engine.clock = lambda: instant
    try:
        yield
    finally:
        engine.clock = real


def open_demo_case(rt, session, *, workflow, party, unit, actor, violations, title, tags=()):
    return open_case(rt.engine, session, workflow=workflow, party=party, unit=unit, actor=actor,
                     violations=violations, title=title, tags=list(tags))  # fmt: skip


class Story:
    """One demo case told step by step on the business calendar, from a start date.

    ``step(..., after=n)`` dates the step n working days after the previous one, so
    statutory periods (counted in working days) hold whatever holidays fall between.
    """

    def __init__(self, rt, session, case, start: dt.date, today: dt.date, echo):
        self.rt, self.session, self.case, self.day = rt, session, case, start
        self.today, self.echo = today, echo
        self.calendar = rt.engine.calendar(session)

    def later(self, n: int) -> dt.date:
        return self.calendar.add_working_days(self.day, n) if n else self.day

    def step(self, name: str, actor: User, after: int = 0, **data) -> Story:
        self.day = self.later(after)
        if self.day > self.today:
            raise DemoRefused(f"{self.case.label} {name}: dated {self.day}, after today")
        data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
        with entered_on(self.rt.engine, self.day):
            fire(self.rt, self.session, self.case, name, {"date": self.day.isoformat(), **data},
                 actor, self.echo)  # fmt: skip
        return self


def seed_cases(rt, session, bureau, streets, parties, people, today, echo) -> list:
    """The cases of the demo, each stopped at a different point of its procedure."""
    o1, o3 = people["officer1"], people["officer3"]
    head, reviewer = people["head1"], people["reviewer1"]
    pair = {"by": ["officer1", "officer2"], "credentials_shown": True}
    pool = iter(parties)
    made = []

    def story(workflow, unit, title, code, start_days, officer=o1, tags=()):
        party = next(pool)
        start = today - dt.timedelta(days=start_days)
        act = (start - dt.timedelta(days=120)).isoformat()
        violations = [{"code": code, "tier": "initial", "act_start": act}] if code else []
        with entered_on(rt.engine, start):
            case = open_demo_case(rt, session, workflow=workflow, party=party, unit=unit,
                                  actor=officer, violations=violations,
                                  title=f"{party.name}{title}", tags=tags)  # fmt: skip
        made.append(case)
        return Story(rt, session, case, start, today, echo)

    def investigate(s: Story, who=pair, actor=o1) -> Story:
        found = s.day
        s.step("inspect", actor, place="生产车间及仓库", signed_by_party=True, **who)
        s.step("order_correction", actor, deadline=s.later(10), major_hazard=False)
        s.step("evidence", actor, id="E1", kind="inspection_record", form_complete=True,
               proves=["party", "time", "place"], signed_by_party=True, **who)  # fmt: skip
        s.step("register", head, after=2, discovered=found)
        s.step("evidence", actor, after=3, id="E2", kind="interview_record", form_complete=True,
               proves=["act", "consequence"], signed_by_party=True, **who)  # fmt: skip
        return s

    def conclude(s: Story, fine: float) -> Story:
        s.step("evidence", o1, id="E3", kind="document", form_complete=True,
               proves=["act", "provision"], **pair)  # fmt: skip
        s.step("reinspect", o1, after=5, result="corrected", opinion_signed=True, **pair)
        s.step("conclude", o1)
        s.step("legal_review", reviewer, after=2, opinion="approve")
        # Recorded on the day the notice is served, three working days after the review.
        # A live notice states its facts and the provisions of every violation, and is
        # served with proof (APL-44-CONTENT).
        s.step("notify", o1, after=3, served=s.later(3), rights=["statement", "defence"],
               proposed={"kinds": ["fine"], "fine": fine}, facts=f"经查，{s.case.title}",
               basis=[v["code"] for v in s.case.violations], statement_days=3,
               method="direct", receipt_signed=True)  # fmt: skip
        return s

    def decide(s: Story, fine: float) -> Story:
        s.step("statement", o1, after=1, reviewed=True, adopted=False)
        s.step("decide", head, after=5, outcome="penalty", orders_correction=True,
               penalty={"kinds": ["fine"], "fine": fine},
               contents=["party", "facts", "evidence", "basis", "payment", "remedies", "unit",
                         "seal"])  # fmt: skip
        s.step("serve", o1, after=2, method="direct", receipt_signed=True)
        s.step("publish", o1, after=1)
        return s

    def general(street, title, code, days, tags=()):
        return story("general_penalty", street, title, code, days, tags=tags)

    # 1. Just inspected, in a street office acting under delegation.
    s = story("general_penalty", streets["BT"], "未按规定对从业人员进行安全生产教育和培训",
              "AQL-97-3", 3, officer=o3, tags=["锂电池"])  # fmt: skip
    s.step("inspect", o3, place="电芯生产车间", signed_by_party=True,
           by=["officer3", "officer4"], credentials_shown=True)  # fmt: skip
    # 2. Under investigation; its correction deadline has passed unchecked (overdue).
    s = investigate(general(streets["PH"], "未在危险场所设置明显的安全警示标志", "AQL-99-1",
                            40, tags=["危化品"]))  # fmt: skip
    investigation = s.case
    # 3. Notified: the pre-decision notice served, the statement window running.
    conclude(investigate(general(bureau, "未对安全设备进行经常性维护保养", "AQL-99-3", 30)), 8000)
    # 4. Decided and served, payment awaited.
    s = general(streets["BJ"], "特种作业人员未取得相应资格上岗作业", "AQL-97-7", 70, ["有限空间"])
    decide(conclude(investigate(s), 20000), 20000)
    # 5. Closed after payment.
    s = general(streets["HG"], "未建立事故隐患排查治理制度", "AQL-101-5", 90, ["1+6+2+1"])
    decide(conclude(investigate(s), 25000), 25000)
    s.step("pay", o1, after=3, amount=25000)
    s.step("close", head, after=2)
    # 6. Hidden danger ordered to be corrected, in a street office.
    s = story("hazard_rectification", streets["BT"], "电池仓库未按规定分区存放", "AQL-102", 6,
              officer=o3, tags=["锂电池"])  # fmt: skip
    street_pair = {"by": ["officer3", "officer4"], "credentials_shown": True}
    s.step("inspect", o3, place="成品仓库", signed_by_party=True, **street_pair)
    s.step("order_correction", o3, deadline=today + dt.timedelta(days=10), major_hazard=False)
    # 7. Hidden danger corrected and closed (一患一策 closed loop).
    s = story("hazard_rectification", streets["LC"], "粉尘除尘系统未定期清理", "AQL-102", 25,
              tags=["粉尘涉爆"])  # fmt: skip
    s.step("inspect", o1, place="抛光车间", signed_by_party=True, **pair)
    s.step("order_correction", o1, deadline=s.later(7), major_hazard=False)
    s.step("reinspect", o1, after=7, result="corrected", opinion_signed=True, **pair)
    # 8. Summary (on-the-spot) penalty, paid and closed.
    s = story("summary_penalty", streets["NW"], "作业场所未设置安全警示标志", "AQL-99-1", 15)
    s.step("inspect", o1, place="装卸区", signed_by_party=True, **pair)
    s.step("decide", o1, outcome="penalty", penalty={"kinds": ["fine"], "fine": 1000},
           orders_correction=True, contents=["party", "facts", "evidence", "basis", "payment",
                                             "remedies", "unit", "seal"], **pair)  # fmt: skip
    s.step("serve", o1, method="on_the_spot", receipt_signed=True)
    s.step("report", o1, after=1)
    s.step("pay", o1, after=2, amount=1000)
    s.step("close", head, after=1)
    # 9. More hidden dangers found across the streets, so every street has its figures.
    for code, _short, _mark in STREETS:
        if code in ("BT", "LC", "NW"):
            continue
        s = story("hazard_rectification", streets[code], "消防通道堵塞、安全出口锁闭", "AQL-102", 4)
        s.step("inspect", o1, place="厂区", signed_by_party=True, **pair)
    _demo_evidence_file(rt, session, investigation)
    return made


def _demo_evidence_file(rt, session, case) -> None:
    """A site note as an evidence file on the case under investigation."""
    from caseflow import storage
    from caseflow.web.evidence import record_upload

    # Stored and recorded in the demo's one transaction (the demo commits once, at the end).
    text = f"{case.label} 现场检查照片说明：危化品仓库入口未设置警示标志。\n".encode()
    stored = storage.save(rt.config["EVIDENCE_DIR"], text, rt.config["EVIDENCE_MAX_BYTES"],
                          rt.config["EVIDENCE_TYPES"])  # fmt: skip
    record_upload(rt.engine, session, case, "officer1", stored, "现场情况说明.txt", "E1")


@click.command("demo")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--reset", is_flag=True, help="Delete the demo database first.")
@click.option("--no-serve", is_flag=True, help="Seed only, do not start the server.")
def demo_command(port: int, host: str, reset: bool, no_serve: bool):
    """Seed a demo district (once) into the instance database and serve it."""
    from werkzeug.serving import run_simple

    from caseflow import create_app
    from caseflow.config import private_dir
    from caseflow.db import sqlite_file
    from caseflow.headers import DevRequestHandler
    from caseflow.migrate import upgrade

    # Demo mode: its users' password "demo" signs in (outside it, a password that weak
    # must be changed first), and the login page says this is a demo.
    app = create_app({"DEMO": True})
    rt = app.extensions["caseflow"]
    db_file = sqlite_file(app.config["DATABASE_URL"])
    if reset:
        if db_file is None:
            raise click.ClickException(
                "--reset only deletes an SQLite file; drop the database yourself"
            )
        rt.db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    if db_file is not None:
        private_dir(db_file.parent)
    upgrade(rt.db)
    made = seed_demo(rt, echo=click.echo)
    if made.get("skipped"):
        click.echo("demo data already present (use --reset to start over)")
    else:
        click.echo(f"seeded {made['units']} units, {made['parties']} parties, "
                   f"{made['users']} users, {made['cases']} cases, draw {made['draw']}")  # fmt: skip
    click.echo(f"users: {', '.join(p[0] for p in PEOPLE)} - password: {PASSWORD}")
    click.echo(f"open http://{host}:{port}/")
    if not no_serve:
        run_simple(host, port, app, threaded=True, use_reloader=False,
                   request_handler=DevRequestHandler)  # fmt: skip
