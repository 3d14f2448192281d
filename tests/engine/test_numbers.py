"""Case numbers (案号): drawn from the unit's register when a case is filed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.casefile.importer import import_case
from caseflow.engine.audit import verify_all
from caseflow.engine.cases import open_case
from caseflow.engine.errors import Forbidden
from caseflow.models import Event
from caseflow_plugins.legal_procedure import procedure  # the workflows' steps and periods
from tests.engine.helpers import inspect, new_case, register
from tests.legal_procedure.builders import general_case


@pytest.fixture
def rt(make_app):
    return make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]


def filed(rt, session, district, unit=None):
    case = open_case(
        rt.engine, session, workflow="general_penalty", party=district["party"],
        unit=unit or district["bureau"], actor=district["officer1"],
    )  # fmt: skip
    inspect(rt, session, case, district)
    # Discovered the day it is filed: a late filing would wait for a head's acknowledgement.
    register(rt, session, case, district, discovered=rt.engine.today().isoformat())
    return case


def test_a_case_opened_by_an_inspection_has_a_provisional_label_until_a_head_files_it(
    rt, session, district
):
    case = new_case(rt, session, district)
    assert case.number is None and case.label.startswith("待立案-LG-")
    inspect(rt, session, case, district)
    assert case.number is None

    outcome = register(rt, session, case, district)

    assert case.number == case.label == "深龙应急罚〔2024〕1号"
    assert outcome.event.payload["case_number"] == "深龙应急罚〔2024〕1号"
    assert verify_all(session)[1] == []  # the chain, begun before the number, still holds


def test_cases_never_filed_leave_no_gap_in_the_register(rt, session, district):
    dropped = new_case(rt, session, district)  # inspected, nothing found worth filing
    inspect(rt, session, dropped, district)
    first = filed(rt, session, district)
    second = filed(rt, session, district)
    assert (first.number, second.number) == ("深龙应急罚〔2024〕1号", "深龙应急罚〔2024〕2号")
    assert dropped.number is None


def test_a_refused_filing_does_not_use_up_a_number(rt, session, district):
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    with pytest.raises(Forbidden):  # filing is for a head
        rt.engine.fire(
            session, case, "register", {"discovered": "2024-03-05"}, district["officer1"]
        )
    register(rt, session, case, district)
    assert case.number == "深龙应急罚〔2024〕1号"


def test_an_import_ahead_of_the_count_does_not_block_new_cases(make_app, session, district, clock):
    rt = make_app().extensions["caseflow"]  # with the catalogue the file's violation needs
    clock.set("2024-06-03")
    doc = general_case()
    doc["case_number"] = "深龙应急罚〔2024〕2号"  # the old system had reached 2
    imported = import_case(rt, session, doc, mode="record", actor=district["head1"]).case
    assert imported.number == imported.label == "深龙应急罚〔2024〕2号"

    numbers = [filed(rt, session, district).number for _ in range(3)]

    assert numbers == ["深龙应急罚〔2024〕1号", "深龙应急罚〔2024〕3号", "深龙应急罚〔2024〕4号"]
    assert verify_all(session)[1] == []


def test_each_unit_year_and_series_keeps_its_own_register(rt, session, district, clock):
    bureau = filed(rt, session, district)
    street = filed(rt, session, district, unit=district["street"])
    hazard = new_case(rt, session, district, workflow="hazard_rectification")
    clock.set("2025-01-02")
    next_year = filed(rt, session, district)
    assert bureau.number == "深龙应急罚〔2024〕1号"
    assert street.number == "深龙坂应急罚〔2024〕1号"
    # A hazard is registered when it is found, in its own series.
    assert hazard.number == "LG隐患〔2024〕1号"
    assert next_year.number == "深龙应急罚〔2025〕1号"


def test_an_escalated_hazard_opens_a_penalty_case_that_waits_to_be_filed(rt, session, district):
    hazard = new_case(rt, session, district, workflow="hazard_rectification")
    spawned = new_case(rt, session, district, origin=hazard)
    opened = session.scalar(select(Event).where(Event.case_id == spawned.id))
    assert spawned.number is None and opened.payload["origin"] == hazard.number


@pytest.mark.parametrize("mode", ["live", "record"])
def test_a_file_of_a_case_never_filed_takes_its_number_from_our_register_when_it_files_it(
    mode, make_app, session, district, clock
):
    rt = make_app().extensions["caseflow"]
    clock.set("2025-01-06")
    doc = general_case()
    doc["case_number"] = "待立案-XQ-20240305-0A1B2C3D"  # an export made before filing
    case = import_case(rt, session, doc, mode=mode, actor=district["head1"]).case
    assert case.number == "深龙应急罚〔2025〕1号"
    assert case.ref != doc["case_number"] and verify_all(session)[1] == []
