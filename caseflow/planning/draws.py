"""Making, reading and re-verifying draws against the database.

The algorithm is :mod:`caseflow.planning.algorithm`; this module gathers its
inputs as they stand at the moment of the draw — the pool from the recorded
filter, the officers whose certificates cover the window, the officers of each
party's last inspection and the recusals in force — and records them with it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from caseflow.db import savepoint
from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import Draw, DrawAssignment, Party, Plan, Recusal, Unit, User
from caseflow.planning.algorithm import ALGORITHM, Inputs, Result, draw
from caseflow.planning.inspections import last_inspectors

MAX_DRAW = 10_000
SEED_RE = re.compile(r"^[\w.:@#+-]{1,100}$")  # no spaces or controls: typed and printed as is


@dataclass(frozen=True)
class PoolFilter:
    """Which parties may be drawn: in these units' territory (all of the plan unit's
    reach when empty), of this industry, carrying every one of these tags, key
    enterprises only."""

    units: tuple[str, ...] = ()  # unit codes
    industry: str | None = None
    tags: tuple[str, ...] = ()
    key_enterprise: bool = False

    def to_json(self) -> dict:
        return {
            "units": sorted(self.units),
            "industry": self.industry,
            "tags": sorted(self.tags),
            "key_enterprise": self.key_enterprise,
        }

    @classmethod
    def from_json(cls, data: dict) -> PoolFilter:
        return cls(
            units=tuple(data.get("units") or ()),
            industry=data.get("industry") or None,
            tags=tuple(data.get("tags") or ()),
            key_enterprise=bool(data.get("key_enterprise")),
        )


def _pool_units(session, plan: Plan, flt: PoolFilter) -> list[int]:
    reach = plan.unit.subtree_ids()
    if not flt.units:
        return sorted(reach)
    rows = dict(session.execute(select(Unit.code, Unit.id).where(Unit.code.in_(flt.units))).all())
    unknown = [c for c in flt.units if rows.get(c) not in reach]
    if unknown:
        raise InvalidData(
            "单位不在计划单位的管辖范围内",
            "unit outside the plan's unit",
            field_errors={"units": [f"unknown unit {c}" for c in unknown]},
        )
    return sorted(rows.values())


def pool(session, plan: Plan, flt: PoolFilter) -> dict[str, int]:
    """The pool: party key -> party id."""
    unit_ids = _pool_units(session, plan, flt)
    query = select(Party.id_code, Party.id, Party.tags).where(Party.unit_id.in_(unit_ids))
    if flt.industry:
        query = query.where(Party.industry == flt.industry)
    if flt.key_enterprise:
        query = query.where(Party.key_enterprise.is_(True))
    wanted = set(flt.tags)
    # Tags are a JSON list: filtered here, the same on every database.
    return {code: pid for code, pid, tags in session.execute(query) if wanted <= set(tags or ())}


def covers(user: User, start: dt.date, end: dt.date) -> bool:
    """A certificate valid on every day from ``start`` to ``end``."""
    return any(
        c.valid_from <= start and c.valid_to >= end and (c.revoked_on is None or c.revoked_on > end)
        for c in user.certificates
    )


def officers(session, plan: Plan) -> list[User]:
    users = session.scalars(
        select(User)
        .where(User.unit_id.in_(plan.unit.subtree_ids()), User.active.is_(True))
        .options(selectinload(User.certificates))
    ).all()
    return [u for u in users if "officer" in (u.roles or [])]


def gather(session, plan: Plan, flt: PoolFilter, start: dt.date, end: dt.date, when):
    """The draw's inputs as they stand at ``when``, and the key -> id maps behind them."""
    parties = pool(session, plan, flt)
    people = officers(session, plan)
    exclusions = [("", u.username, "certificate") for u in people if not covers(u, start, end)]
    certified = {u.username: u.id for u in people if covers(u, start, end)}
    party_keys = {pid: code for code, pid in parties.items()}
    last = last_inspectors(session, _pool_units(session, plan, flt), when)
    for pid, names in last.items():
        if pid in party_keys:
            exclusions += [(party_keys[pid], n, "last_inspection") for n in names if n in certified]
    recusals = session.execute(
        select(Recusal.party_id, User.username)
        .join(User, User.id == Recusal.officer_id)
        .where(Recusal.in_force(when))
    ).all()
    exclusions += [
        (party_keys[pid], name, "recusal")
        for pid, name in recusals
        if pid in party_keys and name in certified
    ]
    return Inputs.of(parties, certified, exclusions), parties, certified


@dataclass
class DrawRequest:
    plan: Plan
    seed: str
    n: int
    start: dt.date
    end: dt.date
    pool_filter: PoolFilter = field(default_factory=PoolFilter)
    tags: tuple[str, ...] = ()

    def check(self) -> None:
        errors: dict[str, list[str]] = {}
        if not SEED_RE.match(self.seed or ""):
            errors["seed"] = ["1-100 letters, digits or . : @ # + - _"]
        if not 1 <= self.n <= MAX_DRAW:
            errors["n"] = [f"between 1 and {MAX_DRAW}"]
        if self.end < self.start:
            errors["window_end"] = ["must not be before window_start"]
        if self.start.year != self.plan.year or self.end.year != self.plan.year:
            errors["window_start"] = [f"the window must lie in the plan's year {self.plan.year}"]
        if errors:
            raise InvalidData("抽查条件有误", "the draw's request is invalid", field_errors=errors)


def make_draw(session, request: DrawRequest, actor: User, now: dt.datetime) -> Draw:
    """Draw, record and flush; the caller commits."""
    request.check()
    plan = request.plan
    inputs, parties, certified = gather(
        session, plan, request.pool_filter, request.start, request.end, now
    )
    result = draw(inputs, request.seed, request.n)
    seq = session.scalar(select(func.count()).where(Draw.plan_id == plan.id)) + 1
    row = Draw(
        number=f"{plan.unit.code}-{plan.year}-{plan.id}-{seq:02d}",
        plan=plan,
        algorithm=ALGORITHM,
        seed=request.seed,
        requested=request.n,
        window_start=request.start,
        window_end=request.end,
        pool_filter=request.pool_filter.to_json(),
        inputs=inputs.to_json(),
        fingerprint=result.fingerprint,
        shortfall=[s.to_json() for s in result.shortfall],
        tags=sorted(set(request.tags) | set(plan.tags or ())),
        drawn_by_id=actor.id,
        drawn_at=now,
    )
    try:
        with savepoint(session):
            session.add(row)
            session.flush()
    except IntegrityError:
        # Two heads drawing for one plan at once take the same sequence number: the
        # later one is told to draw again, and the earlier draw stands as recorded.
        raise Conflict(
            "同一计划的另一次抽取刚刚完成，请刷新后重新抽取",
            "another draw for this plan was just recorded; reload and draw again",
        ) from None
    if result.assignments:
        # One multi-row INSERT: a draw of a thousand parties is a thousand rows.
        session.execute(
            insert(DrawAssignment),
            [{"draw_id": row.id, "position": i + 1, "party_id": parties[party],
              "officer1_id": certified[o1], "officer2_id": certified[o2]}
             for i, (party, o1, o2) in enumerate(result.assignments)],
        )  # fmt: skip
    session.expire(row, ["assignments"])
    return row


@dataclass(frozen=True)
class Verification:
    """Re-running a draw: from its recorded inputs, and from the database as it is now."""

    reproduced: bool  # the recorded inputs and seed give the recorded result and fingerprint
    inputs_unchanged: bool  # the database still yields the recorded inputs
    current_fingerprint: str  # the fingerprint a draw on today's inputs would carry
    changes: dict  # what differs in the inputs: added/removed parties, officers, exclusions

    @property
    def ok(self) -> bool:
        return self.reproduced and self.inputs_unchanged


def recorded_result(row: Draw) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (a.party.id_code, a.officer1.username, a.officer2.username) for a in row.assignments
    )


def verify(session, row: Draw) -> Verification:
    recorded = Inputs.from_json(row.inputs)
    again: Result = draw(recorded, row.seed, row.requested)
    reproduced = again.fingerprint == row.fingerprint and again.assignments == recorded_result(row)
    flt = PoolFilter.from_json(row.pool_filter)
    current, _, _ = gather(session, row.plan, flt, row.window_start, row.window_end, row.drawn_at)
    changes = {}
    for name in ("parties", "officers", "exclusions"):
        before, after = set(getattr(recorded, name)), set(getattr(current, name))
        if before != after:
            changes[name] = {
                "added": sorted(map(_show, after - before)),
                "removed": sorted(map(_show, before - after)),
            }
    current_fp = draw(current, row.seed, row.requested).fingerprint
    return Verification(reproduced, not changes, current_fp, changes)


def _show(item) -> str:
    return " / ".join(x for x in item if x) if isinstance(item, tuple) else item


def publish(row: Draw, actor: User, now: dt.datetime) -> None:
    if row.published_at is None:
        row.published_at, row.published_by_id = now, actor.id
