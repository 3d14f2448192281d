"""Signing in and out, changing one's password, and choosing the language."""

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

from caseflow import passwords, signin
from caseflow.models import SecurityKind
from caseflow.security_log import record
from caseflow.web import db_session, drop_session, now, start_session
from caseflow.web.forms import ChangePasswordForm, LoginForm
from caseflow.web.i18n import pick

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: a crafted ?next= must not send a user elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


def refusal_text(refusal) -> str:
    minutes = max(1, (refusal.retry_after + 59) // 60)
    if refusal.locked:
        return _(
            "登录失败次数过多，账户已锁定约 %(minutes)s 分钟；可请负责人或管理员解除锁定",
            minutes=minutes,
        )
    return _("登录失败次数过多，请 %(seconds)s 秒后再试", seconds=refusal.retry_after)


@bp.route("/login", methods=("GET", "POST"))
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        db = db_session()
        outcome = signin.sign_in(
            db, form.username.data, form.password.data, address=request.remote_addr,
            now=now(), via="web", demo=current_app.config["DEMO"],
        )  # fmt: skip
        db.commit()
        if outcome.refusal is not None:
            form.password.errors.append(refusal_text(outcome.refusal))
            status = 429
        elif outcome.user is None:
            # One message for both cases: do not reveal which usernames exist.
            form.password.errors.append(_("用户名或密码错误"))
            status = 401
        else:
            login_user(outcome.user)
            start_session(outcome.user)
            if outcome.must_change_password:
                session["must_change_password"] = True
                flash(_("您的密码不符合现行密码规则，请先修改密码"), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.index"))
    elif request.method == "POST":
        status = 401
    response = current_app.make_response(render_template("auth/login.html", form=form))
    response.status_code = status
    if status == 429:
        response.headers["Retry-After"] = str(outcome.refusal.retry_after)
    return response


@bp.route("/logout", methods=("POST",))
@login_required
def logout():
    db = db_session()
    user = current_user._get_current_object()
    # Every session of the user ends, not only this browser's: a copied cookie too.
    signin.end_sessions(user)
    record(db, SecurityKind.SIGN_OUT, now(), actor=user, address=request.remote_addr)
    db.commit()
    logout_user()
    drop_session()
    flash(_("已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=("GET", "POST"))
@login_required
def change_password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        user = current_user._get_current_object()
        db = db_session()
        if not passwords.verify(user.password_hash, form.current.data):
            form.current.errors.append(_("当前密码不正确"))
        elif form.new.data != form.repeat.data:
            form.repeat.errors.append(_("两次输入的新密码不一致"))
        elif form.new.data == form.current.data:
            form.new.errors.append(_("新密码不能与当前密码相同"))
        else:
            for zh, en in passwords.problems(form.new.data, user.username):
                form.new.errors.append(pick(zh, en))
        if not form.errors:
            signin.change_password(db, user, form.new.data, now(), address=request.remote_addr)
            db.commit()
            # The new password ended every session, this one too: sign in again with it.
            logout_user()
            drop_session()
            flash(_("密码已修改，请用新密码重新登录"), "success")
            return redirect(url_for("auth.login"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("auth/password.html", form=form), status


@bp.route("/lang/<code>", methods=("POST",))
def set_language(code: str):
    if code in current_app.config.get("LANGUAGES", ("zh", "en")):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")) or url_for("dashboard.index"))
