"""An officer drafts a pre-decision notice on a phone: the form asks for its contents
(APL-44-CONTENT) and starts from the provisions the case is about."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.models import Case
from tests.browser.conftest import log_in
from tests.browser.test_field_officer import fits_the_screen


def test_the_notice_form_asks_for_its_contents_and_cites_the_cases_violations(
    phone, live_app, screenshots
):
    with live_app.extensions["caseflow"].sessions() as s:
        case = s.scalars(select(Case).where(Case.state == "notified")).first()
        case_id, codes = case.id, [v["code"] for v in case.violations]
    page = phone
    log_in(page, "officer1")
    page.goto(f"/cases/{case_id}/steps/notify")
    for name in ("facts", "statement_days", "method", "receipt_signed"):
        assert page.locator(f"[name={name}]").count() == 1
    assert page.input_value("input[name=basis]") == ", ".join(codes)
    assert fits_the_screen(page)
    page.screenshot(path=str(screenshots / "notice-form-phone.png"), full_page=True)
