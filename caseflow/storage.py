"""Evidence bytes, stored content-addressed by SHA-256 and never overwritten.

A file's name is its hash (``ab/cd/<sha256>``), so the stored bytes are proof of
themselves: the hash in the audit trail names exactly one content, and a second
upload of the same bytes writes nothing. The type is read from the bytes (magic
numbers), not from what the browser claims, because a renamed executable must
not enter a case file as a "photo".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from caseflow.config import private_dir

TEMP_PREFIX = ".upload-"
HASH_NAME = re.compile(r"[0-9a-f]{64}")


class StorageRefused(ValueError):
    """The upload breaks a limit; ``zh``/``en`` say which."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    media_type: str
    path: Path
    created: bool = False  # this call wrote the file (it was not there before)


def _is_mp3(head: bytes) -> bool:
    # An ID3 tag, or an MPEG audio frame sync (11 set bits) at the start.
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _mp4_kind(head: bytes) -> str | None:
    if len(head) < 12 or head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    return "audio/mp4" if brand in (b"M4A ", b"M4B ", b"M4P ") else "video/mp4"


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes) -> str | None:
    """The media type the bytes themselves show, or None when unrecognised."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    mp4 = _mp4_kind(head)
    if mp4:
        return mp4
    if _is_mp3(head):
        return "audio/mpeg"
    if data and _is_text(data):
        return "text/plain"
    return None


def path_for(root: str | Path, sha256: str) -> Path:
    return Path(root) / sha256[:2] / sha256[2:4] / sha256


def check(data: bytes, max_bytes: int, allowed: list[str]) -> str:
    """The sniffed media type of ``data`` if it may be stored; else StorageRefused."""
    if not data:
        raise StorageRefused("文件为空", "the file is empty")
    if len(data) > max_bytes:
        raise StorageRefused(
            f"文件过大（{len(data)}字节，上限{max_bytes}字节）",
            f"the file is too large ({len(data)} bytes, limit {max_bytes})",
        )
    media_type = sniff(data)
    if media_type is None or media_type not in allowed:
        shown = media_type or "未知/unknown"
        raise StorageRefused(
            f"不允许的文件类型（{shown}），允许：{'、'.join(allowed)}",
            f"file type not allowed ({shown}); allowed: {', '.join(allowed)}",
        )
    return media_type


def save(root: str | Path, data: bytes, max_bytes: int, allowed: list[str]) -> Stored:
    """Store ``data`` under its hash; an existing file of that hash is kept as is."""
    media_type = check(data, max_bytes, allowed)
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(root, digest)
    created = False
    if not target.exists():
        private_dir(Path(root))  # evidence is for the office's eyes only
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write aside, then link into place: a crash never leaves half a file under a
        # hash, and of two concurrent uploads of the same bytes the first one stays.
        tmp = _write_aside(target.parent, data)
        try:
            with contextlib.suppress(FileExistsError):
                os.link(tmp, target)
                created = True
        finally:
            os.unlink(tmp)
    return Stored(digest, len(data), media_type, target, created)


def _write_aside(folder: Path, data: bytes) -> str:
    """``data`` in a temporary file of ``folder``, on disk (fsynced), for the caller to
    link or rename into place: no name ever holds half a file."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def put(root: str | Path, sha256: str, data: bytes) -> Path:
    """Put back bytes known by their hash (a restore): written aside and renamed into
    place, replacing a file whose bytes no longer match its name."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"bytes do not hash to {sha256}")
    target = path_for(root, sha256)
    if target.exists() and digest_of(target) == sha256:
        return target
    private_dir(Path(root))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_aside(target.parent, data)
    try:
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return target


def discard(stored: Stored, still_recorded: bool) -> bool:
    """Remove a file whose recording transaction failed, so a failed upload leaves no
    bytes behind. Only a file this upload created and no row names is removed: bytes
    that were there before belong to an earlier upload. True when removed."""
    if not stored.created or still_recorded:
        return False
    with contextlib.suppress(FileNotFoundError):
        stored.path.unlink()
        return True
    return False


def files(root: str | Path):
    """Every stored file as (sha256 named by its path, path); temporary files aside."""
    base = Path(root)
    if not base.is_dir():
        return
    for path in sorted(base.glob("??/??/*")):
        named = HASH_NAME.fullmatch(path.name) and path == path_for(base, path.name)
        if named and path.is_file():
            yield path.name, path


def temporaries(root: str | Path):
    """Files an upload was writing when its process died (kill -9, power cut)."""
    base = Path(root)
    return sorted(base.glob(f"??/??/{TEMP_PREFIX}*")) if base.is_dir() else []


def digest_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read(root: str | Path, sha256: str) -> bytes:
    return path_for(root, sha256).read_bytes()
