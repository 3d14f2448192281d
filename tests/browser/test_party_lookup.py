"""A head looks a party up before deciding: the list, then the party's own page."""

from __future__ import annotations

from tests.browser.conftest import log_in


def test_a_head_finds_a_party_and_sees_its_cases_and_penalties(desk, screenshots):
    page = desk
    log_in(page, "head1")
    page.goto("/parties/?key=1")
    first = page.locator("table.list tbody tr td a").first
    name = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert name in page.inner_text("h1")
    for section in ("#risk", "#cases", "#inspections", "#penalties"):
        assert page.locator(section).is_visible()
    page.screenshot(path=str(screenshots / "party-page-desk.png"), full_page=True)


def test_a_party_with_a_penalty_shows_it_on_its_page(desk, screenshots):
    page = desk
    log_in(page, "head1")
    page.goto("/cases/?state=closed")
    with page.expect_navigation():
        page.locator("table.list tbody tr td a").first.click()
    party = page.locator("table.facts td").nth(2).inner_text().split("\n")[0].split(" ")[0]
    page.goto("/parties/?q=" + party)
    with page.expect_navigation():
        page.locator("table.list tbody tr td a").first.click()
    assert page.locator("#penalties tbody tr").count() >= 1
    assert "暂无行政处罚" not in page.inner_text("#penalties")
    page.screenshot(path=str(screenshots / "party-with-penalty-desk.png"), full_page=True)
