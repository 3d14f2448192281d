"""Enforcement documents (执法文书) a step issues.

The engine records which documents were issued and with what data; the web
renders the printable form from ``templates/documents/<kind>.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pluggy
from sqlalchemy.orm import Session

from caseflow.engine.audit import jsonable
from caseflow.engine.definition import StepSpec, WorkflowDefinition
from caseflow.engine.history import record_for
from caseflow.engine.record import CaseRecord, Step
from caseflow.models import Case, Document, Unit

# Per-installation addressees (declared by the procedure plugin, ``caseflow settings``).
REVIEW_BODIES, POLICE, COURT, PAYMENT_METHOD = (
    "documents.review_bodies",
    "documents.police",
    "documents.court",
    "documents.payment_method",
)


def for_step(
    pm: pluggy.PluginManager,
    definition: WorkflowDefinition,
    spec: StepSpec,
    record: CaseRecord,
    data: Mapping | None = None,
) -> list[dict]:
    """The documents recording ``spec`` with ``data`` issues: its definition's (those
    whose ``when`` the data meets) and the ones plugins add."""
    data = data or {}
    docs = [
        {"kind": d.kind, "title_zh": d.title_zh}
        for d in spec.documents
        if all(data.get(k) == v for k, v in d.when)
    ]
    for extra in pm.hook.caseflow_step_documents(
        workflow=definition.name, step=spec.name, record=record
    ):
        docs.extend(extra)
    return docs


def issue(
    session: Session, case: Case, docs: list[dict], step: Step, seq: int, now: dt.datetime
) -> None:
    for d in docs:
        session.add(
            Document(
                case_id=case.id,
                kind=d["kind"],
                title_zh=d["title_zh"],
                event_seq=seq,
                issued_at=now,
                data=jsonable({"step": step.step, "date": step.date, **step.data}),
            )
        )


def acting_body(unit: Unit) -> Unit:
    """The body in whose name the unit acts: a street office enforcing by delegation
    acts for the delegating bureau (行政复议法 2023 art. 19: the delegating body answers),
    and a street office is in any case the district government's 派出机关."""
    if unit.level == "street" and unit.parent is not None:
        return unit.parent
    return unit


def review_body(unit: Unit, settings: Mapping) -> str:
    """The 复议机关 of the unit's acts (行政复议法 2023 art. 24(1), (3)): the people's
    government at the acting body's own level. A unit row carries no government name, so
    the installation names it (``documents.review_bodies``, by unit code); failing that,
    the government of the region the unit covers; failing that, the words of art. 24."""
    body = acting_body(unit)
    named = (settings.get(REVIEW_BODIES) or {}).get(body.code)
    if named:
        return named
    if body.region:
        return f"{_without_province(body.region)}人民政府"
    return f"{body.name}的本级人民政府"


def _without_province(region: str) -> str:
    # A county's government is styled from its city down (深圳市龙岗区人民政府), a
    # municipality's or a province's whole (北京市海淀区, 广东省).
    for mark in ("省", "自治区"):
        head, sep, rest = region.partition(mark)
        if sep and rest:
            return rest
    return region


@dataclass
class PaymentDemand:
    """What a 催告书 states (行政强制法 art. 35; 行政处罚法 arts. 67, 72)."""

    fine: float
    paid: float
    served: dt.date | None  # the decision's service
    due: dt.date | None  # the last day to pay the fine (APL 67)
    late_days: int
    rate: float
    surcharge: float  # accrued by the demand's date, never above the fine
    pay_by: dt.date | None  # the demand's period (ACL 35(1))

    @property
    def owed(self) -> float:
        return max(0.0, self.fine + self.surcharge - self.paid)


def payment_demand(engine, session: Session, record: CaseRecord, day: dt.date) -> PaymentDemand:
    settings = engine.settings
    ctx = engine.context(session, as_of=day)
    decides = [s for s in record.steps_named("decide") if s.date <= day]
    decision = max(decides, key=lambda s: (s.date, s.index)) if decides else None
    fine = float(((decision.get("penalty") if decision else None) or {}).get("fine") or 0)
    serves = [s for s in record.steps_named("serve") if decision and decision.date <= s.date <= day]
    serve = max(serves, key=lambda s: (s.date, s.index)) if serves else None
    served = None
    if serve is not None:
        served = serve.date
        if serve.get("method") == "public_notice":
            served += dt.timedelta(days=settings.get("APL-61-SERVICE.public_notice_days", 30))
    periods = engine.periods
    due = periods["payment"].judge(served, None, ctx).due if served else None
    late = max(0, (day - due).days) if due else 0
    rate = float(settings.get("APL-72-SURCHARGE.rate_per_day", 0.03))
    cap = fine * float(settings.get("APL-72-SURCHARGE.cap_ratio", 1.0))
    paid = sum(float(p.get("amount") or 0) for p in record.steps_named("pay") if p.date <= day)
    pay_by = periods["demand"].judge(day, None, ctx).due if "demand" in periods else None
    return PaymentDemand(
        fine, paid, served, due, late, rate, round(min(fine * rate * late, cap), 2), pay_by
    )


def facts(engine, session: Session, case: Case, doc: Document) -> dict:
    """What a printed document states beyond its step's data, read from the file: the
    evidence and the provisions, the addressees, the figures of a payment demand."""
    record = record_for(session, case)
    day = dt.date.fromisoformat(doc.data["date"]) if doc.data.get("date") else engine.today()
    settings = engine.settings
    upto = [s for s in record.steps if s.date <= day]
    found = [s.get("facts") for s in upto if s.step in ("notify", "conclude") and s.get("facts")]
    out = {
        "evidence": [s.data for s in upto if s.step == "evidence" and not s.get("void")],
        "findings": found[-1] if found else _violation_titles(engine, case),
        "review_body": review_body(case.unit, settings),
        "acting_body": acting_body(case.unit),
        "police": settings.get(POLICE) or "",
        "court": settings.get(COURT) or "",
        "payment_method": settings.get(PAYMENT_METHOD) or "",
        "notice": _last(upto, "notify"),
        "legal_review": _last(upto, "legal_review"),
        "decision": _last(upto, "decide"),
    }
    if doc.kind in ("payment_demand", "enforcement_application"):
        out["demand"] = payment_demand(engine, session, record, day)
    return out


def _violation_titles(engine, case: Case) -> str:
    """The acts as the catalogue words them, for a file that states no facts of its own."""
    titles = [
        (engine.violations.get(v["code"]) or {}).get("title_zh") or v["code"]
        for v in case.violations
    ]
    return "；".join(titles)


def _last(steps: list[Step], name: str) -> dict | None:
    named = [s for s in steps if s.step == name]
    return max(named, key=lambda s: (s.date, s.index)).data if named else None
