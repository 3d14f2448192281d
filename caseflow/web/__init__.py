"""The web door: server-rendered pages over the same engine calls as the API.

``init_app`` only wires: login, CSRF, translations, the blueprints (one per
aggregate) and the error pages. Nothing here decides a legal question; the
engine does, and the pages show its answer.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import DBAPIError, DisconnectionError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from caseflow.outage import diagnose
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


def now() -> dt.datetime:
    """The app's clock (settable in tests): idle timeouts and throttles run on it."""
    return runtime().engine.clock()


# Everything a signed-in session carries: Flask-Login's keys and ours.
SESSION_KEYS = ("_user_id", "_fresh", "_id", "generation", "seen", "must_change_password")


def start_session(user) -> None:
    """Mark the session with the user's current generation and the time it was used."""
    session["generation"] = user.session_generation
    session["seen"] = now().timestamp()


def drop_session() -> None:
    for key in SESSION_KEYS:
        session.pop(key, None)


@login_manager.user_loader
def _load_user(user_id: str):
    from flask import current_app

    from caseflow.models import SecurityKind, User
    from caseflow.security_log import record

    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    if user is None or not user.active:
        return None
    # A cookie kept from before a logout or a password change carries an old
    # generation: it signs nobody in, in this process or any other.
    if session.get("generation") != user.session_generation:
        drop_session()
        return None
    moment = now().timestamp()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if moment - session.get("seen", 0) > idle:
        drop_session()
        record(db_session(), SecurityKind.SESSION_EXPIRED, now(), actor=user,
               address=request.remote_addr)  # fmt: skip
        db_session().commit()
        flash(gettext("长时间未操作，已自动退出，请重新登录"), "info")
        return None
    session["seen"] = moment
    return user


def init_app(app: Flask) -> None:
    from caseflow.web import (
        admin,
        auth,
        campaigns,
        cases,
        corrections,
        dashboard,
        defects,
        draws,
        evidence,
        i18n,
        inspections,
        parties,
        plans,
        recusals,
        review,
        security,
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
    for module in (auth, dashboard, cases, steps, parties, evidence, review, defects, admin,
                   security):  # fmt: skip
        app.register_blueprint(module.bp)
    for module in (plans, draws, recusals, corrections, inspections, campaigns):
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

    @app.before_request
    def _password_change_first():
        # A right password that no longer meets the rules signed in, but only to change it.
        if request.path.startswith(("/static/", "/api/")) or not session.get(
            "must_change_password"
        ):
            return None
        if request.endpoint in ("auth.change_password", "auth.logout", "auth.set_language"):
            return None
        if current_user.is_authenticated:
            return redirect(url_for("auth.change_password"))
        return None

    @app.teardown_appcontext
    def _close_session(_exc):
        db = g.pop("db_session", None)
        if db is not None:
            db.close()


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

    def _outage(exc: Exception):
        outage = diagnose(exc)
        if outage is None:
            raise exc  # an ordinary bug: Flask's 500
        app.logger.warning("outage %s: %s", outage.code, exc)
        # A page of its own that needs neither the database (no user, no saved
        # language) nor anything the outage may have taken away.
        page = render_template("errors/unavailable.html", outage=outage)
        return page, 503, {"Retry-After": str(outage.retry_after)}

    # The API registers its own handlers for these after the web's and calls this one
    # for pages (caseflow.api.errors).
    app.register_error_handler(DBAPIError, _outage)
    app.register_error_handler(DisconnectionError, _outage)
    app.register_error_handler(OSError, _outage)
