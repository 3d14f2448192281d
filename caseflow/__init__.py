"""CaseFlow: a plugin-based case-management workflow engine for law enforcement."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from caseflow.clock import settable_clock
from caseflow.config import ROOT, cookie_settings, from_env, secret_key


def create_app(test_config: dict | None = None, extra_plugins=(), clock=None) -> Flask:
    """The Flask app factory: it only wires; each subsystem has its own init_app."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    instance = Path(app.instance_path)
    app.config.update(from_env(instance))
    if test_config:
        app.config.update(test_config)
    app.config.update(cookie_settings(app.config))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(instance)

    from caseflow import api, headers, web
    from caseflow.runtime import build_runtime

    clock = clock or settable_clock(app.config.get("TODAY"))
    app.extensions["caseflow"] = build_runtime(app.config, extra_plugins=extra_plugins, clock=clock)
    web.init_app(app)
    api.init_app(app)  # after the web: it exempts its blueprints from the web's CSRF
    headers.init_app(app)
    return app
