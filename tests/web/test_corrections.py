"""更正 on the case page: a head voids a wrong payment from the page, the page shows the
original struck through beside the void; an officer's correction waits for a head."""

from __future__ import annotations

import re

from sqlalchemy import select

from caseflow.models import Case, Event, Party
from tests.api.conftest import ApiClient
from tests.api.history import CLEAN, drive, open_general_case, take
from tests.web.conftest import AuthActions


def _paid_2000(app, clock) -> tuple[int, int]:
    api = ApiClient(app)
    with app.extensions["caseflow"].sessions() as s:
        party = s.scalar(select(Party))
    case = open_general_case(api, {"party": party})
    drive(api, clock, case["id"], CLEAN, until="pay")
    r = take(api, clock, case["id"], "officer1", {"step": "pay", "date": "2024-04-15",
                                                   "amount": 2000})  # fmt: skip
    assert r.status_code == 200, r.get_json()
    return case["id"], r.get_json()["event_seq"]


def _form(client, path: str) -> dict:
    page = client.get(path).text
    version = re.search(r'name="expected_version" type="hidden" value="(\d+)"', page).group(1)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    return {"expected_version": version, "form_token": token}


def _state(app, case_id) -> str:
    with app.extensions["caseflow"].sessions() as s:
        return s.get(Case, case_id).state


def test_a_head_voids_a_wrong_payment_from_the_case_page_and_sees_both(app, clock):
    case_id, wrong = _paid_2000(app, clock)
    client = app.test_client()
    AuthActions(client).login("head1")
    page = client.get(f"/cases/{case_id}").text
    path = f"/cases/{case_id}/corrections/{wrong}"
    assert f'href="{path}"' in page  # each recorded step has its 更正 action
    form = {**_form(client, path), "void": "y", "reason": "金额录入错误，应为20000元"}
    r = client.post(path, data=form)
    assert r.status_code == 302, r.text
    assert _state(app, case_id) == "served"
    again = client.post(path, data=form)  # the back button and resubmit
    assert again.status_code == 409 and "已记录" in again.text
    assert "案件已被他人修改" not in again.text
    page = client.get(f"/cases/{case_id}").text
    row = page.split(f'id="step-{wrong}"')[1].split("</tr>")[0]
    assert "<del>" in row and "金额录入错误，应为20000元" in row and "head1" in row


def test_a_refused_void_says_why_and_records_nothing(app, clock):
    case_id, _wrong = _paid_2000(app, clock)
    with app.extensions["caseflow"].sessions() as s:
        register = s.scalar(select(Event.seq).where(Event.case_id == case_id,
                                                    Event.step == "register"))  # fmt: skip
    client = app.test_client()
    AuthActions(client).login("head1")
    path = f"/cases/{case_id}/corrections/{register}"
    r = client.post(path, data={**_form(client, path), "void": "y", "reason": "误录"})
    assert r.status_code == 409 and "只能作废最近一个使案件流转的步骤" in r.text
    assert _state(app, case_id) == "served"


def test_an_officer_proposes_a_corrected_key_and_the_head_approves_it(app, clock):
    case_id, wrong = _paid_2000(app, clock)
    with app.extensions["caseflow"].sessions() as s:
        evidence = s.scalar(select(Event.seq).where(Event.case_id == case_id,
                                                    Event.step == "evidence"))  # fmt: skip
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("officer1")
    path = f"/cases/{case_id}/corrections/{evidence}"
    r = client.post(path, data={**_form(client, path), "keys": "description=现场检查记录照片",
                                "reason": "补充证据说明"}, follow_redirects=True)  # fmt: skip
    assert r.status_code == 200 and "等待负责人批准" in r.text
    assert f"（步骤#{evidence}）等待负责人批准" in client.get(f"/cases/{case_id}").text
    auth.logout()
    auth.login("head1")
    queue = client.get("/review/").text
    assert f"更正步骤#{evidence}" in queue and "description" in queue
    pending_id = int(queue.split('id="pending-')[1].split('"')[0])
    r = client.post(f"/review/pending/{pending_id}/acknowledge",
                    data={"reason": "同意", "category": "internal"})  # fmt: skip
    assert r.status_code == 302
    page = client.get(f"/cases/{case_id}").text
    row = page.split(f'id="step-{evidence}"')[1].split("</tr>")[0]
    assert "<ins>现场检查记录照片</ins>" in row
