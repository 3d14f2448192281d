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
    # A step an escalated case carries from its hazard is a copy, not an entry: it keeps
    # the hazard's date and was entered when the hazard's own step was.
    entered = [e for e in steps if "carried_from" not in e.payload]
    assert len(entered) < len(steps), "the escalated case carries its hazard's steps"
    late = [
        (e.case_id, e.step, e.payload["date"], e.at)
        for e in entered
        if "date" in e.payload
        and e.at.astimezone(CST).date().isoformat() != str(e.payload["date"])[:10]
    ]
    assert late == []
    assert [e for e in steps if "recorded_on" in e.payload] == []


def test_demo_inspections_carry_checklists_hazards_and_a_campaign(rt, session, clock):
    from caseflow.clock import CST
    from caseflow.inspections.campaigns import campaign_figures
    from caseflow.models import Inspection

    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    inspections = session.scalars(select(Inspection)).all()
    assert len(inspections) >= 4 and all(i.answers for i in inspections)
    # Recorded on the day they happened, never late: today's, and the earlier one
    # whose hazards were re-inspected since.
    assert all(i.recorded_at.astimezone(CST).date() == i.date for i in inspections)
    today = [i for i in inspections if i.date == dt.date(2024, 6, 20)]
    failed = [a for i in today for a in i.failed]
    assert len(failed) == 2 and all(a.hazard.state == "ordered" for a in failed)
    units = list(session.scalars(select(Unit.id)))
    lithium = next(f for f in campaign_figures(session, units, dt.date(2024, 6, 20))
                   if f.tag == "锂电池")  # fmt: skip
    assert lithium.inspections >= 1 and lithium.hazards_open >= 2


def _steps(session, case) -> list[str]:
    from caseflow.models import Event

    rows = select(Event).where(Event.case_id == case.id, Event.kind == "step").order_by(Event.seq)
    return [e.step for e in session.scalars(rows)]


def test_the_demo_holds_hazards_in_every_state_of_the_loop(rt, session, clock):
    """Issue 13: hazards found, ordered, awaiting re-inspection, closed and escalated with
    its penalty case; a major one with its plan, the suspension and the review to resume;
    a seizure with its inventory."""
    from caseflow.models import Document, Inspection

    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    hazards = session.scalars(
        select(Case).where(Case.workflow_name == "hazard_rectification")
    ).all()
    assert all(h.workflow_version == 2 for h in hazards)
    assert {"found", "ordered", "closed", "escalated"} <= {h.state for h in hazards}
    # Reported corrected, the re-inspection due.
    waiting = [
        h for h in hazards if h.state == "ordered" and "request_review" in _steps(session, h)
    ]
    assert waiting
    # The escalated hazard: one of two from one lithium inspection; its sister closed.
    (escalated,) = [h for h in hazards if h.state == "escalated"]
    inspection = next(
        i for i in session.scalars(select(Inspection)) if escalated in [a.hazard for a in i.failed]
    )
    assert sorted(a.hazard.state for a in inspection.failed) == ["closed", "escalated"]
    penalty = session.scalar(select(Case).where(Case.origin_case_id == escalated.id))
    assert penalty.workflow_name == "general_penalty"
    assert [(v["code"], v["tier"]) for v in penalty.violations] == [("AQL-102", "overdue")]
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == penalty.id)))
    assert {"inspection_record", "correction_order", "reinspection_opinion"} <= kinds
    # A major hazard with its plan, the suspension and the review before resuming.
    major = [h for h in hazards if "hazard_plan" in _steps(session, h)]
    assert major
    assert {"on_site_measures", "resume_review"} <= set(_steps(session, major[0]))
    # One seizure, with its inventory, disposed of.
    seized = [h for h in hazards if "seize" in _steps(session, h)]
    assert len(seized) == 1
    kinds = set(session.scalars(select(Document.kind).where(Document.case_id == seized[0].id)))
    assert {"seizure_decision", "seizure_inventory", "seizure_disposal_decision"} <= kinds


def test_the_demo_holds_a_plan_and_a_published_draw(rt, session, clock):
    from caseflow.models import Draw, Plan

    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)
    assert session.scalar(select(func.count()).select_from(Plan)) >= 1
    draws = session.scalars(select(Draw)).all()
    assert draws and any(d.published_at is not None for d in draws)
