"""Case numbers (案号): drawn from the unit's register when a case is filed.

Each unit keeps one sequence per year and series (penalty cases, hazards,
inspections). A number is drawn inside the filing step's transaction with the
sequence row locked, so concurrent filings queue for it instead of colliding,
and a filing that is refused or rolls back gives its number back: the register
has no gap left by a case never filed. Numbers an import already took are
skipped, whatever order they arrived in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseflow.models import Case, NumberSequence, Unit


@dataclass(frozen=True)
class Series:
    """How one register writes its numbers: ``prefix`` is the unit's case prefix
    (its code when it has none), ``code`` the unit's code."""

    name: str
    template: str

    def format(self, unit: Unit, year: int, n: int) -> str:
        return self.template.format(
            prefix=unit.case_prefix or unit.code, code=unit.code, year=year, n=n
        )

    def head(self, unit: Unit, year: int) -> str:
        """The part every number of this unit, year and series starts with."""
        before = self.template.split("{n}")[0]
        return before.format(prefix=unit.case_prefix or unit.code, code=unit.code, year=year)


SERIES = {
    s.name: s
    for s in (
        Series("penalty", "{prefix}〔{year}〕{n}号"),
        Series("hazard", "{code}隐患〔{year}〕{n}号"),
        Series("inspection", "{code}检查〔{year}〕{n}号"),
    )
}

PROVISIONAL = "待立案"


def provisional_ref(unit: Unit, now: dt.datetime) -> str:
    """A label for a case not yet filed: plainly not a number of the register, and
    unique without asking anyone (so openings never queue or collide)."""
    return f"{PROVISIONAL}-{unit.code}-{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


def _ensure_row(session: Session, unit: Unit, year: int, series: str) -> None:
    values = {"unit_id": unit.id, "year": year, "series": series, "last": 0}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = pg_insert(NumberSequence).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite_insert(NumberSequence).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the two databases CaseFlow runs on are above
        if session.get(NumberSequence, (unit.id, year, series)) is not None:
            return
        stmt = NumberSequence.__table__.insert().values(**values)
    session.execute(stmt)


def draw(session: Session, unit: Unit, year: int, series: str) -> str:
    """The next free number of ``unit``'s ``series`` for ``year``; the caller's
    transaction holds the sequence until it commits or rolls back."""
    spec = SERIES[series]
    # On SQLite this write takes the database's write lock, held to commit, so the
    # read below sees the latest committed sequence; on PostgreSQL the row lock of
    # FOR UPDATE does the same for this one sequence only.
    _ensure_row(session, unit, year, series)
    key = (
        NumberSequence.unit_id == unit.id,
        NumberSequence.year == year,
        NumberSequence.series == series,
    )
    last = session.scalar(select(NumberSequence.last).where(*key).with_for_update())
    taken = set(
        session.scalars(
            select(Case.number).where(
                Case.number.startswith(spec.head(unit, year), autoescape=True)
            )
        )
    )
    n = last + 1
    while spec.format(unit, year, n) in taken:  # an imported case holds it
        n += 1
    session.execute(update(NumberSequence).where(*key).values(last=n))
    return spec.format(unit, year, n)
