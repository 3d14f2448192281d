"""Printed documents say what the file holds: its unit's review body, its evidence and
provisions, its party, its figures; in Chinese whatever the reader's UI language."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select, update

from caseflow.casefile.importer import import_case
from caseflow.engine.documents import review_body
from caseflow.models import Document, Party, Unit, User
from tests.domain import EXAMPLES
from tests.web.conftest import INSPECTION, open_case

PLACEHOLDERS = ("（询问内容）", "（调查人员", "以上事实有现场检查记录")


def example(which: str, **party) -> dict:
    """A format 1.1 example, whole: its principal head, hearing report and all."""
    doc = json.loads((EXAMPLES / "1.1" / f"general-{which}-clean.json").read_text(encoding="utf-8"))
    doc["party"].update(party)
    return doc


def imported(app, doc: dict) -> int:
    rt = app.extensions["caseflow"]
    with rt.sessions() as s:
        head = s.scalar(select(User).where(User.username == "head1"))
        result = import_case(rt, s, doc, mode="live", actor=head)
        assert result.refusal is None, result.refusal and result.refusal.to_dict()
        return result.case.id


def printed(app, client, case_id: int) -> dict[str, str]:
    """Each document of the case as printed, by kind."""
    with app.extensions["caseflow"].sessions() as s:
        docs = s.scalars(select(Document).where(Document.case_id == case_id)).all()
        ids = [(d.kind, d.id) for d in docs]
    out = {}
    for kind, doc_id in ids:
        r = client.get(f"/cases/{case_id}/documents/{doc_id}")
        assert r.status_code == 200, (kind, r.text[:300])
        out[kind] = r.text
    return out


def moved_to_pingshan(app, doc: dict) -> dict:
    """The district's bureau renamed to another district, and the file with it: any
    龙岗 left in a document is a name the templates hard-code."""
    with app.extensions["caseflow"].sessions() as s:
        s.execute(
            update(Unit)
            .where(Unit.code == "LG")
            .values(name="深圳市坪山区应急管理局", region="广东省深圳市坪山区")
        )
        for party in s.scalars(select(Party)):
            party.name, party.address = (party.name.replace("龙岗", "坪山"),
                                         party.address.replace("龙岗", "坪山"))  # fmt: skip
        s.commit()
    return json.loads(json.dumps(doc, ensure_ascii=False).replace("龙岗", "坪山"))


@pytest.fixture(autouse=True)
def imported_later(clock):
    clock.set("2025-01-06")


@pytest.mark.parametrize("name", ["small", "hearing"])
def test_the_example_files_print_without_placeholders_or_another_districts_name(
    name, app, client, auth
):
    case_id = imported(app, moved_to_pingshan(app, example(name)))
    auth.login("head1")
    docs = printed(app, client, case_id)
    assert {"penalty_notice", "penalty_decision", "legal_review_opinion"} <= set(docs)
    for kind, text in docs.items():
        assert "龙岗" not in text, kind
        for words in PLACEHOLDERS:
            assert words not in text, (kind, words)
    # The review body is the bureau's own government, from its region (行政复议法 art. 24).
    assert "依法向深圳市坪山区人民政府申请行政复议" in docs["penalty_decision"]
    # The file's facts, evidence with kinds and ids, and provisions from the catalogue.
    decision = docs["penalty_decision"]
    facts = next(s["facts"] for s in example(name)["steps"] if s["step"] == "notify")
    assert f"经查，当事人{facts}" in decision and f"经查，你单位{facts}" in docs["penalty_notice"]
    assert "询问笔录（编号E" in decision and "书证（编号E" in decision
    assert "违反了" in docs["penalty_notice"] and "依据" in docs["penalty_notice"]
    # The legal review's own words.
    assert "同意按拟处罚意见办理" in docs["legal_review_opinion"]


def test_only_interview_evidence_issues_an_interview_record(app, client, auth):
    case_id = imported(app, example("small"))
    with app.extensions["caseflow"].sessions() as s:
        kinds = [d.kind for d in s.scalars(select(Document).where(Document.case_id == case_id))]
    # Four pieces of evidence, one of them an interview.
    assert kinds.count("interview_record") == 1


def test_a_decision_on_a_person_names_the_person_and_no_legal_representative(app, client, auth):
    doc = example("hearing", kind="individual", name="王某", id_code="11010519491231002X")
    case_id = imported(app, doc)
    auth.login("head1")
    decision = printed(app, client, case_id)["penalty_decision"]
    assert "被处罚人" in decision and "11010519491231002X" in decision
    assert "法定代表人" not in decision and "你单位" not in decision


def test_an_english_reader_still_gets_a_chinese_notice(app, client, auth):
    case_id = imported(app, example("small"))
    auth.login("head1")
    client.get("/lang/en")
    with client.session_transaction() as sess:
        sess["lang"] = "en"
    notice = printed(app, client, case_id)["penalty_notice"]
    assert "罚款人民币20,000.00元" in notice
    assert "fine" not in re.sub(r"<[^>]+>", "", notice).lower()


def test_a_payment_demand_states_amount_surcharge_method_and_the_day_to_pay_by(app, client, auth):
    doc = example("small")
    doc["steps"] = [s for s in doc["steps"] if s["step"] not in ("pay", "close")]
    # Served 2024-04-03: due 2024-04-18; on 2024-05-28, 40 days late: 3% a day would
    # be 24,000, capped at the fine (行政处罚法 art. 72).
    doc["steps"].append({"step": "demand", "date": "2024-05-28"})
    case_id = imported(app, doc)
    auth.login("head1")
    demand = printed(app, client, case_id)["payment_demand"]
    assert "罚款人民币20,000.00元" in demand and "2024年4月18日前缴清" in demand
    assert "逾期40日，加处罚款人民币20,000.00元" in demand
    assert "合计人民币40,000.00元" in demand
    assert "缴纳方式：缴至指定银行或者通过电子支付系统缴纳" in demand
    # Ten working days from 2024-05-28, past the Dragon Boat holiday of 2024-06-10.
    assert "现催告你单位于2024年6月12日前履行" in demand


def _letter(app, police: str) -> str:
    """The transfer letter of a stand-in case, as the document page renders it."""
    from types import SimpleNamespace as NS

    from flask import render_template

    case = NS(id=1, label="坪应急罚〔2024〕1号", title="非法储存危险化学品",
              unit=NS(name="深圳市坪山区应急管理局"),
              party=NS(name="某公司", kind="organization"))  # fmt: skip
    doc = NS(kind="transfer_letter", title_zh="案件移送书", event_seq=9)
    with app.test_request_context("/"):
        return render_template(
            "documents/transfer_letter.html", case=case, doc=doc, people={},
            data={"date": "2024-05-01", "attachments": ["案件调查报告"]},
            file={"police": police}, violations={},
        )  # fmt: skip


def test_a_transfer_letter_goes_to_the_police_the_installation_names(app):
    assert '<p class="addressee">深圳市公安局坪山分局：</p>' in _letter(app, "深圳市公安局坪山分局")
    # Not named yet: a line to fill by hand, never another district's police.
    blank = _letter(app, "")
    assert "公安局" not in blank.split("addressee")[1].split("</p>")[0]
    assert "龙岗" not in blank


# -- the review body (行政复议法 2023 art. 24) -------------------------------------------


def _units():
    bureau = Unit(code="PS", name="深圳市坪山区应急管理局", level="county",
                  region="广东省深圳市坪山区")  # fmt: skip
    street = Unit(code="PS-KZ", name="坑梓街道办事处", level="street", delegated=True,
                  parent=bureau, region="坪山区坑梓街道")  # fmt: skip
    return bureau, street


def test_a_bureaus_decision_is_reviewed_by_its_own_government():
    bureau, _ = _units()
    assert review_body(bureau, {}) == "深圳市坪山区人民政府"


def test_a_street_office_acting_by_delegation_names_the_delegating_bureaus_government():
    _, street = _units()
    assert review_body(street, {}) == "深圳市坪山区人民政府"


def test_the_installation_names_the_government_where_the_unit_row_cannot():
    bureau, street = _units()
    bureau.region = None
    assert review_body(bureau, {}) == "深圳市坪山区应急管理局的本级人民政府"
    named = {"documents.review_bodies": {"PS": "深圳市坪山区人民政府"}}
    assert review_body(street, named) == "深圳市坪山区人民政府"


def test_an_issued_inspection_record_still_prints(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    page = client.get(f"/cases/{case_id}").text
    link = page.split(f'href="/cases/{case_id}/documents/')[1].split('"')[0]
    assert "现场检查记录" in client.get(f"/cases/{case_id}/documents/{link}").text


def test_a_street_offices_decision_names_the_delegating_bureaus_government(app, client, auth):
    with app.extensions["caseflow"].sessions() as s:
        s.execute(update(Unit).where(Unit.code == "LG").values(region="广东省深圳市龙岗区"))
        s.commit()
    doc = example("small")
    doc["unit"] = {"name": "坂田街道办事处", "level": "street", "delegated": True}
    doc["case_number"] = "深龙坂应急罚〔2024〕12号"
    case_id = imported(app, doc)
    auth.login("head1")
    decision = printed(app, client, case_id)["penalty_decision"]
    assert "坂田街道办事处" in decision  # the street office issues it, by delegation
    assert "依法向深圳市龙岗区人民政府申请行政复议" in decision


def test_a_failing_plugin_stops_the_printing_rather_than_print_an_untrue_document(make_app):
    from caseflow.plugin import hookimpl
    from tests.factories import PASSWORD, make_district

    class Broken:
        @hookimpl
        def caseflow_document_facts(self, kind, record, day, ctx):
            raise RuntimeError("no facts today")

    app = make_app(extra_plugins=[Broken()])
    with app.extensions["caseflow"].sessions() as s:
        make_district(s)
    case_id = imported(app, example("small"))
    client = app.test_client()
    client.post("/login", data={"username": "head1", "password": PASSWORD})
    with app.extensions["caseflow"].sessions() as s:
        doc_id = s.scalar(select(Document.id).where(Document.case_id == case_id))
    r = client.get(f"/cases/{case_id}/documents/{doc_id}")
    assert r.status_code == 503
