"""The inspections API: recorded with answers, read back, refused field by field."""

from __future__ import annotations

import datetime as dt

from caseflow.inspections.checklists import chosen_items

LITHIUM = "lithium-battery-producers"


def body(app, ids_party, **over):
    items, _ = chosen_items(app.extensions["caseflow"].engine.pm, dt.date(2024, 3, 5), [LITHIUM])
    answers = [{"item_id": i["id"], "answer": "pass"} for i in items]
    for a in answers:
        if a["item_id"] == "LI-S-04":
            a.update(answer="fail", note="仓库内设配电箱", deadline="2024-03-20")
    out = {"party_id": ids_party, "date": "2024-03-05", "place": "电池仓库",
           "officers": ["officer1", "officer2"], "checklists": [LITHIUM], "answers": answers,
           "tags": ["锂电池"], "credentials_shown": True}  # fmt: skip
    out.update(over)
    return out


def test_an_officer_records_an_inspection_and_reads_it_back(app, api, district):
    r = api.post("/api/v1/inspections", "officer1", json=body(app, district["party"].id))
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert made["number"] == "LG检查〔2024〕1号" and made["failed"] == 1
    failed = next(a for a in made["answers"] if a["answer"] == "fail")
    assert failed["deadline"] == "2024-03-20" and failed["hazard_number"] == "LG隐患〔2024〕1号"
    case = api.case(failed["hazard_case_id"], "officer1")
    assert case["state"] == "ordered"
    assert api.get(f"/api/v1/inspections/{made['id']}", "officer1").get_json() == made
    listed = api.get("/api/v1/inspections?tag=锂电池", "officer1").get_json()
    assert listed["total"] == 1 and listed["items"][0]["number"] == made["number"]


def test_bad_input_is_a_422_naming_each_field(app, api, district):
    bad = body(app, district["party"].id, officers=["officer1", "expired"], place="x")
    bad["answers"][0] = {"item_id": bad["answers"][0]["item_id"], "answer": "fail"}
    r = api.post("/api/v1/inspections", "officer1", json=bad)
    assert r.status_code == 422
    errors = r.get_json()["errors"]
    first = bad["answers"][0]["item_id"]
    # LI-S-01 is a major-hazard item: suspension or safety assured must be said too.
    assert set(errors) == {"officers", f"answers.{first}.note", f"answers.{first}.deadline",
                           f"answers.{first}.suspension_ordered"}  # fmt: skip


def test_a_body_of_the_wrong_shape_is_a_422(app, api, district):
    r = api.post("/api/v1/inspections", "officer1",
                 json=body(app, district["party"].id, officers=["officer1"], date="soon"))  # fmt: skip
    assert r.status_code == 422
    assert {"officers", "date"} <= set(r.get_json()["errors"])


def test_a_reviewer_cannot_record_and_another_streets_officer_cannot_see(app, api, district):
    assert api.post("/api/v1/inspections", "reviewer1",
                    json=body(app, district["party"].id)).status_code == 403  # fmt: skip
    made = api.post("/api/v1/inspections", "officer1", json=body(app, district["party"].id))
    assert api.get(f"/api/v1/inspections/{made.get_json()['id']}", "officer3").status_code == 404


def test_a_head_voids_an_inspection_through_the_api(app, api, district):
    items = body(app, district["party"].id)
    for a in items["answers"]:
        a.update(answer="pass", note="", deadline=None)
    made = api.post("/api/v1/inspections", "officer1", json=items).get_json()
    url = f"/api/v1/inspections/{made['id']}/void"
    assert api.post(url, "officer1", json={"reason": "重复"}).status_code == 403
    assert api.post(url, "head1", json={"reason": ""}).status_code == 422
    r = api.post(url, "head1", json={"reason": "重复录入"})
    assert r.status_code == 200 and r.get_json()["voided"] is True
