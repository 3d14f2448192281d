"""The demo seeds a whole district through the engine, once, with chains that verify."""

import datetime as dt

from sqlalchemy import func, select

from caseflow.demo import seed_demo
from caseflow.engine.audit import verify_all
from caseflow.idcodes import check_uscc
from caseflow.models import Case, Certificate, Party, Unit, User


def test_demo_seeds_the_district_with_cases_driven_through_the_engine(rt, session, clock):
    clock.set("2024-06-20")
    made = seed_demo(rt, echo=lambda _m: None)
    assert made["skipped"] is False
    assert session.scalar(select(func.count()).select_from(Unit)) == 12
    streets = session.scalars(select(Unit).where(Unit.level == "street")).all()
    assert len(streets) == 11 and all(u.delegated and u.delegation_ref for u in streets)
    parties = session.scalars(select(Party)).all()
    assert len(parties) >= 200 and all(check_uscc(p.id_code) is None for p in parties)
    names = set(session.scalars(select(User.username)))
    assert {"admin", "officer1", "officer2", "officer3", "officer4", "reviewer1", "head1"} <= names
    assert session.scalar(select(User).where(User.username == "officer1")).check_password("demo")
    soon = session.scalars(
        select(Certificate).where(Certificate.valid_to <= dt.date(2024, 6, 20) + dt.timedelta(30))
    ).all()
    assert soon, "one certificate expires within 30 days"
    states = set(session.execute(select(Case.workflow_name, Case.state)).all())
    assert len({s for _w, s in states}) >= 5
    assert ("general_penalty", "closed") in states and ("summary_penalty", "closed") in states
    checked, problems = verify_all(session)
    assert checked == made["cases"] and problems == []


def test_demo_seeds_only_once(rt, clock):
    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    assert seed_demo(rt, echo=lambda _m: None) == {"skipped": True}


def test_every_demo_step_is_entered_on_the_day_it_happened(rt, session, clock):
    """The demo is what officers entering each act on its day would leave: no step is
    entered after its date, so none would be flagged 补录 (recorded_on)."""
    from caseflow.clock import CST
    from caseflow.models import Event

    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    steps = session.scalars(select(Event).where(Event.kind == "step")).all()
    assert len(steps) > 40
    late = [
        (e.case_id, e.step, e.payload["date"], e.at)
        for e in steps
        if "date" in e.payload
        and e.at.astimezone(CST).date().isoformat() != str(e.payload["date"])[:10]
    ]
    assert late == []


def test_demo_inspections_carry_checklists_hazards_and_a_campaign(rt, session, clock):
    from caseflow.inspections.campaigns import campaign_figures
    from caseflow.models import Inspection

    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    inspections = session.scalars(select(Inspection)).all()
    assert len(inspections) >= 3 and all(i.answers for i in inspections)
    # Dated on the clock's day: recorded the day they happened, never late.
    assert all(i.date == dt.date(2024, 6, 20) for i in inspections)
    failed = [a for i in inspections for a in i.failed]
    assert len(failed) == 2 and all(a.hazard.state == "ordered" for a in failed)
    units = list(session.scalars(select(Unit.id)))
    lithium = next(f for f in campaign_figures(session, units, dt.date(2024, 6, 20))
                   if f.tag == "锂电池")  # fmt: skip
    assert lithium.inspections == 1 and lithium.hazards_open >= 2
