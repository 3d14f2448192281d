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

from caseflow.casefile import acknowledgements as acks
from caseflow.casefile.people import match_people, rename_people
from caseflow.casefile.reader import CaseFile, read_case_file
from caseflow.casefile.review import plugin_step_fields
from caseflow.engine import audit, numbers
from caseflow.engine.cases import open_case
from caseflow.engine.checks import review
from caseflow.engine.definition import StepSpec
from caseflow.engine.errors import Conflict, Forbidden, Refused, UnacknowledgedDefects
from caseflow.engine.findings import Finding
from caseflow.engine.machines import next_state
from caseflow.engine.pending import Acknowledgement
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
    # Live: each defect nobody acknowledged as its rule requires, when that refused it.
    defects: list[acks.OwedDefect] = field(default_factory=list)


def import_case(
    rt, session: Session, source, *, mode: str, actor: User,
    acknowledgement: Acknowledgement | None = None,
) -> ImportResult:  # fmt: skip
    """Import one case file; raises CaseFileError for a bad file, Conflict for a case
    number already present, Forbidden for a user who may not migrate cases. A file
    whose case was never filed (an export's provisional label) gets a number here
    when its history files it. ``acknowledgement`` (live) is the importing head's, for
    the defects of steps the file does not acknowledge itself."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if not actor.has_role("admin", "head"):
        raise Forbidden("只有管理员和负责人可以导入案件", "only admins and heads import cases")
    if acknowledgement is not None:
        if not actor.has_role("head"):
            raise Forbidden("只有负责人可以确认瑕疵", "only a head acknowledges defects")
        acknowledgement = acknowledgement.checked()
    parsed: CaseFile = read_case_file(source, collect_steps(rt.pm), plugin_step_fields(rt.pm))
    record = parsed.record
    if session.scalar(select(Case.id).where(Case.number == record.case_number)):
        raise Conflict(
            f"案号{record.case_number}已存在", f"case number {record.case_number} already exists"
        )
    try:
        if mode == "live":
            result = _live(rt, session, record, actor, acknowledgement)
        else:
            result = _record(rt, session, record, actor)
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
    ctx = rt.engine.context(
        session, mode="review", as_of=max((s.date for s in record.steps), default=None)
    )
    findings = review(rt.pm, record, ctx)
    # Each step's findings stay on its event, as a live step's do: a defect among them
    # is on the dismissal-risk register like any other.
    on_step: dict[int, list[Finding]] = {}
    for f in findings:
        if f.step is not None:
            on_step.setdefault(f.step, []).append(f)
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
            payload=_notes(step, users, {
                "date": step.date,
                "data": rename_people(step.data, users),
                "imported": audit.imported_note(actor, today, "record", acting),
                **({"warnings": [f.to_dict() for f in on_step[step.index]]}
                   if step.index in on_step else {}),
            }),
        )  # fmt: skip
    changes = {}
    if state != case.state:
        changes["state"] = state
        changes["closed_at"] = rt.engine.clock() if definition.states[state].final else None
    numbering = definition.numbering
    if case.number is None and any(s.step == numbering.drawn_at for s in record.steps):
        changes["number"] = numbers.draw(session, case.unit, today.year, numbering.series)
    if changes:
        rt.engine.bump(session, case, **changes)
    return ImportResult(case, "record", findings)


def _notes(step: Step, users: dict[str, User], payload: dict) -> dict:
    """``payload`` with the step's acknowledgement (its people renamed as matched) and
    the day it was entered, as the file states them (format 1.1)."""
    if step.acknowledged:
        ack = dict(step.acknowledged)
        ack["by"] = [users[pid].username if pid in users else pid for pid in ack["by"]]
        payload["acknowledged"] = ack
    if step.recorded_on is not None:
        payload["recorded_on"] = step.recorded_on
    return payload


def _live(
    rt, session, record: CaseRecord, actor: User, given: Acknowledgement | None
) -> ImportResult:
    # Every defect of the file, named at once before anything is taken: the rules as a
    # review reads the file, as of its last step.
    ctx = rt.engine.context(
        session, mode="review", as_of=max((s.date for s in record.steps), default=None)
    )
    found = review(rt.pm, record, ctx)
    owed = acks.unacknowledged(record, found, given, actor)
    if owed:
        return _unacknowledged([d.finding for d in owed], owed)
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
        if step.recorded_on is not None:
            data["recorded_on"] = step.recorded_on
        try:
            outcome = rt.engine.fire(
                session,
                case,
                step.step,
                audit.jsonable(data),
                acting,
                acknowledge=True,
                entered_by=actor,
                signers=acks.signers(step.acknowledged, users, actor, given),
            )
        except UnacknowledgedDefects as refusal:
            # A defect the live rules see and the review did not (they judge as of today).
            at = [f.at(step.index) for f in refusal.findings]
            owed = acks.unacknowledged(record, at, given, actor) or acks.all_owed(at)
            return _unacknowledged([d.finding for d in owed], owed)
        except Refused as refusal:
            return ImportResult(
                None, "live", refusal.findings, refused_step=step.index, refusal=refusal
            )
        warnings.extend(f.at(step.index) for f in outcome.warnings)
    return ImportResult(case, "live", warnings)


def _unacknowledged(findings: list[Finding], owed: list[acks.OwedDefect]) -> ImportResult:
    zh, en = acks.refusal_message(owed)
    return ImportResult(
        None, "live", findings, refused_step=owed[0].step if owed else None,
        refusal=UnacknowledgedDefects(zh, en, findings=findings), defects=owed,
    )  # fmt: skip


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
