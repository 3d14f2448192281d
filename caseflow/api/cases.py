"""Cases: the list with its filters, opening a case, one case, its audit trail."""

from __future__ import annotations

from sqlalchemy import exists, func, select

from caseflow.api import idempotency
from caseflow.api.access import actor, blueprint, case_or_404, db, party_visible, reach, runtime
from caseflow.api.schemas import CaseCreate, CasePage, CaseQuery, CaseSchema, EventList
from caseflow.engine import audit
from caseflow.engine.cases import open_case
from caseflow.engine.corrections import amendments
from caseflow.engine.errors import InvalidData
from caseflow.engine.history import steps_of
from caseflow.models import Case, Deadline, Event, Party, Unit, User

PREFIX = "/cases"
bp = blueprint("api_cases", __name__, "Cases, their state, deadlines and history")


def summary(case: Case) -> dict:
    definition = runtime().engine.definition(case)
    state = definition.states[case.state]
    return {
        "id": case.id, "number": case.number, "label": case.label, "title": case.title,
        "workflow": case.workflow_name, "workflow_version": case.workflow_version,
        "procedure": case.procedure, "state": case.state,
        "state_label": {"zh": state.label.zh, "en": state.label.en}, "final": state.final,
        "version": case.version, "unit_id": case.unit_id, "party_id": case.party_id,
        "lead_officer": case.lead_officer.username if case.lead_officer else None,
        "violations": case.violations, "tags": case.tags,
        "opened_at": case.opened_at, "closed_at": case.closed_at,
    }  # fmt: skip


def detail(case: Case) -> dict:
    session = db()
    today = runtime().engine.today()
    deadlines = session.scalars(
        select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due, Deadline.id)
    ).all()
    events = session.scalars(
        select(Event).where(Event.case_id == case.id, Event.kind == "step").order_by(Event.seq)
    ).all()
    said = amendments(steps_of(events), [e.seq for e in events])
    return {
        **summary(case),
        "party": case.party,
        "deadlines": [
            {"name": d.name, "label": {"zh": d.label_zh, "en": d.label_en}, "due": d.due,
             "open": d.is_open, "overdue": d.overdue_on(today), "estimated": d.estimated,
             "opened_seq": d.opened_seq, "closed_seq": d.closed_seq,
             "cancelled_seq": d.cancelled_seq}
            for d in deadlines
        ],
        "steps": [
            {"seq": e.seq, "step": e.step, "date": e.payload.get("date", ""), "actor": e.actor,
             "at": e.at, "data": e.payload.get("data", {}),
             "warnings": e.payload.get("warnings", []),
             **_amended(said.get(e.seq)),
             "recorded_on": e.payload.get("recorded_on"),
             "acknowledged": e.payload.get("acknowledged")}
            for e in events
        ],
    }  # fmt: skip


def _amended(entry) -> dict:
    if entry is None:
        return {"voided_by": None, "corrected": {}, "corrected_by": []}
    return {"voided_by": entry.voided_by, "corrected": audit.jsonable(entry.corrected),
            "corrected_by": entry.by}  # fmt: skip


@bp.route("", methods=["GET"])
@bp.arguments(CaseQuery, location="query")
@bp.response(200, CasePage)
def index(args):
    """Cases in the actor's jurisdiction, newest first, filtered."""
    session = db()
    query = select(Case).where(Case.unit_id.in_(reach()))
    if "state" in args:
        query = query.where(Case.state == args["state"])
    if "workflow" in args:
        query = query.where(Case.workflow_name == args["workflow"])
    if "party_id" in args:
        query = query.where(Case.party_id == args["party_id"])
    if "unit_id" in args:
        query = query.where(Case.unit_id == args["unit_id"])
    if "officer" in args:
        query = query.where(
            Case.lead_officer_id.in_(select(User.id).where(User.username == args["officer"]))
        )
    if "overdue" in args:
        late = exists().where(
            Deadline.case_id == Case.id, Deadline.overdue(runtime().engine.today())
        )
        query = query.where(late if args["overdue"] else ~late)
    return page_of(session, query.order_by(Case.opened_at.desc(), Case.id.desc()), args, summary)


def page_of(session, query, args, dump) -> dict:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    size = args["page_size"]
    rows = session.scalars(query.limit(size).offset((args["page"] - 1) * size)).all()
    return {
        "items": [dump(r) for r in rows],
        "total": total,
        "page": args["page"],
        "page_size": size,
        "pages": -(-total // size),
    }


@bp.route("", methods=["POST"])
@bp.arguments(CaseCreate)
@bp.response(201, CaseSchema)
@bp.doc(**idempotency.DOC)
def create(body):
    """Open a case on the latest version of a named workflow. With an
    ``Idempotency-Key``, a retry gets the first answer and opens no second case."""
    session = db()
    held = idempotency.claim()
    earlier = idempotency.replay(held)
    if earlier is not None:
        return earlier
    party = session.scalar(select(Party).where(Party.id == body["party_id"], party_visible()))
    if party is None:
        raise InvalidData(
            "当事人不存在", "unknown party", field_errors={"party_id": ["unknown party"]}
        )
    unit = actor().unit
    if "unit_id" in body:
        unit = session.get(Unit, body["unit_id"]) if body["unit_id"] in reach() else None
        if unit is None:
            raise InvalidData(
                "单位不在管辖范围内", "unknown unit", field_errors={"unit_id": ["unknown unit"]}
            )
    case = open_case(
        runtime().engine, session, workflow=body["workflow"], party=party, unit=unit,
        actor=actor(), violations=body["violations"], title=body["title"], tags=body["tags"],
    )  # fmt: skip
    result = detail(case)
    if held is not None:
        held.answer(201, CaseSchema().dump(result), case.id)
    session.commit()
    return result


@bp.route("/<int(min=1):case_id>", methods=["GET"])
@bp.response(200, CaseSchema)
def show(case_id: int):
    """One case: state, version, workflow and its version, deadlines, steps."""
    return detail(case_or_404(case_id))


@bp.route("/<int(min=1):case_id>/events", methods=["GET"])
@bp.response(200, EventList)
def events(case_id: int):
    """The audit trail, each event with its hash and the previous event's."""
    case = case_or_404(case_id)
    rows = db().scalars(select(Event).where(Event.case_id == case.id).order_by(Event.seq)).all()
    problem = audit.verify_case(case, list(rows))
    return {
        "case_number": case.label,
        "intact": problem is None,
        "problem": str(problem) if problem else None,
        "events": rows,
    }
