"""Enforcement documents (执法文书) a step issues.

The engine records which documents were issued and with what data; the web
renders the printable form from ``templates/documents/<kind>.html``.
"""

from __future__ import annotations

import datetime as dt

import pluggy
from sqlalchemy.orm import Session

from caseflow.engine.audit import jsonable
from caseflow.engine.definition import StepSpec, WorkflowDefinition
from caseflow.engine.record import CaseRecord, Step
from caseflow.models import Case, Document


def for_step(
    pm: pluggy.PluginManager, definition: WorkflowDefinition, spec: StepSpec, record: CaseRecord
) -> list[dict]:
    docs = [{"kind": d.kind, "title_zh": d.title_zh} for d in spec.documents]
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
