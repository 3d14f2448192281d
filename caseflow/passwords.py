"""Password rules (OWASP ASVS 4.0 level 1, V2.1) and checking without telling who exists.

Length over composition: at least 12 characters, any characters, none of the common
passwords vendored in ``common_passwords.txt`` (no network lookup: offices run offline).
The demo's ``demo`` never passes these rules; it is set directly by the demo seeder and
only a demo-mode app lets it sign in (``caseflow.signin``).
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
# ASVS 2.1.2 asks for at least 64 allowed; more only feeds the hash function.
MAX_LENGTH = 128
_EDGES = string.digits + string.punctuation + " "


@functools.cache
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def problems(password: str, username: str | None = None) -> list[tuple[str, str]]:
    """Why ``password`` may not be set, as (zh, en) messages; empty when it may."""
    out = []
    if len(password) < MIN_LENGTH:
        out.append((f"密码至少 {MIN_LENGTH} 个字符", f"at least {MIN_LENGTH} characters"))
    if len(password) > MAX_LENGTH:
        out.append((f"密码至多 {MAX_LENGTH} 个字符", f"at most {MAX_LENGTH} characters"))
    lowered = password.lower()
    core = lowered.strip(_EDGES)
    if lowered in common_passwords() or (core and core in common_passwords()):
        out.append(("这是常见密码，容易被猜中", "a common password, easily guessed"))
    elif len(set(lowered)) < 5:
        out.append(("密码重复字符过多", "too few different characters"))
    if username and len(username) >= 3 and username.lower() in lowered:
        out.append(("密码不能包含用户名", "must not contain the username"))
    return out


def hash_password(password: str) -> str:
    return generate_password_hash(password)


@functools.cache
def _dummy_hash() -> str:
    # Made with the same method as real hashes, so checking it costs the same time.
    return generate_password_hash("no account has this password")


def verify(password_hash: str | None, password: str) -> bool:
    """Check ``password``; with no hash (an unknown user) check a dummy one anyway, so a
    failure takes the same time whether or not the username exists (ASVS 2.2.1)."""
    if password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)
