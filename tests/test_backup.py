"""A bureau's backup: it brings back every case, event and evidence file, it survives
being killed half-way, and a damaged one is refused before anything is touched."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow import storage
from caseflow.backup import PAUSE_ENV, partials_of, read_manifest
from caseflow.demo import seed_demo
from caseflow.models import Case
from caseflow.web.evidence import save_and_record
from tests.conftest import PG_URL, _reset_postgres
from tests.keeping import case_with_evidence, cli, holdings

needs_pg_dump = pytest.mark.skipif(
    bool(PG_URL) and shutil.which("pg_dump") is None, reason="PostgreSQL backups need pg_dump"
)
SCAN = b"%PDF-1.4 scanned inquiry record"


def _wipe(app) -> None:
    """What a lost disk or a dropped database leaves: no database, no evidence."""
    rt = app.extensions["caseflow"]
    rt.db.dispose()
    if PG_URL:
        _reset_postgres(rt.db)
    else:
        db_file = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(app.config["EVIDENCE_DIR"])
    rt.db.dispose()


def _evidence_on_disk(app) -> dict[str, str]:
    return {
        name: storage.digest_of(path) for name, path in storage.files(app.config["EVIDENCE_DIR"])
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@needs_pg_dump
def test_backup_then_wipe_then_restore_gives_back_the_same_cases_events_and_evidence(
    app, rt, session, clock, monkeypatch, tmp_path
):
    clock.set("2024-06-20")
    seed_demo(rt, echo=lambda _m: None)  # a district with cases in many states, one file
    case = session.scalars(select(Case).where(Case.closed_at.is_(None))).first()
    save_and_record(rt.engine, session, rt.config, case, "officer1", SCAN, "询问笔录.pdf")
    with rt.sessions() as s:
        before = holdings(s)
    files_before = _evidence_on_disk(app)
    assert len(before["cases"]) > 10 and len(files_before) == 2

    made = cli(monkeypatch, app, "backup", str(tmp_path / "office.tar"))
    assert made.exit_code == 0, made.output
    assert f"{len(before['cases'])} cases" in made.output
    _wipe(app)
    assert not Path(app.config["EVIDENCE_DIR"]).exists()

    restored = cli(monkeypatch, app, "restore", str(tmp_path / "office.tar"))
    assert restored.exit_code == 0, restored.output
    assert f"{len(before['cases'])} case chains checked, 0 broken" in restored.output
    with rt.sessions() as s:
        assert holdings(s) == before
    assert _evidence_on_disk(app) == files_before
    assert all(name == digest for name, digest in files_before.items())
    assert cli(monkeypatch, app, "verify-audit").exit_code == 0
    assert cli(monkeypatch, app, "doctor").exit_code == 0


def test_a_backup_killed_at_its_pause_point_leaves_the_previous_backup_intact(
    app, rt, session, district, monkeypatch, tmp_path
):
    if PG_URL and shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL backups need pg_dump")
    case_with_evidence(rt, session, district)
    target = tmp_path / "nightly.tar"
    assert cli(monkeypatch, app, "backup", str(target)).exit_code == 0
    previous = _sha(target)
    case_with_evidence(rt, session, district, b"a second note, taken after last night\n")

    hold = tmp_path / "hold"
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "CASEFLOW_EVIDENCE_DIR": app.config["EVIDENCE_DIR"],
        "CASEFLOW_SECRET_KEY": "test",
        PAUSE_ENV: str(hold),
    }
    backup = subprocess.Popen(
        [sys.executable, "-c", "from caseflow.cli import main; main()", "backup", str(target)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not Path(f"{hold}.waiting").exists():
        assert backup.poll() is None, backup.stderr.read().decode()
        assert time.monotonic() < deadline, "the backup never reached its pause point"
        time.sleep(0.05)
    in_flight = partials_of(target)
    assert in_flight and in_flight[0].stat().st_size > 0  # it had written the data
    backup.send_signal(signal.SIGKILL)
    backup.wait(10)
    backup.stderr.close()

    assert _sha(target) == previous
    assert read_manifest(target).counts["evidence_files"] == 1  # whole, and last night's
    # The next backup clears the dead one's leftovers and replaces the file.
    assert cli(monkeypatch, app, "backup", str(target)).exit_code == 0
    assert partials_of(target) == []
    assert read_manifest(target).counts["evidence_files"] == 2


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    app, rt, session, district, monkeypatch, tmp_path
):
    if PG_URL and shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL backups need pg_dump")
    case_with_evidence(rt, session, district)
    good = tmp_path / "good.tar"
    assert cli(monkeypatch, app, "backup", str(good)).exit_code == 0
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(good) as src, tarfile.open(damaged, "w") as dst:
        for info in src:
            data = src.extractfile(info).read()
            if info.name.startswith("evidence/"):
                data = data.replace(b"\xe8", b"\xe9", 1)  # one byte of the note changed
            dst.addfile(info, __import__("io").BytesIO(data))
    _wipe(app)
    result = cli(monkeypatch, app, "restore", str(damaged))
    assert result.exit_code == 1
    assert "does not match its SHA-256" in result.output
    assert not Path(app.config["EVIDENCE_DIR"]).exists()  # nothing was put back


def test_restore_will_not_overwrite_a_database_holding_cases_unless_told(
    app, rt, session, district, monkeypatch, tmp_path
):
    if PG_URL and shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL backups need pg_dump")
    case_with_evidence(rt, session, district)
    target = tmp_path / "b.tar"
    assert cli(monkeypatch, app, "backup", str(target)).exit_code == 0
    refused = cli(monkeypatch, app, "restore", str(target))
    assert refused.exit_code == 1 and "already holds 1 cases" in refused.output
    replaced = cli(monkeypatch, app, "restore", "--replace", str(target))
    assert replaced.exit_code == 0, replaced.output
    assert "1 case chains checked, 0 broken" in replaced.output


def test_a_backup_file_is_readable_by_its_owner_only(app, session, district, monkeypatch, tmp_path):
    if PG_URL and shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL backups need pg_dump")
    old = os.umask(0o022)
    try:
        assert cli(monkeypatch, app, "backup", str(tmp_path / "b.tar")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "b.tar").stat().st_mode & 0o777 == 0o600
