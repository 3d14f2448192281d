"""``caseflow backup`` and ``caseflow restore``: one file that brings an office back.

A backup is a tar archive: the database as one consistent snapshot (SQLite's online
backup API, which copies committed pages including those still in the WAL; or
``pg_dump`` in its custom format), every evidence file a row of that snapshot names,
and ``manifest.json`` with the SHA-256 of each member and the counts of cases, events
and evidence files. A plain copy of a live SQLite file is not a backup: it misses
what is still in the WAL.

The archive is written beside its destination under a temporary name and renamed
into place only when complete and on disk, so a backup killed at any moment (even
``kill -9``) leaves the previous backup as it was. Restoring checks every member
against the manifest before touching anything, then replaces the database, puts
the evidence files back and recomputes every audit chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from caseflow import storage
from caseflow.backup_db import (
    DATABASE_MEMBERS,
    BackupError,
    copy_database,
    put_database,
    read_database,
)

FORMAT = "caseflow-backup/1"
MANIFEST = "manifest.json"
EVIDENCE = "evidence/"
# Tests hold a backup here (after the data is written, before the manifest and the
# rename) to kill it: the backup creates PATH.waiting, then waits until PATH exists.
PAUSE_ENV = "CASEFLOW_BACKUP_PAUSE"

Progress = Callable[[str], None]


@dataclass
class Manifest:
    database: dict
    counts: dict
    files: dict = field(default_factory=dict)  # member name -> sha256
    missing: list[str] = field(default_factory=list)  # evidence rows without their file
    created_at: str = ""
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise BackupError(f"not a CaseFlow backup of format {FORMAT}: {raw.get('format')}")
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})


class _Hashing(io.RawIOBase):
    """Reads a file once for the archive and for its hash."""

    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.fh.read(len(buffer))
        self.sha.update(data)
        buffer[: len(data)] = data
        return len(data)


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> str:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as fh:
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    return reader.sha.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


def _partial_prefix(target: Path) -> str:
    return f".{target.name}.partial-"


def _remove_dead_partials(target: Path) -> None:
    """Partial archives of backups killed earlier (their process is gone)."""
    for path in target.parent.glob(_partial_prefix(target) + "*"):
        pid = path.name.removeprefix(_partial_prefix(target)).split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if os.name != "posix":  # Windows' os.kill(pid, 0) would terminate the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pause_point(progress: Progress) -> None:
    hold = os.environ.get(PAUSE_ENV)
    if not hold:
        return
    Path(hold + ".waiting").touch()
    progress(f"paused until {hold} exists ({PAUSE_ENV})")
    while not Path(hold).exists():
        time.sleep(0.05)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":  # a directory cannot be opened for fsync on Windows
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup(rt, target: Path, progress: Progress = lambda _m: None) -> Manifest:
    """Write a backup of ``rt``'s database and evidence to ``target``, atomically."""
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"no such folder: {target.parent}")
    _remove_dead_partials(target)
    partial = target.parent / f"{_partial_prefix(target)}{os.getpid()}"
    snapshot = Path(f"{partial}.db")
    root = rt.config["EVIDENCE_DIR"]
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            with tarfile.open(fileobj=fh, mode="w", format=tarfile.PAX_FORMAT) as tar:
                copied = copy_database(rt.config["DATABASE_URL"], snapshot, progress)
                manifest = Manifest(
                    database=copied.describe(),
                    counts=copied.counts,
                    created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                )
                manifest.files[copied.member] = _add_file(tar, copied.member, snapshot)
                snapshot.unlink()
                hashes = sorted(copied.evidence)
                for n, sha in enumerate(hashes, start=1):
                    path = storage.path_for(root, sha)
                    if not path.exists():
                        manifest.missing.append(sha)
                        progress(f"evidence file {sha} is missing: not in this backup")
                        continue
                    manifest.files[EVIDENCE + sha] = _add_file(tar, EVIDENCE + sha, path)
                    if n % 200 == 0 or n == len(hashes):
                        progress(f"evidence: {n}/{len(hashes)} files")
                _pause_point(progress)
                _add_bytes(tar, MANIFEST, manifest.to_json())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
        _fsync_dir(target.parent)
    finally:
        partial.unlink(missing_ok=True)
        snapshot.unlink(missing_ok=True)
    return manifest


def read_manifest(source: Path, progress: Progress = lambda _m: None) -> Manifest:
    """The archive's manifest, after checking every member against it."""
    try:
        with tarfile.open(source, mode="r:") as tar:
            member = tar.getmember(MANIFEST)
            manifest = Manifest.from_json(tar.extractfile(member).read())
            seen = set()
            for n, info in enumerate(tar, start=1):
                if info.name == MANIFEST:
                    continue
                expected = manifest.files.get(info.name)
                if expected is None or not info.isfile():
                    raise BackupError(f"{source}: {info.name} is not in the manifest")
                sha = hashlib.sha256()
                fh = tar.extractfile(info)
                for block in iter(lambda: fh.read(1 << 20), b""):  # noqa: B023 - used at once
                    sha.update(block)
                if sha.hexdigest() != expected:
                    raise BackupError(f"{source}: {info.name} does not match its SHA-256")
                seen.add(info.name)
                if n % 200 == 0:
                    progress(f"checked {n} members")
    except (tarfile.TarError, KeyError, json.JSONDecodeError, EOFError) as exc:
        raise BackupError(f"{source}: not a complete CaseFlow backup ({exc})") from None
    absent = set(manifest.files) - seen
    if absent:
        raise BackupError(f"{source}: {len(absent)} members are missing, e.g. {min(absent)}")
    return manifest


@dataclass
class Restored:
    manifest: Manifest
    counts: dict
    evidence_files: int


def restore(
    rt, source: Path, *, replace: bool = False, progress: Progress = lambda _m: None
) -> Restored:
    """Bring the backup at ``source`` back into ``rt``'s database and evidence folder.

    Refuses a database that holds cases unless ``replace``; stop the server first."""
    if not source.is_file():
        raise BackupError(f"no such backup: {source}")
    progress(f"checking {source} against its manifest")
    manifest = read_manifest(source, progress)
    url = rt.config["DATABASE_URL"]
    held = read_database(url)
    if held and not replace:
        raise BackupError(
            f"the database already holds {held} cases; pass --replace to overwrite it"
        )
    rt.db.dispose()
    root = Path(rt.config["EVIDENCE_DIR"])
    restored_files = 0
    with tarfile.open(source, mode="r:") as tar:
        for info in tar:
            if info.name.startswith(EVIDENCE):
                sha = info.name.removeprefix(EVIDENCE)
                if storage.HASH_NAME.fullmatch(sha):
                    storage.put(root, sha, tar.extractfile(info).read())
                    restored_files += 1
        (kind,) = [m for m in manifest.files if m in DATABASE_MEMBERS]
        info = tar.getmember(kind)
        progress(f"restoring the database from {kind}")
        put_database(url, kind, tar.extractfile(info), info.size)
    rt.db.dispose()
    counts = _counts(rt)
    if counts != manifest.counts:
        raise BackupError(f"restored {counts}, but the backup's manifest says {manifest.counts}")
    progress(f"evidence: {restored_files} files back in {root}")
    return Restored(manifest, counts, restored_files)


def _counts(rt) -> dict:
    from sqlalchemy import func, select

    from caseflow.models import Case, Event, EvidenceFile

    with rt.sessions() as session:
        return {
            "cases": session.scalar(select(func.count()).select_from(Case)),
            "events": session.scalar(select(func.count()).select_from(Event)),
            "evidence_files": session.scalar(select(func.count()).select_from(EvidenceFile)),
        }


def partials_of(target: Path) -> list[Path]:
    """Leftovers of killed backups of ``target``; the next backup removes them."""
    return sorted(target.resolve().parent.glob(_partial_prefix(target) + "*"))
