"""Settings: embedded SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: workflows/ and templates/ live here


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def plugin_options() -> dict:
    """Which plugins load. Loading a plugin runs its code: an installation may
    allow-list entry points or turn autoload off. Every command reads these here."""
    return {
        "PLUGINS_ALLOW": _split(os.environ.get("CASEFLOW_PLUGINS_ALLOW")),
        "PLUGINS_AUTOLOAD": os.environ.get("CASEFLOW_PLUGINS_AUTOLOAD", "1") != "0",
    }


def from_env(instance_path: Path) -> dict:
    db_file = instance_path / "caseflow.sqlite"
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{db_file}"),
        "WORKFLOW_DIRS": _split(os.environ.get("CASEFLOW_WORKFLOW_DIRS"))
        or [str(ROOT / "workflows")],
        **plugin_options(),
        # Rule settings (caseflow.settings): the instance's caseflow.toml, or the file
        # CASEFLOW_SETTINGS_FILE names (then it must exist), and CASEFLOW_SETTING_<KEY>.
        "SETTINGS_FILE": os.environ.get("CASEFLOW_SETTINGS_FILE")
        or str(instance_path / "caseflow.toml"),
        "SETTINGS_FILE_REQUIRED": bool(os.environ.get("CASEFLOW_SETTINGS_FILE")),
        "SETTINGS_ENV": {k: v for k, v in os.environ.items() if k.startswith("CASEFLOW_SETTING_")},
        "RULE_SETTINGS": {},
        # A fixed "today" for tests, browser tests and demos (caseflow.clock).
        "TODAY": os.environ.get("CASEFLOW_TODAY"),
        "EVIDENCE_DIR": os.environ.get("CASEFLOW_EVIDENCE_DIR", str(instance_path / "evidence")),
        # Evidence uploads: photos, recordings and scans; larger files go on a carrier.
        "EVIDENCE_MAX_BYTES": int(os.environ.get("CASEFLOW_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)),
        "EVIDENCE_TYPES": [
            "image/jpeg",
            "image/png",
            "application/pdf",
            "audio/mpeg",
            "audio/mp4",
            "video/mp4",
            "text/plain",
        ],  # fmt: skip
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "zh",
        "LANGUAGES": ["zh", "en"],
        "API_TOKEN_HOURS": 12,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # None: on, except in the demo and the tests, which run on plain http://localhost.
        "SECURE_COOKIES": _flag(os.environ.get("CASEFLOW_SECURE_COOKIES")),
        # A session unused this long is over (ASVS 3.3.2: idle timeout).
        "SESSION_IDLE_MINUTES": int(os.environ.get("CASEFLOW_IDLE_MINUTES", 30)),
        # Set by `caseflow demo`: the demo's weak passwords sign in, and pages say so.
        "DEMO": False,
    }


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by this account only: it holds the
    secret key, the database and evidence, which no other local user may read."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is filtered through the umask
    return path


def private_file(path: Path, text: str | None = None) -> None:
    """Create ``path`` as 0600 from its first byte (a chmod after writing leaves a window in
    which another user can open it); ``text`` is written into it when given."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        if text is not None:
            fh.write(text)
    path.chmod(0o600)


def instance_path() -> Path:
    """The instance folder the app gets: a command that builds no app (``audit-case``)
    reads its settings from the same place."""
    from flask import Flask

    return Path(Flask("caseflow", instance_relative_config=True).instance_path)


def _flag(value: str | None) -> bool | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower() not in ("0", "false", "no", "off")


def cookie_settings(config: dict) -> dict:
    """The session cookie is Secure (sent only over TLS) unless CASEFLOW_SECURE_COOKIES
    says otherwise; the demo and the tests run on plain http and default to off."""
    secure = config.get("SECURE_COOKIES")
    if secure is None:
        secure = not (config.get("DEMO") or config.get("TESTING"))
    return {"SESSION_COOKIE_SECURE": secure}


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, or one generated once per instance and kept."""
    if os.environ.get("CASEFLOW_SECRET_KEY"):
        return os.environ["CASEFLOW_SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        private_dir(instance_path)
        with contextlib.suppress(FileExistsError):  # another process made it first
            private_file(key_file, os.urandom(32).hex())
    return key_file.read_text().strip()
