"""The case page, the API and the rules name the same last day of a legal period
(issue 8): both open the period the procedure defines, and the rule judges by it."""

from __future__ import annotations

import re

from tests.api.history import CLEAN, drive, open_general_case, take
from tests.factories import PASSWORD


def _deadline(api, case_id: int, name: str) -> str:
    (d,) = [d for d in api.case(case_id, "officer1")["deadlines"] if d["name"] == name]
    return d["due"]


def _page_shows(api, case_id: int, label: str, day: str) -> bool:
    api.client.post("/login", data={"username": "officer1", "password": PASSWORD})
    html = api.client.get(f"/cases/{case_id}").get_data(as_text=True)
    row = re.search(rf"<td>{label}</td>\s*<td[^>]*>([^<]*)<", html)
    return row is not None and row.group(1).strip() == day


def _step(name: str) -> tuple[str, dict]:
    return next((u, dict(s)) for u, s in CLEAN if s["step"] == name)


def test_a_notice_offering_a_hearing_shows_and_enforces_one_window(api, district, clock):
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="notify")
    user, notice = _step("notify")
    notice["rights"] = ["statement", "defence", "hearing"]
    assert take(api, clock, case, user, notice).status_code == 200
    # Served Tue 26 Mar 2024: five working days (a hearing offered) end Tue 2 Apr.
    assert _deadline(api, case, "statement_window") == "2024-04-02"
    assert _page_shows(api, case, "陈述申辩期", "2024-04-02")

    user, decide = _step("decide")
    too_early = take(api, clock, case, user, {**decide, "date": "2024-04-02"})
    assert too_early.status_code == 422
    (wait,) = [f for f in too_early.get_json()["findings"] if f["rule"] == "APL-WAIT"]
    assert "2024-04-02" in wait["message"]
    after = take(api, clock, case, user, {**decide, "date": "2024-04-03"})
    assert after.status_code == 200, after.get_json()


def test_an_extension_signed_after_the_limit_moves_nothing_and_is_refused(api, district, clock):
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="notify")
    # Filed 7 Mar 2024: the 90 days end 5 Jun, as the case page and the API say.
    assert _deadline(api, case, "decision_due") == "2024-06-05"
    late = {"step": "extension", "date": "2024-07-03", "approved_by": "head1", "days": 30}
    r = take(api, clock, case, "head1", late)  # day 118
    assert r.status_code == 422
    assert [f["rule"] for f in r.get_json()["findings"]] == ["APL-60-90DAY"]
    assert _deadline(api, case, "decision_due") == "2024-06-05"


def test_an_extension_in_time_moves_the_deadline_the_rule_decides_by(api, district, clock):
    case = open_general_case(api, district)["id"]
    drive(api, clock, case, CLEAN, until="notify")
    clock.set("2024-05-30")
    ext = {"step": "extension", "date": "2024-05-30", "approved_by": "head1", "days": 30}
    assert take(api, clock, case, "head1", ext).status_code == 200
    assert _deadline(api, case, "decision_due") == "2024-07-05"
    assert _page_shows(api, case, "90日内作出决定", "2024-07-05")
