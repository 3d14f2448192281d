"""An officer records an inspection on the web form: the checklist item by item, each
failed item a hazard, the documents listing what was found and ordered."""

from __future__ import annotations

import io

from sqlalchemy import select

from caseflow.inspections.checklists import chosen_items
from caseflow.models import Case, EvidenceFile, Inspection

LITHIUM = "lithium-battery-producers"
JPEG = b"\xff\xd8\xff\xe0" + b"photo of the store" * 10


def inspection_form(app, ids, failed=None, **over):
    """A full post: every item of the lithium producers' list passed, except ``failed``."""
    import datetime as dt

    items, _ = chosen_items(app.extensions["caseflow"].engine.pm, dt.date(2024, 3, 5), [LITHIUM])
    data = {"party": str(ids["party"]), "checklist": LITHIUM, "date": "2024-03-05",
            "place": "电池仓库", "officer1": "officer1", "officer2": "officer2",
            "credentials_shown": "y", "tags": "锂电池", "signed_by_party": "y"}  # fmt: skip
    for item in items:
        data[f"a-{item['id']}"] = "pass"
    data.update(failed or {})
    data.update(over)
    return data


TWO_FAILS = {
    "a-LI-S-01": "fail", "note-LI-S-01": "故障电池未隔离存放", "immediate-LI-S-01": "y",
    "measure-LI-S-01": "suspension",
    "a-LI-S-04": "fail", "note-LI-S-04": "仓库内设配电箱", "deadline-LI-S-04": "2024-03-20",
}  # fmt: skip


def test_two_failed_lithium_items_open_two_hazards_and_one_order_lists_both(app, client, auth, ids):
    auth.login()
    data = inspection_form(app, ids, TWO_FAILS)
    data["photo-LI-S-04"] = (io.BytesIO(JPEG), "box.jpg")
    r = client.post("/inspections/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 302, r.text
    page = client.get(r.headers["Location"]).text
    assert (
        "LG检查〔2024〕1号" in page and "LG隐患〔2024〕1号" in page and "LG隐患〔2024〕2号" in page
    )
    with app.extensions["caseflow"].sessions() as s:
        inspection = s.scalar(select(Inspection))
        hazards = [a.hazard for a in inspection.failed]
        assert [h.state for h in hazards] == ["ordered", "ordered"]
        photo = s.scalar(select(EvidenceFile))
        assert photo.case_id == hazards[1].id and photo.evidence_id == "LI-S-04"
        iid = inspection.id
    order = client.get(f"/inspections/{iid}/correction-order").text
    assert "责令限期整改指令书" in order and "LI-S-01" in order and "LI-S-04" in order
    assert "立即整改" in order and "2024年3月20日前" in order and "令10" in order
    record = client.get(f"/inspections/{iid}/record").text
    assert "现场检查记录" in record and "故障电池未隔离存放" in record and "不符合" in record
    listing = client.get("/inspections/?tag=锂电池&format=csv")
    assert "LG检查〔2024〕1号" in listing.get_data(as_text=True)


def test_a_failed_item_without_note_or_deadline_is_shown_beside_it(app, client, auth, ids):
    auth.login()
    failed = {"a-LI-S-04": "fail", "note-LI-S-04": ""}
    r = client.post("/inspections/new", data=inspection_form(app, ids, failed, officer2=""))
    assert r.status_code == 422
    assert 'id="item-LI-S-04"' in r.text and "say what was found" in r.text
    with app.extensions["caseflow"].sessions() as s:
        assert s.scalar(select(Inspection)) is None and s.scalar(select(Case)) is None


def test_the_same_form_posted_twice_records_once(app, client, auth, ids):
    auth.login()
    page = client.get(f"/inspections/new?party={ids['party']}&checklist={LITHIUM}").text
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    data = inspection_form(app, ids, form_token=token)
    assert client.post("/inspections/new", data=data).status_code == 302
    assert client.post("/inspections/new", data=data).status_code == 409
    with app.extensions["caseflow"].sessions() as s:
        assert len(s.scalars(select(Inspection)).all()) == 1


def test_a_reviewer_cannot_record_an_inspection(client, auth, ids):
    auth.login("reviewer1")
    assert client.get(f"/inspections/new?party={ids['party']}").status_code == 403


def test_a_head_voids_an_inspection_and_the_record_says_so(app, client, auth, ids):
    auth.login()
    r = client.post("/inspections/new", data=inspection_form(app, ids))
    url = r.headers["Location"]
    auth.logout()
    auth.login("head1")
    assert "作废此检查记录" in client.get(url).text
    r = client.post(f"{url}/void", data={"reason": "重复录入"})
    assert r.status_code == 302
    page = client.get(url).text
    assert "已作废" in page and "重复录入" in page


def test_the_partys_page_lists_its_inspection_and_the_hazards_it_opened(app, client, auth, ids):
    auth.login()
    client.post("/inspections/new", data=inspection_form(app, ids, TWO_FAILS))
    page = client.get(f"/parties/{ids['party']}").text
    hazards = page.split('id="hazards"')[1]
    assert "LG隐患〔2024〕1号" in hazards and "LG隐患〔2024〕2号" in hazards
    assert "LG检查〔2024〕1号" in page.split('id="inspections"')[1]
    risk = page.split('id="risk"')[1].split("</section>")[0]
    assert "未消除的重大事故隐患" in risk


def test_an_inspection_of_a_drawn_party_carries_its_assignment(app, client, auth, ids, clock):
    """A double-random draw's assignment: the form starts with the officers drawn for it,
    and the inspection records which assignment it carries out."""
    import datetime as dt

    from caseflow.models import Party
    from caseflow.planning.draws import DrawRequest, PoolFilter, make_draw
    from caseflow.planning.plans import make_plan

    rt = app.extensions["caseflow"]
    with rt.sessions() as s:
        from caseflow.models import Unit, User

        head = s.scalar(select(User).where(User.username == "head1"))
        bureau = s.scalar(select(Unit).where(Unit.code == "LG"))
        party = s.get(Party, ids["party"])
        party.key_enterprise = True
        plan = make_plan(s, unit=bureau, year=2024, title="计划", targets=[], actor=head,
                         now=clock())  # fmt: skip
        request = DrawRequest(plan, "seed", 1, dt.date(2024, 3, 1), dt.date(2024, 3, 31),
                              PoolFilter(key_enterprise=True))  # fmt: skip
        drawn = make_draw(s, request, head, clock()).assignments[0]
        s.commit()
        assignment, officers = drawn.id, [o.username for o in drawn.officers]
    auth.login(officers[0])
    page = client.get(f"/inspections/new?party={ids['party']}&assignment={assignment}").text
    assert f'<option selected value="{officers[1]}">' in page
    data = inspection_form(app, ids, officer1=officers[0], officer2=officers[1],
                           assignment=str(assignment))  # fmt: skip
    r = client.post("/inspections/new", data=data)
    assert r.status_code == 302, r.text
    with rt.sessions() as s:
        assert s.scalar(select(Inspection)).assignment_id == assignment


def test_a_hazard_case_names_the_inspection_and_item_that_found_it(app, client, auth, ids):
    auth.login()
    r = client.post("/inspections/new", data=inspection_form(app, ids, TWO_FAILS))
    with app.extensions["caseflow"].sessions() as s:
        hazard = s.scalar(select(Inspection)).failed[0].hazard_case_id
    page = client.get(f"/cases/{hazard}").text
    assert "LG检查〔2024〕1号" in page and "LI-S-01" in page and r.headers["Location"] in page
