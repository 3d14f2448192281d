"""The web door: server-rendered pages over the same engine calls as the API.

``init_app`` only wires: login, CSRF, translations, the blueprints (one per
aggregate) and the error pages. Nothing here decides a legal question; the
engine does, and the pages show its answer.
"""

from __future__ import annotations

from flask import Flask, abort, g, render_template, request
from flask_babel import gettext
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from caseflow.runtime import Runtime

login_manager = LoginManager()


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional marker name
    """Mark a string for extraction without translating it now."""
    return message


csrf = CSRFProtect()

# Ids are 32-bit integers on PostgreSQL (and at most 64-bit on SQLite).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A row id in a path, ``<id:case_id>``: 1 to MAX_ID. A larger number names no row;
    as a plain ``int`` it reached the database and failed there (a 500), now it is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID)


def runtime(app: Flask | None = None) -> Runtime:
    from flask import current_app

    return (app or current_app).extensions["caseflow"]


def db_session():
    """The request's database session (one request, one transaction)."""
    if "db_session" not in g:
        g.db_session = runtime().sessions()
    return g.db_session


@login_manager.user_loader
def _load_user(user_id: str):
    from caseflow.models import User

    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    from caseflow.web import (
        admin,
        auth,
        cases,
        dashboard,
        draws,
        evidence,
        i18n,
        parties,
        plans,
        recusals,
        review,
        steps,
    )

    app.url_map.converters["id"] = IdConverter  # before the blueprints' rules are added
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Translated when flashed (in the request's language), marked here for extraction.
    login_manager.login_message = N_("请先登录")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    i18n.init_app(app)
    for module in (auth, dashboard, cases, steps, parties, evidence, review, admin):
        app.register_blueprint(module.bp)
    for module in (plans, draws, recusals):
        app.register_blueprint(module.bp)
    _error_pages(app)

    @app.before_request
    def _no_nul_in_query():
        # PostgreSQL can neither store nor compare text holding NUL: a filter such as
        # /parties/?q=%00 failed in the database (a 500). Nobody types one: 400.
        if request.path.startswith(("/static/", "/api/")):
            return
        if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
            abort(400)

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def _error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        # The REST API answers in JSON through its own handlers; files stay plain.
        if request.path.startswith(("/static/", "/api/")):
            return exc
        return render_template("errors/error.html", code=exc.code, reason=None), exc.code
