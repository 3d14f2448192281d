"""An officer in the field, on a phone: opens a case and records the inspection."""

from __future__ import annotations

from tests.browser.conftest import log_in


def fits_the_screen(page) -> bool:
    """Nothing pushes the page wider than the phone: no sideways scrolling of the page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]


def test_an_officer_on_a_phone_opens_a_case_and_records_the_inspection(phone, screenshots):
    page = phone
    log_in(page, "officer1")
    assert "工作台" in page.title()

    page.goto("/cases/new")
    page.select_option("select[name=workflow]", "general_penalty")
    page.select_option("select[name=party_id]", index=3)
    page.fill("input[name=title]", "锂电池仓储现场检查")
    page.screenshot(path=str(screenshots / "new-case-phone.png"), full_page=True)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    case_url = page.url
    assert fits_the_screen(page)

    page.click("a[href$='/steps/inspect']")
    assert fits_the_screen(page)
    page.check("input[name=by][value=officer1]")
    page.check("input[name=by][value=officer2]")
    page.check("input[name=credentials_shown]")
    page.fill("input[name=place]", "电芯成品仓库")
    page.check("input[name=signed_by_party]")
    page.screenshot(path=str(screenshots / "inspection-form-phone.png"), full_page=True)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")

    assert page.url == case_url
    body = page.inner_text("main")
    assert "现场检查" in body and "电芯成品仓库" in body
    assert fits_the_screen(page)
    page.screenshot(path=str(screenshots / "case-after-inspection-phone.png"), full_page=True)


def test_a_refused_step_on_a_phone_says_why_and_records_nothing(phone):
    page = phone
    log_in(page, "officer2")
    page.goto("/cases/new")
    page.select_option("select[name=workflow]", "general_penalty")
    page.select_option("select[name=party_id]", index=4)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    case_url = page.url
    page.click("a[href$='/steps/inspect']")
    page.check("input[name=by][value=officer2]")  # one officer only: two are required
    page.fill("input[name=place]", "配电房")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".refusal, .has-error")
    assert "/steps/inspect" in page.url
    page.goto(case_url)
    assert "配电房" not in page.inner_text("main")
