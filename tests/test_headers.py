"""Security headers on every response: pages, API, files, errors, signed in or not."""

from __future__ import annotations

import pytest

from caseflow.headers import CSP
from tests.factories import PASSWORD, make_district

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Server": "CaseFlow",
}


def assert_headers(response, what):
    response.close()  # a file answer holds its file open until closed
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, what
    assert "unsafe-inline" not in csp, what
    assert "Strict-Transport-Security" not in response.headers, what  # plain http here
    assert "Werkzeug" not in response.headers.get("Server", ""), what


def _url(rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg].__class__.__name__
        values[arg] = 1 if "Integer" in converter or "Id" in converter else "x"
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def world(make_app):
    app = make_app()
    with app.extensions["caseflow"].sessions() as s:
        make_district(s)
    return app


def test_every_route_answers_with_the_security_headers(world):
    anonymous = world.test_client()
    admin = world.test_client()
    assert admin.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    token = (
        world.test_client()
        .post("/api/v1/auth/token", json={"username": "admin", "password": PASSWORD})
        .get_json()["token"]
    )
    seen = 0
    for rule in world.url_map.iter_rules():
        url = _url(rule)
        if rule.endpoint == "static":
            url = "/static/css/caseflow.css"
        if rule.endpoint == "api_assets.static":
            url = "/api/static/swagger-ui/swagger-ui.css"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for client, headers in ((anonymous, {}), (admin, {"Authorization": f"Bearer {token}"})):
                if rule.endpoint in ("auth.logout", "api_auth.revoke"):
                    continue  # would end the walk's own session
                r = client.open(url, method=method, headers=headers)
                assert_headers(r, f"{method} {url} -> {r.status_code}")
                seen += 1
    assert seen > 60


def test_errors_and_files_carry_the_headers_too(world):
    client = world.test_client()
    for url in ("/no/such/page", "/api/v1/no-such", "/static/no-such.css",
                "/static/js/print.js", "/api/openapi.json", "/api/docs"):  # fmt: skip
        assert_headers(client.get(url), url)
    assert_headers(client.put("/login"), "405")


def test_an_unexpected_failure_is_a_500_with_the_headers(make_app):
    app = make_app(TESTING=False)

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    r = app.test_client().get("/broken")
    assert r.status_code == 500
    assert_headers(r, "500")


def test_hsts_only_over_tls(world):
    client = world.test_client()
    r = client.get("/login", base_url="https://caseflow.example")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_no_page_carries_an_inline_script_or_handler(world):
    """The CSP forbids them: one would silently stop working in the browser."""
    import re
    from pathlib import Path

    from caseflow.config import ROOT

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.I)
    for path in list((ROOT / "templates").rglob("*.html")):
        assert not inline.search(path.read_text(encoding="utf-8")), path
    docs = world.test_client().get("/api/docs").text
    assert not inline.search(docs) and "swagger-initializer.js" in docs
    assert Path(ROOT / "caseflow/api/static/swagger-ui/swagger-initializer.js").exists()
    with world.test_client().get("/api/static/swagger-ui/swagger-initializer.js") as r:
        assert r.status_code == 200 and b"SwaggerUIBundle(config)" in r.data


def test_the_csp_names_no_other_site():
    assert "http" not in CSP and "*" not in CSP


def test_the_demo_server_names_no_versions():
    """http.server writes Server: Werkzeug/x Python/y itself, before the app's headers."""
    import io

    from caseflow.headers import DevRequestHandler

    handler = object.__new__(DevRequestHandler)
    handler.request_version, handler.wfile = "HTTP/1.1", io.BytesIO()
    handler.log_request = lambda *a: None
    handler.send_response(200)
    handler.end_headers()
    sent = handler.wfile.getvalue().decode()
    assert " 200 OK" in sent.splitlines()[0] and "Date:" in sent
    assert "Server" not in sent and "Werkzeug" not in sent and "Python" not in sent
