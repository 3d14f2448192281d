"""The web door: server-rendered pages over the same engine calls as the API."""

from __future__ import annotations

from flask import Flask, g

from caseflow.runtime import Runtime


def runtime(app: Flask | None = None) -> Runtime:
    from flask import current_app

    return (app or current_app).extensions["caseflow"]


def db_session():
    """The request's database session (one request, one transaction)."""
    if "db_session" not in g:
        g.db_session = runtime().sessions()
    return g.db_session


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
