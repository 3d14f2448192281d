"""Security headers on every response the app gives: pages, API, files and errors.

Set by a WSGI middleware rather than ``after_request`` so that no answer escapes them
(an error raised while finishing a response skips ``after_request``), and so the
``Server`` header is ours before the development server would add its own, which names
the Werkzeug and Python versions.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

# No inline script or handler anywhere (templates/ and the API docs page load scripts
# from files), so scripts come only from this site. Styles likewise. Swagger UI draws
# its icons as data: images.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Server": "CaseFlow",
}
# Only over TLS: a browser ignores HSTS on plain http, and sending it from a test
# server on http://localhost would say nothing true.
HSTS = ("Strict-Transport-Security", "max-age=31536000")


class SecurityHeaders:
    """WSGI middleware: replaces what the app set for these names with ours."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        extra = list(HEADERS.items())
        if environ.get("wsgi.url_scheme") == "https":
            extra.append(HSTS)
        names = {name.lower() for name, _ in extra}

        def start(status, headers, exc_info=None):
            kept = [(n, v) for n, v in headers if n.lower() not in names]
            return start_response(status, kept + extra, exc_info)

        return self.wsgi_app(environ, start)


class DevRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler without the ``Server: Werkzeug/x Python/y`` line that
    http.server writes before the app's headers (``caseflow demo`` serves with it)."""

    def send_response(self, code, message=None):
        # http.server's own send_response, less its Server header.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def init_app(app: Flask) -> None:
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
