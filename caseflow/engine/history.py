"""A live case as the rules see it: the database read into a :class:`CaseRecord`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from caseflow.engine import audit
from caseflow.engine.corrections import CORRECT, effective
from caseflow.engine.record import (
    STEP_DATE_KEYS,
    Accident,
    CaseRecord,
    Certificate,
    Party,
    Person,
    RelatedCase,
    Step,
    Unit,
    Violation,
)
from caseflow.models import Case, Event, User

PERSON_KEYS = ("by", "approved_by", "reviewer", "presider", "participants", "officer")


def parse_step_data(data: dict) -> dict:
    out = dict(data)
    for key in STEP_DATE_KEYS:
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def violation_from(d: dict) -> Violation:
    return Violation(
        code=d["code"],
        tier=d.get("tier", "initial"),
        act_start=_date(d.get("act_start")),
        act_end=_date(d.get("act_end")),
        life_health=bool(d.get("life_health")),
        harm=bool(d.get("harm")),
        first_offense=bool(d.get("first_offense")),
        minor=bool(d.get("minor")),
        corrected_on=_date(d.get("corrected_on")),
        liable=d.get("liable") or "unit",
        gains=d.get("gains"),
        act=d.get("act") or None,
        accident=_accident(d.get("accident")),
    )


def _accident(d) -> Accident | None:
    if not d:
        return None
    return Accident(grade=d["grade"], report_approved_on=_date(d.get("report_approved_on")))


def person_from(user: User) -> Person:
    certs = sorted(user.certificates, key=lambda c: c.valid_to, reverse=True)
    cert = certs[0] if certs else None
    return Person(
        id=user.username,
        name=user.name,
        roles=frozenset(user.roles),
        certificate=Certificate(cert.number, cert.valid_from, cert.valid_to, cert.revoked_on)
        if cert
        else None,
        legal_qualification=user.legal_qualification,
        principal=bool(user.principal),
    )


def steps_of(events: list[Event]) -> tuple[Step, ...]:
    steps = []
    for ev in events:
        if ev.kind != "step":
            continue
        data = parse_step_data(ev.payload.get("data", {}))
        day = dt.date.fromisoformat(ev.payload["date"])
        data.pop("date", None)
        entered = ev.payload.get("recorded_on")
        steps.append(
            Step(
                index=len(steps), step=ev.step, date=day, data=data,
                acknowledged=ev.payload.get("acknowledged"),
                recorded_on=dt.date.fromisoformat(entered) if entered else None,
            )
        )  # fmt: skip
    return tuple(steps)


def corrected_steps(events: list[Event]) -> tuple[Step, ...]:
    """The case's steps as rules read them: voided steps gone, corrected keys in place
    (caseflow.engine.corrections; live, a correction names its target's event number)."""
    step_events = [ev for ev in events if ev.kind == "step"]
    return effective(steps_of(step_events), [ev.seq for ev in step_events])


def recorded_steps(events: list[Event]) -> tuple[Step, ...]:
    """The case's steps as recorded, ``correct`` steps included, each naming its target
    by index in these steps (as a case file does) rather than by event number."""
    step_events = [ev for ev in events if ev.kind == "step"]
    index = {ev.seq: i for i, ev in enumerate(step_events)}
    out = []
    for s in steps_of(step_events):
        if s.step == CORRECT and s.get("target") in index:
            s = replace(s, data={**s.data, "target": index[s.get("target")]})
        out.append(s)
    return tuple(out)


def referenced_people(steps, extra: dict | None = None) -> set[str]:
    names: set[str] = set()
    for data in [s.data for s in steps] + [extra or {}]:
        for key in PERSON_KEYS:
            value = data.get(key)
            if isinstance(value, str):
                names.add(value)
            elif isinstance(value, list):
                names.update(v for v in value if isinstance(v, str))
    return names


def _related(session: Session, case: Case) -> tuple[RelatedCase, ...]:
    """The party's other cases, read in two queries however many there are."""
    others = session.scalars(
        select(Case).where(Case.party_id == case.party_id, Case.id != case.id)
    ).all()
    if not others:
        return ()
    # Only the steps these summaries need, for all other cases at once (no N+1).
    events = session.scalars(
        select(Event)
        .where(
            Event.case_id.in_([o.id for o in others]),
            Event.kind == "step",
            Event.step.in_(("decide", "order_correction", "correct")),
        )
        .order_by(Event.case_id, Event.seq)
    ).all()
    by_case: dict[int, list[Event]] = {}
    for ev in events:
        by_case.setdefault(ev.case_id, []).append(ev)
    out = []
    for other in others:
        steps = corrected_steps(by_case.get(other.id, []))
        decide = next((s for s in reversed(steps) if s.step == "decide"), None)
        viol = [violation_from(v) for v in other.violations]
        out.append(
            RelatedCase(
                case_number=other.label,
                violation_codes=tuple(v.code for v in viol),
                act_start=min((v.act_start for v in viol if v.act_start), default=None),
                act_end=max((v.act_end for v in viol if v.act_end), default=None),
                state="closed" if other.closed_at else ("decided" if decide else "open"),
                decided_on=decide.date if decide else None,
                penalised=bool(decide and decide.get("outcome") == "penalty"),
                major_hazard=any(
                    s.get("major_hazard") for s in steps if s.step == "order_correction"
                ),
            )
        )
    return tuple(out)


def provenance(session: Session, case: Case) -> dict | None:
    """How a case imported from a case file came here (``by``, ``on``, ``mode``), as its
    opening event says; None for a case opened here."""
    opened = session.scalar(select(Event).where(Event.case_id == case.id, Event.seq == 1))
    return opened.payload.get("imported") if opened is not None else None


def record_for(
    session: Session, case: Case, proposed: dict | None = None, as_recorded: bool = False
) -> CaseRecord:
    """The case's record as it stands, with everyone its steps (and ``proposed``) name:
    the corrected history rules read, or (``as_recorded``, for export) every step as it
    was recorded, its ``correct`` steps included."""
    events = list(
        session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.seq))
    )
    steps = recorded_steps(events) if as_recorded else corrected_steps(events)
    names = referenced_people(steps, proposed)
    users = (
        session.scalars(
            select(User).where(User.username.in_(names)).options(selectinload(User.certificates))
        ).all()
        if names
        else []
    )
    # The unit's leadership (APL-57's quorum, the principal head of 310号令 art. 5): its
    # active heads, read with the people the steps name in one more query. A case
    # imported from a file keeps the file's leadership: the heads its steps name.
    imported = bool(events and events[0].payload.get("imported"))
    heads = []
    if not imported:
        unit_users = session.scalars(
            select(User)
            .where(User.unit_id == case.unit_id, User.active.is_(True))
            .options(selectinload(User.certificates))
        ).all()
        heads = [u for u in unit_users if "head" in (u.roles or ())]
    people = {u.username: person_from(u) for u in [*users, *heads]}
    unit = case.unit
    party = case.party
    return CaseRecord(
        case_number=case.label,
        procedure=case.procedure,
        unit=Unit(unit.name, unit.level, unit.delegated),
        party=Party(party.kind, party.name, party.id_code, party.address),
        people=people,
        violations=tuple(violation_from(v) for v in case.violations),
        steps=steps,
        workflow=case.workflow_name,
        related=_related(session, case),
        trail_intact=audit.verify_case(case, events) is None,
        unit_heads=None if imported else tuple(sorted(u.username for u in heads)),
    )
