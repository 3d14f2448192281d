"""The officer's story of issue 13, end to end through the real services: an inspection
of a lithium-battery maker fails two items of the checklist; each is a hazard with a
deadline, and one correction order lists both; one is corrected by the re-inspection and
closes, the other is not and escalates into a penalty case about that violation alone,
overdue, with the inspection record and the re-inspection in its file as evidence."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.inspections.record import ItemAnswer, record_inspection
from caseflow.models import Case, Deadline, Document, Event
from tests.factories import PASSWORD
from tests.inspections.conftest import lithium_input

OFFICERS = {"by": ["officer1", "officer2"], "credentials_shown": True}
DUE = dt.date(2024, 3, 19)
FAILED = {
    # Switchgear inside the battery store: safety equipment not to standard.
    "LI-S-04": ItemAnswer("fail", note="电池仓库内设有配电箱和插座", deadline=DUE,
                          violation_code="AQL-99-2"),
    # Batteries stored beside the drying station: the danger not eliminated.
    "LI-S-05": ItemAnswer("fail", note="仓库靠近烘烤工位，无温湿度监测", deadline=DUE,
                          violation_code="AQL-102"),
}  # fmt: skip


def fire(rt, session, case, step, data, user, clock, day):
    clock.set(day)
    outcome = rt.engine.fire(session, case, step, {**data, "date": day}, user)
    session.commit()
    return outcome


def steps_of(session, case) -> list[str]:
    rows = session.scalars(
        select(Event).where(Event.case_id == case.id, Event.kind == "step").order_by(Event.seq)
    )
    return [e.step for e in rows]


def test_two_failed_lithium_items_one_corrected_one_escalated_with_its_evidence(
    app, rt, session, district, maker, clock
):
    officer = district["officer1"]
    clock.set("2024-03-05")
    inspection = record_inspection(
        rt.engine, session, lithium_input(rt, maker, failed=FAILED), officer
    )
    session.commit()

    # Two hazards, each ordered corrected by its date.
    switchgear, storage = (a.hazard for a in inspection.failed)
    for hazard, code in ((switchgear, "AQL-99-2"), (storage, "AQL-102")):
        assert hazard.state == "ordered" and [v["code"] for v in hazard.violations] == [code]
        due = session.scalar(
            select(Deadline.due).where(
                Deadline.case_id == hazard.id, Deadline.name == "rectification"
            )
        )
        assert due == DUE
        # The hazard's file opens with the inspection that found it.
        assert steps_of(session, hazard) == ["inspect", "order_correction"]

    # One correction order (责令限期整改指令书) lists both items.
    client = app.test_client()
    client.post("/login", data={"username": "officer1", "password": PASSWORD})
    order = client.get(f"/inspections/{inspection.id}/correction-order").text
    assert "责令限期整改指令书" in order and "LI-S-04" in order and "LI-S-05" in order
    assert "2024年3月19日前" in order

    # The switchgear is moved out; the party asks, the officers find it corrected.
    fire(rt, session, switchgear, "request_review", {}, officer, clock, "2024-03-15")
    again = {**OFFICERS, "result": "corrected", "opinion_signed": True}
    closed = fire(rt, session, switchgear, "reinspect", again, officer, clock, "2024-03-20")
    assert switchgear.state == "closed" and closed.spawned is None

    # The store is not: the re-inspection escalates it into a penalty case.
    again = {**OFFICERS, "result": "not_corrected", "opinion_signed": True}
    outcome = fire(rt, session, storage, "reinspect", again, officer, clock, "2024-03-20")
    assert storage.state == "escalated"
    penalty = outcome.spawned
    assert penalty.workflow_name == "general_penalty" and penalty.origin_case_id == storage.id
    # Only its own violation, in the overdue tier: the switchgear stays behind.
    assert [(v["code"], v["tier"]) for v in penalty.violations] == [("AQL-102", "overdue")]
    assert session.scalar(select(Case.state).where(Case.id == switchgear.id)) == "closed"

    # Its file holds the inspection record and the re-inspection, as evidence for the
    # overdue violation (APL-40-FACTS), each pointing at its copy of the step.
    assert steps_of(session, penalty) == ["inspect", "order_correction", "reinspect"]
    copies = {
        e.seq: e
        for e in session.scalars(select(Event).where(Event.case_id == penalty.id))
        if e.kind == "step"
    }
    docs = session.scalars(select(Document).where(Document.case_id == penalty.id)).all()
    by_kind = {d.kind: copies[d.event_seq] for d in docs}
    assert {"inspection_record", "correction_order", "reinspection_opinion"} <= set(by_kind)
    record = by_kind["inspection_record"]
    assert record.step == "inspect" and record.payload["carried_from"] == storage.label
    assert record.payload["data"]["place"] == inspection.place
    assert str(record.payload["date"])[:10] == "2024-03-05"
    reinspection = by_kind["reinspection_opinion"]
    assert reinspection.payload["data"]["result"] == "not_corrected"
    assert str(reinspection.payload["date"])[:10] == "2024-03-20"


def test_a_refusal_to_sign_noted_still_opens_the_hazard_with_its_inspection_record(
    rt, session, district, maker, clock
):
    """行政处罚法 art. 55 (APL-55-RECORDS): a record the party refused to sign stands when
    the refusal is noted; one neither signed nor noted is no record, so the hazard opens
    with the order alone."""
    clock.set("2024-03-05")
    noted = lithium_input(rt, maker, failed=FAILED, signed_by_party=False,
                          refusal_note="企业负责人拒绝签字，已录像")  # fmt: skip
    hazard = record_inspection(rt.engine, session, noted, district["officer1"]).failed[0].hazard
    assert steps_of(session, hazard) == ["inspect", "order_correction"]
    bare = lithium_input(rt, maker, failed=FAILED, signed_by_party=False)
    hazard = record_inspection(rt.engine, session, bare, district["officer1"]).failed[0].hazard
    assert steps_of(session, hazard) == ["order_correction"]
