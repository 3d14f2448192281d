"""Counting a period's steps: what the seed report's summary table reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.models import Case, Event

STEPS = ("inspect", "order_correction", "reinspect", "register", "decide", "transfer", "close")


def half_year(day: dt.date) -> tuple[dt.date, dt.date]:
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30)
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31)


def _steps(session: Session, unit_ids: Iterable[int]) -> list[tuple[Event, Case]]:
    # Step dates live in the event payload (the date the act was done, not the date it
    # was typed in), so the period filter runs here rather than in SQL.
    return session.execute(
        select(Event, Case)
        .join(Case, Case.id == Event.case_id)
        .where(Case.unit_id.in_(list(unit_ids)), Event.kind == "step", Event.step.in_(STEPS))
    ).all()


def half_year_figures(session: Session, unit_ids, start: dt.date, end: dt.date) -> list[dict]:
    inspections = hazards = rectified = registered = penalised = transfers = closed = 0
    fines = 0.0
    seen_cases: set[tuple[str, int]] = set()
    for event, case in _steps(session, unit_ids):
        day = dt.date.fromisoformat(event.payload["date"])
        if not start <= day <= end or event.payload.get("carried_from"):
            continue  # a history carried into an escalated case was counted where it happened
        data = event.payload.get("data", {})
        match event.step:
            case "inspect":
                inspections += 1
            case "order_correction":
                hazards += 1
            case "reinspect" if data.get("result") == "corrected":
                rectified += 1
            case "register":
                registered += 1
            case "decide" if data.get("outcome") == "penalty":
                penalised += 1
                fines += float((data.get("penalty") or {}).get("fine") or 0)
            case "decide" if data.get("outcome") == "transfer":
                transfers += 1
            case "transfer" if ("transfer", case.id) not in seen_cases:
                seen_cases.add(("transfer", case.id))
                transfers += 1
            case "close":
                closed += 1
    rate = round(100 * rectified / hazards, 2) if hazards else 0
    return [
        _figure("inspections", "检查次数", "inspections", inspections),
        _figure("hazards", "责令整改隐患", "hidden dangers ordered to correct", hazards),
        _figure("rectified", "复查整改完成", "re-inspected as corrected", rectified),
        _figure("rectification_rate", "整改率（%）", "rectification rate (%)", rate),
        _figure("registered", "立案", "cases filed", registered),
        _figure("penalised", "作出处罚决定", "penalty decisions", penalised),
        _figure("fines", "罚款金额（元）", "fines decided (yuan)", round(fines, 2)),
        _figure("transfers", "移送司法机关", "transfers to judicial organs", transfers),
        _figure("closed", "结案", "cases closed", closed),
    ]


def _figure(key: str, zh: str, en: str, value) -> dict:
    return {"key": key, "label_zh": zh, "label_en": en, "value": value}
