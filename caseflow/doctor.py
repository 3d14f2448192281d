"""``caseflow doctor``: does what is stored still agree with itself?

Four questions, each answered from what is on disk and in the database now:
evidence files no row names (a failed upload before cleanup existed, a crash) and
rows whose file is missing or whose bytes no longer match their hash; audit chains
that do not verify (the same check as ``verify-audit``); and a schema that differs
from the models (Alembic's own comparison, as the migration test uses).

``--fix`` removes only what nobody can need: files no row names and upload
leftovers. A missing or altered file comes back only from a backup
(``--from-backup``), checked against its hash; a broken chain or a drifted
schema is reported for a person to decide.
"""

from __future__ import annotations

import hashlib
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from caseflow import storage
from caseflow.db import Base
from caseflow.engine.audit import ChainProblem, verify_all
from caseflow.migrate import alembic_config
from caseflow.models import Case, EvidenceFile

# An upload's temporary file younger than this may still be being written.
TEMP_GRACE_SECONDS = 3600


@dataclass
class Examination:
    orphan_files: list[Path] = field(default_factory=list)
    stale_temporaries: list[Path] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    altered_files: list[str] = field(default_factory=list)
    lost: set[str] = field(default_factory=set)  # hashes of the missing and altered files
    broken_chains: list[ChainProblem] = field(default_factory=list)
    schema: list[str] = field(default_factory=list)
    chains_checked: int = 0
    files_checked: int = 0

    def removable(self) -> list[Path]:
        return self.orphan_files + self.stale_temporaries

    def lines(self) -> list[str]:
        out = [f"ORPHAN FILE {p} (no evidence row names it)" for p in self.orphan_files]
        out += [f"LEFTOVER {p} (an upload that never finished)" for p in self.stale_temporaries]
        out += [f"MISSING FILE {m}" for m in self.missing_files]
        out += [f"ALTERED FILE {a}" for a in self.altered_files]
        out += [f"BROKEN CHAIN {p}" for p in self.broken_chains]
        out += [f"SCHEMA {s}" for s in self.schema]
        return out

    def unfixable(self) -> int:
        """Problems --fix does not remove (missing and altered files count once each)."""
        return len(self.lost) + len(self.broken_chains) + len(self.schema)


def schema_drift(db) -> list[str]:
    """How the database's schema differs from the models and the newest migration."""
    problems = []
    with db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        current = context.get_current_revision()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        if current != head:
            problems.append(
                f"database at migration {current or 'none'}, code expects {head}: "
                "run `caseflow init-db`"
            )
            return problems  # every later migration's change would be listed as drift
        problems += [f"differs from the models: {diff!r}" for diff in compare_metadata(
            context, Base.metadata
        )]  # fmt: skip
    return problems


def examine(rt, progress: Callable[[str], None] = lambda _m: None) -> Examination:
    found = Examination()
    root = rt.config["EVIDENCE_DIR"]
    found.schema = schema_drift(rt.db)
    with rt.sessions() as session:
        rows = session.execute(
            select(EvidenceFile.id, EvidenceFile.sha256, Case.number).join(
                Case, Case.id == EvidenceFile.case_id
            )
        ).all()
        progress("verifying audit chains")
        found.chains_checked, found.broken_chains = verify_all(session)
    named = {sha for _id, sha, _number in rows}
    on_disk = {}
    for n, (sha, path) in enumerate(storage.files(root), start=1):
        on_disk[sha] = path
        if sha not in named:
            found.orphan_files.append(path)
        elif storage.digest_of(path) != sha:
            found.altered_files.append(f"{path}: its bytes no longer hash to its name")
            found.lost.add(sha)
        if n % 500 == 0:
            progress(f"evidence files: {n} read")
    found.files_checked = len(on_disk)
    for row_id, sha, number in rows:
        if sha not in on_disk:
            found.missing_files.append(f"{number} evidence row {row_id}: no file {sha}")
            found.lost.add(sha)
    cutoff = time.time() - TEMP_GRACE_SECONDS
    found.stale_temporaries = [p for p in storage.temporaries(root) if p.stat().st_mtime < cutoff]
    return found


def fix(found: Examination) -> list[Path]:
    """Remove files no row names and dead uploads' leftovers; the paths removed.

    A file an upload stored a moment ago may be removed before its row commits: the
    upload stores it again after its commit (caseflow.web.evidence.save_and_record)."""
    removed = []
    for path in found.removable():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def recover(found: Examination, root, archive: Path) -> list[str]:
    """Missing and altered evidence files put back from a backup archive; the hashes
    recovered. A file's name is its hash, so the bytes prove themselves."""
    from caseflow.backup import EVIDENCE

    recovered = []
    with tarfile.open(archive, mode="r:") as tar:
        names = set(tar.getnames())
        for sha in sorted(found.lost):
            if EVIDENCE + sha in names:
                data = tar.extractfile(EVIDENCE + sha).read()
                if hashlib.sha256(data).hexdigest() == sha:
                    storage.put(root, sha, data)
                    recovered.append(sha)
    return recovered
