"""Every page works under the Content-Security-Policy: no inline script is blocked, and
the API's Swagger UI (its initialiser served as a file) renders the operations."""

from __future__ import annotations

from tests.browser.conftest import log_in


def test_the_api_docs_render_under_the_csp(desk, screenshots):
    page = desk
    blocked = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto("/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() > 5
    assert blocked == []
    page.screenshot(path=str(screenshots / "api-docs-desk.png"))


def test_the_case_pages_raise_no_csp_violation(desk):
    page = desk
    blocked = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    log_in(page, "head1")
    for path in ("/", "/cases/", "/parties/", "/review/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.locator("table.list tbody tr td a").first.click()
    page.wait_for_load_state()
    assert blocked == []
