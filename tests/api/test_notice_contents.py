"""A live pre-decision notice always carries its contents (APL-44-CONTENT, legal-rules.md
Revision 2; case-file-format.md 1.1 "New keys on existing steps").

《行政处罚法》第四十四条：行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚
内容及事实、理由、依据，并告知当事人依法享有的陈述、申辩、要求听证等权利。
"""

from __future__ import annotations

import re

import pytest

from tests.api.history import CLEAN, NOTICE_CONTENTS, drive, open_general_case, take
from tests.factories import PASSWORD


def _notified(api, district, clock):
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="notify")
    user, notice = next((u, dict(s)) for u, s in CLEAN if s["step"] == "notify")
    return case, user, notice


@pytest.mark.parametrize("key", list(NOTICE_CONTENTS))
def test_a_live_notice_without_one_of_its_contents_is_refused_naming_the_field(
    key, api, district, clock
):
    case, user, notice = _notified(api, district, clock)
    del notice[key]
    r = take(api, clock, case, user, notice)
    assert r.status_code == 422, r.get_json()
    assert list(r.get_json()["errors"]) == [key]
    assert api.case(case, user)["state"] == "concluded"


def test_a_live_notice_without_its_facts_is_refused_naming_the_field(api, district, clock):
    case, user, notice = _notified(api, district, clock)
    del notice["facts"]
    r = take(api, clock, case, user, notice)
    assert r.status_code == 422 and "facts" in r.get_json()["errors"]


def test_a_notice_citing_no_provision_is_refused(api, district, clock):
    case, user, notice = _notified(api, district, clock)
    r = take(api, clock, case, user, {**notice, "basis": []})
    assert r.status_code == 422, r.get_json()
    (f,) = [f for f in r.get_json()["findings"] if f["rule"] == "APL-44-CONTENT"]
    assert f["severity"] == "error" and "basis" in f["message"]
    assert api.case(case, user)["state"] == "concluded"


def test_a_notice_whose_facts_state_nothing_is_refused(api, district, clock):
    case, user, notice = _notified(api, district, clock)
    r = take(api, clock, case, user, {**notice, "facts": "  "})
    assert r.status_code == 422
    assert [f["rule"] for f in r.get_json()["findings"]] == ["APL-44-CONTENT"]


def test_a_notice_served_directly_without_a_signed_receipt_is_refused(api, district, clock):
    case, user, notice = _notified(api, district, clock)
    r = take(api, clock, case, user, {**notice, "receipt_signed": False})
    assert r.status_code == 422
    (f,) = [f for f in r.get_json()["findings"] if f["rule"] == "APL-44-CONTENT"]
    assert "receipt" in f["message"]


def test_a_complete_notice_is_taken(api, district, clock):
    case, user, notice = _notified(api, district, clock)
    r = take(api, clock, case, user, notice)
    assert r.status_code == 200, r.get_json()
    assert api.case(case, user)["state"] == "notified"


# The notice form: it asks for the contents, starting from what the case already says.


def _form(api, case: int) -> str:
    api.client.post("/login", data={"username": "officer1", "password": PASSWORD})
    return api.client.get(f"/cases/{case}/steps/notify").get_data(as_text=True)


def test_the_notice_form_cites_the_cases_violations_and_the_reports_facts(api, district, clock):
    case = open_general_case(api, district)["id"]
    found = "未按规定对员工进行安全生产教育和培训，涉及员工12名"
    history = [(u, {**s, "facts": found} if s["step"] == "conclude" else s) for u, s in CLEAN]
    drive(api, clock, case, history, until="notify")
    page = _form(api, case)
    assert re.search(r'name="basis"[^>]*value="AQL-97-3"', page)
    assert re.search(rf'<textarea[^>]*name="facts"[^>]*>\s*{found}</textarea>', page)
    for name in ("statement_days", "method", "receipt_signed"):
        assert f'name="{name}"' in page


def test_the_notice_form_suggests_no_facts_when_the_report_states_none(api, district, clock):
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="notify")
    page = _form(api, case)
    assert re.search(r'<textarea[^>]*name="facts"[^>]*>\s*</textarea>', page)


def test_a_notice_form_sent_without_facts_comes_back_with_the_error_on_facts(api, district, clock):
    case, _user, notice = _notified(api, district, clock)
    clock.set(notice["served"])
    _form(api, case)
    version = api.case(case, "officer1")["version"]
    form = {
        "date": notice["date"], "served": notice["served"], "proposed__kinds": ["fine"],
        "proposed__fine": "20000", "rights": ["statement", "defence"], "basis": "AQL-97-3",
        "statement_days": "3", "method": "direct", "receipt_signed": "y",
        "expected_version": str(version),
    }  # fmt: skip
    r = api.client.post(f"/cases/{case}/steps/notify", data=form)
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert re.search(r'field has-error wide">\s*<label[^>]*for="facts"', page)
    assert page.count("has-error") == 1  # only the facts are wanting
    r = api.client.post(
        f"/cases/{case}/steps/notify",
        data={**form, "facts": "未按规定对员工进行安全生产教育和培训"},
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    assert api.case(case, "officer1")["state"] == "notified"
