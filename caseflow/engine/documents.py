"""Enforcement documents (执法文书) a step issues.

The engine records which documents were issued and with what data; the web
renders the printable form from ``templates/documents/<kind>.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

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


def facts(engine, session: Session, case: Case, doc: Document) -> dict:
    """What a printed document states beyond its step's data: the review body and the
    addressees, read here from the unit and the settings; what only the procedure can
    read from the file (facts, evidence, a demand's figures) from its plugins."""
    day = dt.date.fromisoformat(doc.data["date"]) if doc.data.get("date") else engine.today()
    settings = engine.settings
    out: dict = {}
    for found in reversed(
        engine.pm.hook.caseflow_document_facts(
            kind=doc.kind,
            record=record_for(session, case),
            day=day,
            ctx=engine.context(session, as_of=day),
        )
    ):
        out.update(found)  # pluggy calls outside plugins first: theirs win
    out.update(
        review_body=review_body(case.unit, settings),
        acting_body=acting_body(case.unit),
        police=settings.get(POLICE) or "",
        court=settings.get(COURT) or "",
        payment_method=settings.get(PAYMENT_METHOD) or "",
    )
    return out


def corrected_data(session: Session, doc: Document) -> dict:
    """What a document states once later ``correct`` steps corrected the step that
    issued it: its data with the corrected keys in place (the original stays stored)."""
    from sqlalchemy import select

    from caseflow.engine.corrections import CORRECT
    from caseflow.models import Event

    data = dict(doc.data)
    for payload in session.scalars(
        select(Event.payload)
        .where(Event.case_id == doc.case_id, Event.step == CORRECT)
        .order_by(Event.seq)
    ):
        said = payload.get("data") or {}
        if said.get("target") == doc.event_seq and isinstance(said.get("data"), dict):
            data.update(said["data"])
    return data
