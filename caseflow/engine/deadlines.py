"""Deadlines a step opens, moves and closes: the periods plugins define, counted on
the business calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine.checks import CheckContext
from caseflow.engine.definition import DeadlineSpec, StepSpec
from caseflow.engine.history import steps_of
from caseflow.engine.periods import Period
from caseflow.engine.record import CaseRecord, Step
from caseflow.models import Case, Deadline, Event


def due_date(
    spec: DeadlineSpec, step: Step, ctx: CheckContext, periods: Mapping[str, Period]
) -> tuple[dt.date, bool] | None:
    """(due date, counted past the known calendar?) or None when the step sets none
    (a correction ordered "immediately" has no date)."""
    if spec.due_field:
        due = step.get(spec.due_field)
        return (due, False) if isinstance(due, dt.date) else None
    period = periods[spec.period]
    start = period.opened_on(step)
    if start is None:
        return None
    verdict = period.judge(start, None, ctx, period.variant_of(step.data))
    return verdict.due, verdict.estimated


def apply(
    session: Session,
    case: Case,
    spec: StepSpec,
    record: CaseRecord,
    step: Step,
    seq: int,
    ctx: CheckContext,
    periods: Mapping[str, Period],
    now: dt.datetime,
) -> None:
    """Close what ``step`` closes, move what it moves, open what it opens. ``record`` is
    the case as it stood before ``step``."""
    if spec.closes:
        open_ones = session.scalars(
            select(Deadline).where(
                Deadline.case_id == case.id,
                Deadline.name.in_(spec.closes),
                Deadline.closed_seq.is_(None),
            )
        ).all()
        for d in open_ones:
            d.closed_seq, d.closed_at = seq, now
    recount(session, case, step.step, record.with_step(step), ctx, periods, seq, now)
    for d in spec.opens:
        period = periods.get(d.period) if d.period else None
        if period is not None and period.recount is not None:
            # A period that counts from the whole record (a seizure of the days its
            # decision names) opens where its recount says, as it is later moved.
            due = _opened_at_recount(period, record.with_step(step), step, ctx)
        else:
            due = due_date(d, step, ctx, periods)
        if due is None:
            continue
        label = d.label or period.label
        waiting = bool(period and period.waiting)
        session.add(
            Deadline(case_id=case.id, name=d.name, label_zh=label.zh, label_en=label.en,
                     due=due[0], estimated=due[1], waiting=waiting, opened_seq=seq)
        )  # fmt: skip


def recount(
    session: Session,
    case: Case,
    step_name: str,
    record: CaseRecord,
    ctx: CheckContext,
    periods: Mapping[str, Period],
    seq: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Move the open deadlines a step of kind ``step_name`` moves (a suspension, a
    resumption, a payment) to where their periods now end on ``record``: after the step
    is taken (``seq``, ``now``: a period that no longer runs is closed by it), and again
    after it is voided."""
    moved = {n: p for n, p in periods.items() if step_name in _moving_steps(p)}
    if not moved:
        return
    for d in session.scalars(
        select(Deadline).where(
            Deadline.case_id == case.id,
            Deadline.name.in_(list(moved)),
            Deadline.closed_seq.is_(None),
        )
    ):
        # The period itself says where it now ends: the rule reads the same count.
        due = _recount(session, d, moved[d.name], record, ctx)
        if due is None and moved[d.name].recount is not None and seq is not None:
            d.closed_seq, d.closed_at = seq, now  # the record no longer shows it open
        elif due is not None and due != dt.date.max:  # max: the clock is stopped
            d.due = due


def _opened_at_recount(period: Period, record, step: Step, ctx) -> tuple[dt.date, bool] | None:
    due = period.recount(record, ctx)
    if due is None or due == dt.date.max:
        return None
    return due, ctx.calendar.estimated(period.opened_on(step) or step.date, due)


def _moving_steps(period: Period) -> set[str]:
    names = set(period.moved_by)
    for stop, restart in period.paused_by:
        names.add(stop)
        for alt in (restart,) if isinstance(restart, str) else restart:
            names.add(alt if isinstance(alt, str) else alt[0])
    return names


def _recount(session, deadline: Deadline, period: Period, record, ctx) -> dt.date | None:
    """Where an open deadline now ends: the period's own recount, or its count from the
    step that opened it with the record's paused spans left out."""
    if period.recount is not None:
        return period.recount(record, ctx)
    opening = session.scalar(
        select(Event).where(Event.case_id == deadline.case_id, Event.seq == deadline.opened_seq)
    )
    opened = steps_of([opening]) if opening is not None else ()
    start = period.opened_on(opened[0]) if opened else None
    if start is None:
        return None
    variant = period.variant_of(opened[0].data)
    return period.judge(start, None, ctx, variant, record=record).due


def open_deadlines(session: Session, case: Case) -> list[Deadline]:
    return list(
        session.scalars(
            select(Deadline)
            .where(Deadline.case_id == case.id, Deadline.closed_seq.is_(None))
            .order_by(Deadline.due)
        )
    )
