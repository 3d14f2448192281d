"""Recording an inspection: checked whole, then written with its hazards in one go.

Everything wrong with the input is reported at once, each under its field (the web
form and the API show them beside the field). Then the inspection is numbered in the
``inspection`` series, its answers written with each item as the checklist states it
that day, and each failed item opens a hazard through the engine, all in the caller's
transaction: a hazard the engine refuses leaves no inspection behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from caseflow.engine import numbers
from caseflow.engine.errors import Forbidden, InvalidData
from caseflow.inspections.checklists import chosen_items
from caseflow.inspections.hazards import open_hazard
from caseflow.models import (
    Answer,
    DrawAssignment,
    Inspection,
    InspectionAnswer,
    InspectionCorrection,
    Party,
    Recusal,
    Unit,
    User,
)

SERIES = "inspection"
MIN_OFFICERS = 2  # 行政处罚法 art. 42: at least two officers with valid certificates


@dataclass
class ItemAnswer:
    answer: str
    note: str = ""
    deadline: dt.date | None = None  # for a failed item: correct by; None with immediate
    immediate: bool = False
    violation_code: str | None = None
    major_hazard: bool | None = None  # None: as the checklist grades the item
    suspension_ordered: bool = False
    safety_assured: bool = False
    photo_sha256: str | None = None


@dataclass
class InspectionInput:
    party_id: int | None
    date: dt.date | None
    place: str
    officers: list[str]
    checklists: list[str]
    answers: dict[str, ItemAnswer]
    tags: list[str] = field(default_factory=list)
    credentials_shown: bool = False
    findings: str = ""
    signed_by_party: bool = False
    refusal_note: str = ""
    assignment_id: int | None = None
    unit_id: int | None = None  # default: the recording officer's unit


def _officers(session, names: list[str], day: dt.date | None, errors: dict) -> list[User]:
    names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
    if len(names) != MIN_OFFICERS:
        errors.setdefault("officers", []).append(
            f"two different officers, not {len(names)} (行政处罚法第四十二条)"
        )
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))}
    for n in names:
        u = users.get(n)
        if u is None or not u.active or not u.has_role("officer"):
            errors.setdefault("officers", []).append(f"{n}: not an officer")
        elif day is not None and not any(c.valid_on(day) for c in u.certificates):
            errors.setdefault("officers", []).append(
                f"{n}: no enforcement certificate valid on {day}"
            )
    return [users[n] for n in names if n in users]


def _answers(engine, items, given: dict, day, errors: dict) -> list[InspectionAnswer]:
    rows = []
    known = {i["id"] for i in items}
    for extra in sorted(set(given) - known):
        errors[f"answers.{extra}"] = ["not an item of the chosen checklists"]
    for pos, item in enumerate(items):
        key = f"answers.{item['id']}"
        a = given.get(item["id"])
        if a is None or a.answer not in set(Answer):
            errors[f"{key}.answer"] = ["answer pass, fail or na"]
            continue
        major = item["grade"] == "M" if a.major_hazard is None else bool(a.major_hazard)
        if a.answer == Answer.FAIL:
            if not a.note.strip():
                errors[f"{key}.note"] = ["say what was found"]
            if a.immediate == (a.deadline is not None):
                errors[f"{key}.deadline"] = ["a date to correct by, or immediately (not both)"]
            elif a.deadline is not None and day is not None and a.deadline < day:
                errors[f"{key}.deadline"] = [f"{a.deadline} is before the inspection ({day})"]
            if a.violation_code and a.violation_code not in engine.violations:
                errors[f"{key}.violation_code"] = [f"unknown code {a.violation_code!r}"]
            if major and not item.get("criterion"):
                errors[f"{key}.major_hazard"] = ["the item names no major-hazard criterion"]
            if major and a.suspension_ordered == a.safety_assured:
                errors[f"{key}.suspension_ordered"] = [
                    "a major hazard orders suspension or finds safety assured (one of them)"
                ]
        rows.append(
            InspectionAnswer(
                position=pos, checklist=item["checklist"], item_id=item["id"],
                text_zh=item["text_zh"], source=str(item.get("source", ""))[:200],
                grade=item["grade"], criterion=item.get("criterion"), answer=a.answer,
                note=a.note.strip(), major_hazard=a.answer == Answer.FAIL and major,
                deadline=a.deadline if a.answer == Answer.FAIL else None,
                violation_code=(a.violation_code or None) if a.answer == Answer.FAIL else None,
                photo_sha256=a.photo_sha256 if a.answer == Answer.FAIL else None,
            )
        )  # fmt: skip
    return rows


@dataclass
class _Checked:
    party: Party | None
    unit: Unit | None
    officers: list[User]
    assignment: DrawAssignment | None
    answers: list[InspectionAnswer]
    errors: dict[str, list[str]]


def _check(engine, session, data: InspectionInput, actor: User) -> _Checked:
    errors: dict[str, list[str]] = {}
    today = engine.today()
    party = session.get(Party, data.party_id) if data.party_id else None
    if party is None:
        errors["party_id"] = ["choose the party inspected"]
    day = data.date
    if day is None:
        errors["date"] = ["the day of the inspection"]
    elif day > today:
        errors["date"] = [f"{day} is after today ({today})"]
    if not (data.place or "").strip():
        errors["place"] = ["where the inspection took place"]
    unit = session.get(Unit, data.unit_id) if data.unit_id else actor.unit
    if unit is None or unit.id not in actor.unit.subtree_ids():
        errors["unit_id"] = ["a unit within your reach"]
    officers = _officers(session, data.officers, day, errors)
    if party is not None and officers:
        recused = session.scalars(
            select(User.username)
            .join(Recusal, Recusal.officer_id == User.id)
            .where(Recusal.party_id == party.id, Recusal.in_force(engine.clock()),
                   User.id.in_([o.id for o in officers]))
        ).all()  # fmt: skip
        for name in recused:
            # 行政处罚法 art. 43: an officer with an interest in the party stands aside.
            errors.setdefault("officers", []).append(f"{name}: recused from this party")
    assignment = None
    if data.assignment_id is not None:
        assignment = session.get(DrawAssignment, data.assignment_id)
        if assignment is None or party is None or assignment.party_id != party.id:
            errors["assignment_id"] = ["a drawn assignment of this party"]
    items, unknown = chosen_items(engine.pm, day or today, data.checklists)
    if unknown:
        errors["checklists"] = [f"no checklist {c} in force on {day or today}" for c in unknown]
    elif not items:
        errors["checklists"] = ["choose at least one checklist"]
    answers = _answers(engine, items, data.answers, day, errors)
    return _Checked(party, unit, officers, assignment, answers, errors)


def inspection_problems(engine, session, data: InspectionInput, actor: User) -> dict:
    """Every field's problem with ``data``, recording nothing (a form that failed its
    own checks still shows what is wrong with the checklist answers)."""
    return _check(engine, session, data, actor).errors


def record_inspection(engine, session, data: InspectionInput, actor: User) -> Inspection:
    """Check ``data`` whole and record it with a hazard per failed item; flushed, the
    caller commits. Raises :class:`InvalidData` with every field's problem, or what the
    engine raised opening a hazard."""
    if not actor.has_role("officer"):
        raise Forbidden("只有执法人员可以记录检查", "only officers record inspections")
    c = _check(engine, session, data, actor)
    if c.errors:
        raise InvalidData("检查记录填写有误", "the inspection is invalid", field_errors=c.errors)
    day, answers = data.date, c.answers
    inspection = Inspection(
        number=numbers.draw(session, c.unit, day.year, SERIES), unit_id=c.unit.id,
        party_id=c.party.id, date=day, place=data.place.strip()[:300],
        officer1_id=c.officers[0].id, officer2_id=c.officers[1].id,
        credentials_shown=bool(data.credentials_shown),
        assignment_id=c.assignment.id if c.assignment else None,
        tags=sorted({t.strip() for t in data.tags if t and t.strip()}),
        checklists=sorted({a.checklist for a in answers}), findings=data.findings.strip(),
        signed_by_party=bool(data.signed_by_party), refusal_note=data.refusal_note.strip(),
        recorded_by_id=actor.id, recorded_at=engine.clock(),
    )  # fmt: skip
    inspection.party, inspection.unit = c.party, c.unit
    session.add(inspection)
    session.flush()
    for row in answers:
        row.inspection_id = inspection.id
        session.add(row)
    session.flush()
    for row in answers:
        if row.answer == Answer.FAIL:
            a = data.answers[row.item_id]
            open_hazard(
                engine, session, inspection, row, actor,
                suspension_ordered=row.major_hazard and a.suspension_ordered,
                safety_assured=row.major_hazard and a.safety_assured,
            )  # fmt: skip
    session.flush()
    return inspection


def void_inspection(engine, session, inspection: Inspection, reason: str, actor: User):
    """Withdraw a recorded inspection (a duplicate, the wrong party): a correction row
    with the reason, approved by the head who records it; the inspection stays as it
    was, and plans no longer count it. Refused while a hazard it opened is open: those
    are corrected on their own cases first. Flushed; the caller commits."""
    if not actor.has_role("head"):
        raise Forbidden("作废检查记录须由负责人批准", "a head approves voiding an inspection")
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = ["say why the inspection is withdrawn"]
    if inspection.voided:
        errors["inspection"] = [f"{inspection.number} is already voided"]
    still_open = [
        a.hazard.label for a in inspection.failed if a.hazard and a.hazard.closed_at is None
    ]
    if still_open:
        errors["inspection"] = [f"hazards still open: {', '.join(still_open)}"]
    if errors:
        raise InvalidData(
            "不能作废该检查记录", "the inspection cannot be voided", field_errors=errors
        )
    row = InspectionCorrection(
        inspection_id=inspection.id, void=True, reason=reason.strip()[:2000],
        approved_by_id=actor.id, recorded_by_id=actor.id, recorded_at=engine.clock(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.refresh(inspection)
    return row
