"""An officer on a phone records an inspection by its checklist: finds the party, taps
pass or fail item by item, writes what was found with a photo and a deadline, and the
failures become hazards ordered corrected on one order."""

from __future__ import annotations

import base64

from tests.browser.conftest import log_in
from tests.browser.test_field_officer import fits_the_screen

# A one-pixel PNG: the photo of what was found.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_an_officer_records_an_inspection_with_a_checklist_on_a_phone(phone, screenshots, tmp_path):
    page = phone
    log_in(page, "officer1")
    page.goto("/inspections/new?q=电池")
    assert fits_the_screen(page)
    page.screenshot(path=str(screenshots / "inspection-party-lookup-phone.png"), full_page=True)
    with page.expect_navigation():
        page.click(".pick-list a >> nth=1")
    assert page.locator(".items .item").count() > 5
    assert fits_the_screen(page)
    page.screenshot(path=str(screenshots / "inspection-form-top-phone.png"))

    page.select_option("select[name=officer2]", "officer2")
    page.fill("input[name=tags]", "锂电池")
    toggles = page.locator(".items .item")
    for i in range(toggles.count()):
        toggles.nth(i).locator(".toggle-pass").click()
    item = page.locator("#item-LI-S-04")
    item.locator(".toggle-fail").click()
    assert item.locator("textarea").is_visible()  # a failed item opens its details
    item.locator("textarea").fill("电池仓库内设有配电箱")
    item.locator("input[type=date]").fill("2024-07-05")
    photo = tmp_path / "box.png"
    photo.write_bytes(PIXEL)
    item.locator("input[type=file]").set_input_files(str(photo))
    item.screenshot(path=str(screenshots / "inspection-failed-item-phone.png"))
    page.screenshot(path=str(screenshots / "inspection-checklist-phone.png"), full_page=True)
    with page.expect_navigation():
        page.click(".inspection-form button[type=submit]")

    body = page.inner_text("main")
    assert "检查〔2024〕" in body and "隐患〔2024〕" in body and "电池仓库内设有配电箱" in body
    page.screenshot(path=str(screenshots / "inspection-recorded-phone.png"), full_page=True)
    assert fits_the_screen(page)
    with page.expect_navigation():
        page.click("a[href$='/correction-order']")
    order = page.inner_text("article")
    assert "责令限期整改指令书" in order and "LI-S-04" in order and "2024年7月5日前" in order


def test_a_failed_item_left_without_a_note_is_marked_on_the_phone(phone):
    page = phone
    log_in(page, "officer2")
    page.goto("/inspections/new?q=电池")
    with page.expect_navigation():
        page.click(".pick-list a >> nth=2")
    page.select_option("select[name=officer2]", "officer1")
    page.locator(".items .item >> nth=0").locator(".toggle-fail").click()
    page.click(".inspection-form button[type=submit]")
    page.wait_for_selector(".item.has-error")
    assert page.locator(".item.has-error").count() >= 1
    assert fits_the_screen(page)
