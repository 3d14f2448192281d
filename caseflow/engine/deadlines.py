"""Deadlines a step opens and closes, counted on the business calendar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.definition import DeadlineSpec, StepSpec
from caseflow.engine.record import Step
from caseflow.models import Case, Deadline


def due_date(
    spec: DeadlineSpec, step: Step, calendar: BusinessCalendar
) -> tuple[dt.date, bool] | None:
    """(due date, counted past the known calendar?) or None when the step sets none
    (a correction ordered "immediately" has no date)."""
    if spec.due_field:
        due = step.get(spec.due_field)
        return (due, False) if isinstance(due, dt.date) else None
    start = step.get(spec.start) if spec.start else step.date
    if not isinstance(start, dt.date):
        return None
    if spec.unit == "working":
        due = calendar.add_working_days(start, spec.days)
        return due, calendar.estimated(start, due)
    return start + dt.timedelta(days=spec.days), False


def apply(
    session: Session,
    case: Case,
    spec: StepSpec,
    step: Step,
    seq: int,
    calendar: BusinessCalendar,
    now: dt.datetime,
) -> None:
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
    for d in spec.opens:
        due = due_date(d, step, calendar)
        if due is None:
            continue
        session.add(
            Deadline(case_id=case.id, name=d.name, label_zh=d.label.zh, label_en=d.label.en,
                     due=due[0], estimated=due[1], waiting=d.waiting, opened_seq=seq)
        )  # fmt: skip
    if step.step == "extension" and step.get("days"):
        # An approved extension (APL-60-90DAY) moves the decision deadline.
        for d in session.scalars(
            select(Deadline).where(
                Deadline.case_id == case.id,
                Deadline.name == "decision_due",
                Deadline.closed_seq.is_(None),
            )
        ):
            d.due = d.due + dt.timedelta(days=int(step.get("days")))


def open_deadlines(session: Session, case: Case) -> list[Deadline]:
    return list(
        session.scalars(
            select(Deadline)
            .where(Deadline.case_id == case.id, Deadline.closed_seq.is_(None))
            .order_by(Deadline.due)
        )
    )
