"""Logging in and out, and choosing the language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from caseflow.models import User
from caseflow.web import db_session
from caseflow.web.forms import LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: a crafted ?next= must not send a user elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


@bp.route("/login", methods=("GET", "POST"))
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db_session().scalar(select(User).where(User.username == form.username.data))
        if user is None or not user.active or not user.check_password(form.password.data):
            # One message for both cases: do not reveal which usernames exist.
            form.password.errors.append(_("用户名或密码错误"))
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.index"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 401


@bp.route("/logout", methods=("POST",))
@login_required
def logout():
    logout_user()
    flash(_("已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=("POST",))
def set_language(code: str):
    if code in current_app.config.get("LANGUAGES", ("zh", "en")):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")) or url_for("dashboard.index"))
