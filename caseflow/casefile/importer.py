"""Import: a case file becomes a case with its history.

``record`` mode keeps everything as it happened and attaches the review's
findings (migrating closed cases from an old system). ``live`` mode fires each
step through the engine as the person who took it and stops at the first
refusal; then nothing is kept, and the refused step's index and findings say why.
People in a file whose ``id`` is a username are that user; the others are
recorded as inactive users of the case's unit, so the history can name them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from caseflow.casefile.reader import CaseFile, read_case_file
from caseflow.engine import audit
from caseflow.engine.cases import open_case
from caseflow.engine.checks import review
from caseflow.engine.definition import StepSpec
from caseflow.engine.errors import Conflict, Forbidden, Refused
from caseflow.engine.findings import Finding
from caseflow.engine.machines import next_state
from caseflow.engine.record import CaseRecord, Step
from caseflow.engine.steps import collect_steps
from caseflow.models import Case, Certificate, Party, Unit, User

WORKFLOWS = {"general": "general_penalty", "summary": "summary_penalty"}
MODES = ("record", "live")


@dataclass
class ImportResult:
    case: Case | None
    mode: str
    findings: list[Finding] = field(default_factory=list)
    refused_step: int | None = None
    refusal: Refused | None = None


def import_case(rt, session: Session, source, *, mode: str, actor: User) -> ImportResult:
    """Import one case file; raises CaseFileError for a bad file, Conflict for a case
    number already present, Forbidden for a user who may not migrate cases."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if not actor.has_role("admin", "head"):
        raise Forbidden("只有管理员和负责人可以导入案件", "only admins and heads import cases")
    parsed: CaseFile = read_case_file(source, collect_steps(rt.pm))
    record = parsed.record
    if session.scalar(select(Case.id).where(Case.number == record.case_number)):
        raise Conflict(
            f"案号{record.case_number}已存在", f"case number {record.case_number} already exists"
        )
    try:
        result = (_live if mode == "live" else _record)(rt, session, record, actor)
    except BaseException:
        session.rollback()
        raise
    if result.case is None:
        session.rollback()
    else:
        session.commit()
    return result


def _unit(session: Session, record: CaseRecord, actor: User) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.name == record.unit.name))
    if unit is None or unit.id not in actor.unit.subtree_ids():
        return actor.unit
    return unit


def _party(session: Session, record: CaseRecord, unit: Unit) -> Party:
    party = session.scalar(select(Party).where(Party.id_code == record.party.id_code))
    if party is None:
        party = Party(
            kind=record.party.kind,
            name=record.party.name,
            id_code=record.party.id_code,
            address=record.party.address,
            unit=unit,
        )
        session.add(party)
        session.flush()
    return party


def _people(session: Session, record: CaseRecord, unit: Unit) -> dict[str, User]:
    users = {}
    for pid, person in record.people.items():
        user = session.scalar(select(User).where(User.username == pid))
        if user is None:
            user = User(
                username=pid,
                name=person.name,
                unit=unit,
                roles=sorted(person.roles),
                legal_qualification=person.legal_qualification,
                active=False,
                password_hash=generate_password_hash(secrets.token_hex(16)),
            )
            if person.certificate is not None:
                c = person.certificate
                user.certificates.append(
                    Certificate(
                        number=c.number,
                        valid_from=c.valid_from,
                        valid_to=c.valid_to,
                        revoked_on=c.revoked_on,
                    )
                )
            session.add(user)
            session.flush()
        users[pid] = user
    return users


def _open(rt, session, record: CaseRecord, actor: User) -> tuple[Case, dict[str, User]]:
    unit = _unit(session, record, actor)
    party = _party(session, record, unit)
    users = _people(session, record, unit)
    violations = [audit.jsonable(v.__dict__) for v in record.violations]
    case = open_case(
        rt.engine,
        session,
        workflow=WORKFLOWS[record.procedure],
        party=party,
        unit=unit,
        actor=actor,
        violations=violations,
        number=record.case_number,
        commit=False,
        check_actor=False,
    )
    return case, users


def _record(rt, session, record: CaseRecord, actor: User) -> ImportResult:
    case, _users = _open(rt, session, record, actor)
    definition = rt.engine.definition(case)
    machine = rt.registry.machine(case.workflow_name, case.workflow_version)
    state = case.state
    for step in record.steps:
        spec = definition.step_from(state, step.step)
        if spec is not None:
            state = next_state(machine, spec, state, step.data) or state
        audit.append(
            session,
            case,
            "step",
            _acting(record, step, spec) or actor.username,
            step=step.step,
            at=rt.engine.clock(),
            payload={"date": step.date, "data": step.data, "imported": "record"},
        )
    if state != case.state:
        rt.engine.bump(
            session,
            case,
            state=state,
            closed_at=rt.engine.clock() if definition.states[state].final else None,
        )
    ctx = rt.engine.context(
        session, mode="review", as_of=max((s.date for s in record.steps), default=None)
    )
    return ImportResult(case, "record", review(rt.pm, record, ctx))


def _live(rt, session, record: CaseRecord, actor: User) -> ImportResult:
    case, users = _open(rt, session, record, actor)
    warnings: list[Finding] = []
    definition = rt.engine.definition(case)
    for step in record.steps:
        spec = definition.step_from(case.state, step.step)
        acting = users.get(_acting(record, step, spec) or "", actor)
        data = {
            "date": step.date.isoformat(),
            **{k: v for k, v in step.data.items() if v is not None},
        }
        try:
            outcome = rt.engine.fire(
                session,
                case,
                step.step,
                audit.jsonable(data),
                acting,
                acknowledge=True,
                on_behalf=True,
                commit=False,
            )
        except Refused as refusal:
            return ImportResult(
                None, "live", refusal.findings, refused_step=step.index, refusal=refusal
            )
        warnings.extend(f.at(step.index) for f in outcome.warnings)
    return ImportResult(case, "live", warnings)


def _acting(record: CaseRecord, step: Step, spec: StepSpec | None) -> str | None:
    """Who took the step: its approver, reviewer, presider, first officer or, failing
    those, the first person of the file holding a role the step needs (a head for a
    step only heads take). An approver the step does not sign as its actor (approved
    beforehand, the officers recording the act) did not take it."""
    signers = {f.name for f in spec.fields if f.default_actor} if spec else {"approved_by"}
    for key in ("approved_by", "reviewer", "presider"):
        if key == "approved_by" and key not in signers:
            continue
        if step.get(key):
            return step.get(key)
    if step.by:
        return step.by[0]
    if step.get("participants"):
        return step.get("participants")[0]
    heads_only = spec is not None and "head" in spec.roles and "officer" not in spec.roles
    wanted = "head" if heads_only else "officer"
    return next((pid for pid, p in record.people.items() if wanted in p.roles), None)
