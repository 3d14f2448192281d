"""A late service on the phone waits in the head's review list; at his desk the head
signs the defect off with a reason, and the case page shows it and who signed it."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.engine.cases import open_case
from caseflow.models import Party, User
from tests.api.history import CLEAN, VIOLATIONS
from tests.browser.conftest import log_in


def decided_case(rt) -> int:
    """A case of the demo district decided on 1 Apr 2024 and never served: on the demo's
    day (20 Jun 2024) its service is long past the 7 working days."""
    with rt.sessions() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        party = s.scalars(select(Party).order_by(Party.id.desc())).first()
        case = open_case(
            rt.engine, s, workflow="general_penalty", party=party, unit=users["officer1"].unit,
            actor=users["officer1"], violations=VIOLATIONS, title="送达迟延的案件",
        )  # fmt: skip
        for user, step in CLEAN[: [st["step"] for _u, st in CLEAN].index("serve")]:
            data = {k: v for k, v in step.items() if k != "step"}
            rt.engine.fire(s, case, step["step"], data, users[user], acknowledge=True)
        s.commit()
        return case.id


def test_a_late_service_is_signed_off_by_the_head_and_shown_on_the_case(
    live_app, phone, desk, screenshots
):
    case_id = decided_case(live_app.extensions["caseflow"])

    log_in(phone, "officer1")
    phone.goto(f"/cases/{case_id}/steps/serve")
    phone.select_option("select[name=method]", "direct")
    phone.check("input[name=receipt_signed]")
    with phone.expect_navigation():
        phone.click("form.form button[type=submit]")
    assert phone.url.endswith(f"/cases/{case_id}")
    body = phone.inner_text("main")
    assert "等待负责人确认" in body and "APL-61-SERVICE" in body
    phone.screenshot(path=str(screenshots / "late-service-waits-phone.png"), full_page=True)

    log_in(desk, "head1")
    desk.goto("/review/")
    section = desk.locator("section.pending-step", has_text="APL-61-SERVICE").first
    desk.screenshot(path=str(screenshots / "review-queue-pending-desk.png"), full_page=True)
    section.locator("textarea[name=reason]").first.fill("当事人外出，无法按期送达")
    section.locator("select[name=category]").select_option("party")
    with desk.expect_navigation():
        section.locator("button.primary").click()
    assert desk.url.endswith(f"/cases/{case_id}")
    body = desk.inner_text("main")
    assert "APL-61-SERVICE" in body and "瑕疵已由" in body
    assert "黄强" in body and "当事人外出，无法按期送达" in body
    assert "待负责人确认的步骤" not in body
    desk.screenshot(path=str(screenshots / "defect-signed-off-desk.png"), full_page=True)
