"""The REST door: flask-smorest over the same engine calls as the web.

``init_app`` only wires: the OpenAPI spec and its vendored docs page, JSON
errors for every API answer, token auth, one database session per request, and
the blueprints (one per aggregate). Nothing here decides a legal question.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, g, request
from flask_smorest import Api

from caseflow.api.nesting import MAX_DEPTH, too_deep
from caseflow.api.schemas import ErrorSchema

API_PREFIX = "/api/v1"

DEFAULTS = {
    "API_TITLE": "CaseFlow",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    # Vendored (caseflow/api/static/swagger-ui): offices run offline, and the docs
    # page must not fetch code from a CDN. Relative to /api/docs.
    "OPENAPI_SWAGGER_UI_URL": "static/swagger-ui/",
    # Swagger UI would otherwise send the spec to validator.swagger.io.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "API_SPEC_OPTIONS": {
        "security": [{"bearerAuth": []}],
        "info": {
            "description": "CaseFlow work-safety enforcement cases for integrators. "
            "Authenticate with POST /api/v1/auth/token, then send "
            "`Authorization: Bearer <token>`."
        },
    },
    # A case file of a long case is tens of kilobytes; evidence files go through the web.
    "API_MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "API_TOKEN_HOURS": 12,
}


# The docs page's scripts and styles, served from the package.
assets = Blueprint(
    "api_assets", __name__, static_folder="static", static_url_path="/static", url_prefix="/api"
)


class CaseFlowApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # flask-smorest would take over every HTTPException of the app, web pages
        # included; caseflow.api.errors answers JSON for /api/ and leaves the rest.
        pass


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    from caseflow.api import (
        actions,
        auth,
        casefiles,
        cases,
        defects,
        draws,
        errors,
        inspections,
        parties,
        pending,
        people,
        plans,
        recusals,
        rules,
        security,
        workflows,
    )

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    api = CaseFlowApi(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token"}
    )
    errors.init_app(app)
    csrf = app.extensions.get("csrf")
    # casefiles before cases: /cases/import must not be read as a case id.
    for module in (auth, casefiles, cases, actions, parties, people, workflows, rules, security,
                   plans, draws, recusals, pending, defects, inspections):  # fmt: skip
        api.register_blueprint(module.bp, url_prefix=API_PREFIX + module.PREFIX)
        if csrf is not None:
            # No cookie authenticates an API call, so there is no cross-site request
            # to forge: a bearer token must be sent deliberately by the client.
            csrf.exempt(module.bp)
    app.register_blueprint(assets)
    app.extensions["caseflow_api"] = api

    @app.before_request
    def _limit_body():
        if is_api_request():
            request.max_content_length = app.config["API_MAX_CONTENT_LENGTH"]
            if request.is_json and too_deep(request.get_data(cache=True)):
                abort(400, description=f"the JSON body nests deeper than {MAX_DEPTH} levels")

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("api_session", None)
        if session is not None:
            session.close()
