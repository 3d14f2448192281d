"""Every API error is JSON of one shape: ``code``, ``message``, ``errors``, ``findings``.

``errors`` maps a field (dotted for nested ones: ``violations.0.code``) to its
messages; ``findings`` carries the rules' reasons when the engine refuses a step.
Web pages keep their own HTML error pages: only /api/ answers are handled here.
"""

from __future__ import annotations

from flask import Flask, jsonify
from sqlalchemy.exc import DBAPIError, DisconnectionError
from werkzeug.exceptions import HTTPException

from caseflow.casefile import CaseFileError
from caseflow.engine.errors import Refused
from caseflow.outage import Outage, diagnose

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}
# webargs reports errors per request location; the body's are the fields themselves.
LOCATIONS = ("json", "query", "querystring", "view_args", "headers", "form", "files")


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"a.0.b": ["..."]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            out.setdefault(prefix or "_schema", []).extend(messages)
        else:
            for m in messages:
                for key, value in flatten(m, prefix).items():
                    out.setdefault(key, []).extend(value)
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out


def payload(code: str, message: str, errors=None, findings=(), **extra) -> dict:
    return {
        "code": code,
        "message": message,
        "errors": flatten(errors or {}),
        "findings": list(findings),
        **extra,
    }


def http_error(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or data.get("errors") or {}
    if isinstance(messages, dict) and set(messages) <= set(LOCATIONS):
        merged: dict = {}
        for value in messages.values():
            merged.update(value if isinstance(value, dict) else {"_body": value})
        messages = merged
    code = exc.code or 500
    message = data.get("message") or exc.description or exc.name
    if code == 422 and messages and not data.get("message"):
        message = "the request's data is invalid: " + ", ".join(sorted(flatten(messages)))
    body = payload(CODES.get(code, exc.name.lower().replace(" ", "_")), message, messages)
    response = jsonify(body)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="caseflow"'
    if code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response


def refused(exc: Refused):
    return jsonify(payload(exc.code, str(exc), exc.field_errors, exc.to_dict()["findings"])), (
        exc.http_status
    )


def bad_case_file(exc: CaseFileError):
    errors: dict[str, list[str]] = {}
    for line in exc.errors:
        field, _, problem = line.partition(": ")
        if not problem:
            field, problem = "_schema", line
        errors.setdefault(field, []).append(problem)
    return jsonify(payload("invalid_case_file", "the case file cannot be read", errors)), 422


def unavailable(outage: Outage):
    """A failure underneath (caseflow.outage): 503, the outage's own code, when to retry."""
    response = jsonify(payload(outage.code, f"{outage.zh} / {outage.en}"))
    response.status_code = 503
    response.headers["Retry-After"] = str(outage.retry_after)
    return response


def register_handlers(bp) -> None:
    bp.register_error_handler(Refused, refused)
    bp.register_error_handler(CaseFileError, bad_case_file)


def init_app(app: Flask) -> None:
    from caseflow.api import is_api_request

    # The web's handler (HTML pages), if the web door registered one first.
    previous = app.error_handler_spec.get(None, {}).get(None, {}).get(HTTPException)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if is_api_request():
            return http_error(exc)
        return previous(exc) if previous is not None else exc

    for cls in (DBAPIError, DisconnectionError, OSError):
        _answer_outages(app, cls)


def _answer_outages(app: Flask, cls: type[Exception]) -> None:
    from caseflow.api import is_api_request

    page = app.error_handler_spec.get(None, {}).get(None, {}).get(cls)

    def _outage(exc: Exception):
        outage = diagnose(exc) if is_api_request() else None
        if outage is not None:
            app.logger.warning("outage %s: %s", outage.code, exc)
            return unavailable(outage)
        if page is not None:
            return page(exc)
        raise exc

    app.register_error_handler(cls, _outage)
