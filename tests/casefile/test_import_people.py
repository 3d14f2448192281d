"""Who did what, truthfully: an import names the importer and the file's people,
and never reaches into another unit's people or parties."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from caseflow.casefile.export import export_case
from caseflow.casefile.importer import import_case
from caseflow.casefile.reader import read_case_file
from caseflow.engine.audit import verify_all
from caseflow.engine.errors import Conflict
from caseflow.models import Case, Certificate, Event, Party, User
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.conftest import table_counts
from tests.factories import PASSWORD
from tests.legal_procedure.builders import general_case

# Another enterprise than the district's (tests/factories.py), check character valid.
OTHER_CODE = "91440300MA5FYYYY2P"


@pytest.fixture(autouse=True)
def imported_later(clock):
    clock.set("2025-01-06")


def step_event(session, case, name) -> Event:
    return session.scalar(
        select(Event).where(Event.case_id == case.id, Event.step == name).order_by(Event.seq)
    )


def street_head(session, district, unit="other") -> User:
    head = User(username=f"head-{unit}", name="街道负责人", unit=district[unit], roles=["head"])
    head.password_hash = generate_password_hash("pw", method="pbkdf2:sha256:1000")
    session.add(head)
    session.commit()
    return head


@pytest.mark.parametrize("mode", ["live", "record"])
def test_an_imported_review_names_both_the_importer_and_the_reviewer(mode, rt, session, district):
    result = import_case(rt, session, general_case(), mode=mode, actor=district["head1"])
    case = result.case
    assert case is not None, result.refusal and result.refusal.to_dict()

    review = step_event(session, case, "legal_review")
    # The head entered it; the file says the reviewer L001 gave it.
    assert review.actor == "head1"
    assert review.payload["data"]["reviewer"] == "L001"
    assert review.payload["imported"] == {
        "by": "head1", "on": "2025-01-06", "mode": mode, "acting": "L001",
    }  # fmt: skip
    reviewer = session.scalar(select(User).where(User.username == "L001"))
    assert reviewer.unit_id == district["bureau"].id and not reviewer.active
    assert verify_all(session)[1] == []


def test_the_export_of_an_imported_case_says_who_imported_it_and_when(rt, session, district):
    case = import_case(rt, session, general_case(), mode="live", actor=district["head1"]).case
    exported = export_case(rt, session, case)
    assert exported["imported"] == {"by": "head1", "on": "2025-01-06"}
    assert read_case_file(exported, STEP_KINDS).record.case_number == case.number  # a case file


def test_the_case_page_says_imported_by_whom_on_which_day(make_app, rt, session, district):
    case = import_case(rt, session, general_case(), mode="live", actor=district["head1"]).case
    client = make_app().test_client()
    client.post("/login", data={"username": "head1", "password": PASSWORD})
    page = client.get(f"/cases/{case.id}").text
    assert "由head1（head1）于2025-01-06导入" in page
    assert "陈静（L001）" in page  # the reviewer, by name, on the review's row


def test_a_files_officer_is_matched_by_certificate_within_the_unit(rt, session, district):
    doc = general_case()
    ours = district["officer1"].certificates[0].number
    a001 = next(p for p in doc["people"] if p["id"] == "A001")
    a001["certificate"]["number"] = ours  # A001 in the old system is our officer1
    case = import_case(rt, session, doc, mode="record", actor=district["head1"]).case
    inspect = step_event(session, case, "inspect")
    assert (
        "officer1" in inspect.payload["data"]["by"] and "A001" not in inspect.payload["data"]["by"]
    )
    assert session.scalar(select(User).where(User.username == "A001")) is None


def test_a_files_person_is_never_bound_to_another_units_account_by_username(rt, session, district):
    buji_head = street_head(session, district)
    doc = general_case()
    doc["unit"] = {"name": "布吉街道办事处", "level": "street", "delegated": True}
    doc["party"]["id_code"] = OTHER_CODE
    for p in doc["people"]:  # the file's reviewer happens to be called officer3
        if p["id"] == "L001":
            p["id"] = "officer3"
    for s in doc["steps"]:
        if s.get("reviewer") == "L001":
            s["reviewer"] = "officer3"

    case = import_case(rt, session, doc, mode="record", actor=buji_head).case

    named = step_event(session, case, "legal_review").payload["data"]["reviewer"]
    assert named != "officer3"  # Bantian's officer3 reviewed nothing
    person = session.scalar(select(User).where(User.username == named))
    assert person.name == "陈静" and person.unit_id == district["other"].id
    assert not person.active


def test_a_certificate_held_in_another_unit_is_refused_not_borrowed(rt, session, district):
    buji_head = street_head(session, district)
    doc = general_case()
    doc["unit"] = {"name": "布吉街道办事处", "level": "street", "delegated": True}
    doc["party"]["id_code"] = OTHER_CODE
    doc["people"][0]["certificate"]["number"] = district["officer3"].certificates[0].number
    before = table_counts(session)
    with pytest.raises(Conflict):
        import_case(rt, session, doc, mode="record", actor=buji_head)
    assert table_counts(session) == before


def test_a_street_heads_import_cannot_use_a_party_of_another_unit(rt, session, district):
    buji_head = street_head(session, district)
    bantian_party = Party(
        kind="organization", name="坂田某厂", id_code=OTHER_CODE,
        address="坂田", unit=district["street"],
    )  # fmt: skip
    session.add(bantian_party)
    session.commit()
    doc = general_case()
    doc["party"].update(id_code=OTHER_CODE, name="随便写的名字")
    before = table_counts(session)
    with pytest.raises(Conflict):
        import_case(rt, session, doc, mode="live", actor=buji_head)
    assert table_counts(session) == before
    assert session.scalar(select(Case.id)) is None


def test_a_street_heads_import_creates_its_party_in_its_own_unit(rt, session, district):
    buji_head = street_head(session, district)
    doc = general_case()
    doc["unit"] = {"name": "坂田街道办事处", "level": "street", "delegated": True}  # not Buji's
    doc["party"]["id_code"] = OTHER_CODE
    case = import_case(rt, session, doc, mode="record", actor=buji_head).case
    assert case.unit_id == district["other"].id
    party = session.get(Party, case.party_id)
    assert party.unit_id == district["other"].id
    assert session.scalar(select(Certificate).where(Certificate.number == "1")).user.unit_id == (
        district["other"].id
    )
