"""Import: a case file becomes a case with its history.

``record`` mode keeps everything as it happened and attaches the review's
findings (migrating closed cases from an old system). ``live`` mode fires each
step through the engine as the person who took it and stops at the first
refusal; then nothing is kept, and the refused step's index and findings say why.
Either way every event names the importing user as the one who entered it and
the file's people as those who acted (casefile/people.py says who they are).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.casefile.people import match_people, rename_people
from caseflow.casefile.reader import CaseFile, read_case_file
from caseflow.casefile.review import plugin_step_fields
from caseflow.engine import audit, numbers
from caseflow.engine.cases import open_case
from caseflow.engine.checks import review
from caseflow.engine.definition import StepSpec
from caseflow.engine.errors import Conflict, Forbidden, Refused
from caseflow.engine.findings import Finding
from caseflow.engine.machines import next_state
from caseflow.engine.record import CaseRecord, Step
from caseflow.engine.steps import collect_steps
from caseflow.models import Case, Party, Unit, User

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
    number already present, Forbidden for a user who may not migrate cases. A file
    whose case was never filed (an export's provisional label) gets a number here
    when its history files it."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if not actor.has_role("admin", "head"):
        raise Forbidden("只有管理员和负责人可以导入案件", "only admins and heads import cases")
    parsed: CaseFile = read_case_file(source, collect_steps(rt.pm), plugin_step_fields(rt.pm))
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


def _party(session: Session, record: CaseRecord, unit: Unit, reach: set[int]) -> Party:
    party = session.scalar(select(Party).where(Party.id_code == record.party.id_code))
    if party is not None and party.unit_id is not None and party.unit_id not in reach:
        # Another unit's party: its record is not ours to read or to open a case on.
        raise Conflict(
            f"当事人{record.party.id_code}由其他单位登记，不能导入",
            f"party {record.party.id_code} is registered by a unit outside yours",
        )
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


def _open(rt, session, record: CaseRecord, actor: User, mode: str) -> tuple[Case, dict[str, User]]:
    reach = actor.unit.subtree_ids()
    unit = _unit(session, record, actor)
    party = _party(session, record, unit, reach)
    users = match_people(session, record, unit, reach)
    violations = [audit.jsonable(dataclasses.asdict(v)) for v in record.violations]
    case = open_case(
        rt.engine,
        session,
        workflow=WORKFLOWS[record.procedure],
        party=party,
        unit=unit,
        actor=actor,
        violations=violations,
        number=_number(record),
        check_actor=False,
        imported=audit.imported_note(actor, rt.engine.today(), mode),
    )
    return case, users


def _number(record: CaseRecord) -> str | None:
    """The file's case number, or None for a provisional label: that is no number of
    any register, and the case takes one from ours if the file's history files it."""
    return None if record.case_number.startswith(numbers.PROVISIONAL) else record.case_number


def _record(rt, session, record: CaseRecord, actor: User) -> ImportResult:
    case, users = _open(rt, session, record, actor, "record")
    definition = rt.engine.definition(case)
    machine = rt.registry.machine(case.workflow_name, case.workflow_version)
    state = case.state
    today = rt.engine.today()
    for step in record.steps:
        spec = definition.step_from(state, step.step)
        if spec is not None:
            state = next_state(machine, spec, state, step.data) or state
        acting = users.get(_acting(record, step, spec) or "")
        audit.append(
            session,
            case,
            "step",
            actor.username,
            step=step.step,
            at=rt.engine.clock(),
            payload={
                "date": step.date,
                "data": rename_people(step.data, users),
                "imported": audit.imported_note(actor, today, "record", acting),
            },
        )
    changes = {}
    if state != case.state:
        changes["state"] = state
        changes["closed_at"] = rt.engine.clock() if definition.states[state].final else None
    numbering = definition.numbering
    if case.number is None and any(s.step == numbering.drawn_at for s in record.steps):
        changes["number"] = numbers.draw(session, case.unit, today.year, numbering.series)
    if changes:
        rt.engine.bump(session, case, **changes)
    ctx = rt.engine.context(
        session, mode="review", as_of=max((s.date for s in record.steps), default=None)
    )
    return ImportResult(case, "record", review(rt.pm, record, ctx))


def _live(rt, session, record: CaseRecord, actor: User) -> ImportResult:
    case, users = _open(rt, session, record, actor, "live")
    warnings: list[Finding] = []
    definition = rt.engine.definition(case)
    for step in record.steps:
        spec = definition.step_from(case.state, step.step)
        acting = users.get(_acting(record, step, spec) or "", actor)
        data = {
            "date": step.date.isoformat(),
            **{k: v for k, v in rename_people(step.data, users).items() if v is not None},
        }
        try:
            outcome = rt.engine.fire(
                session,
                case,
                step.step,
                audit.jsonable(data),
                acting,
                acknowledge=True,
                entered_by=actor,
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
