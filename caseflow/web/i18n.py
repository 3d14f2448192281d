"""Chinese first, English on request: the locale, and bilingual data shown in it.

UI strings go through Babel (Chinese msgids, an English catalogue). Data that
arrives bilingual — workflow labels, findings, document titles — is picked by
``lang()`` instead, so a rule author never touches a .po file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, session
from flask_babel import Babel, force_locale
from flask_login import current_user

from caseflow.web import vocab

babel = Babel()


def lang() -> str:
    """The current UI language: the session's choice, else the user's, else zh."""
    if g.get("official_document"):
        return "zh"
    chosen = session.get("lang")
    if chosen in current_app.config.get("LANGUAGES", ("zh", "en")):
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in ("zh", "en"):
        return user_locale
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "zh")


@contextmanager
def official_chinese() -> Iterator[None]:
    """An official document (执法文书) is in Chinese whatever the reader's UI language:
    both Babel's strings and the bilingual data (``pick``, ``value_label``)."""
    g.official_document = True
    try:
        with force_locale("zh"):
            yield
    finally:
        g.official_document = False


def pick(zh: str | None, en: str | None) -> str:
    """One of a pair of texts in the current language (the other if it is missing)."""
    if lang() == "en":
        return en or zh or ""
    return zh or en or ""


def label(obj) -> str:
    """A workflow ``Label`` (or anything with ``zh``/``en``) in the current language."""
    if obj is None:
        return ""
    return obj.get(lang())


def finding_message(f) -> str:
    if isinstance(f, dict):
        return pick(f.get("message_zh"), f.get("message_en"))
    return pick(f.message_zh, f.message_en)


def refusal_message(exc) -> str:
    return pick(exc.zh, exc.en)


def role_label(role: str) -> str:
    from caseflow.models.person import ROLE_LABELS

    zh, en = ROLE_LABELS.get(role, (role, role))
    return pick(zh, en)


def fmt_date(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        # Acts are dated in Beijing time; stored instants are UTC.
        return value.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=lang)
    app.jinja_env.globals.update(
        lang=lang,
        pick=pick,
        label=label,
        finding_message=finding_message,
        role_label=role_label,
        value_label=vocab.value_label,
    )
    app.jinja_env.filters["d"] = fmt_date
