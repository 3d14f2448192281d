"""``caseflow doctor`` finds what no longer agrees, and ``--fix`` cleans what can go."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import text

from caseflow import storage
from tests.keeping import case_with_evidence, cli


def test_doctor_finds_an_orphan_file_and_fix_removes_it(app, session, district, monkeypatch):
    case_with_evidence(app.extensions["caseflow"], session, district)
    assert cli(monkeypatch, app, "doctor").exit_code == 0
    # Bytes a crashed upload left behind: a stored file that no row names.
    orphan = b"left behind by an upload whose transaction failed\n"
    path = storage.path_for(app.config["EVIDENCE_DIR"], hashlib.sha256(orphan).hexdigest())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orphan)
    found = cli(monkeypatch, app, "doctor")
    assert found.exit_code == 1
    assert f"ORPHAN FILE {path}" in found.output
    fixed = cli(monkeypatch, app, "doctor", "--fix")
    assert fixed.exit_code == 0 and f"removed {path}" in fixed.output
    assert not path.exists()
    files = list(storage.files(app.config["EVIDENCE_DIR"]))
    assert len(files) == 1, "the recorded file stays"
    assert cli(monkeypatch, app, "doctor").exit_code == 0


def test_doctor_reports_a_missing_file_that_fix_cannot_bring_back(
    app, session, district, monkeypatch
):
    case = case_with_evidence(app.extensions["caseflow"], session, district)
    [(sha, path)] = storage.files(app.config["EVIDENCE_DIR"])
    path.unlink()
    result = cli(monkeypatch, app, "doctor", "--fix")
    assert result.exit_code == 1
    assert f"MISSING FILE {case.number}" in result.output and sha in result.output


def test_doctor_puts_a_missing_file_back_from_a_backup(
    app, session, district, monkeypatch, tmp_path
):
    case_with_evidence(app.extensions["caseflow"], session, district)
    assert cli(monkeypatch, app, "backup", str(tmp_path / "b.tar")).exit_code == 0
    [(sha, path)] = storage.files(app.config["EVIDENCE_DIR"])
    original = path.read_bytes()
    path.unlink()
    result = cli(monkeypatch, app, "doctor", "--from-backup", str(tmp_path / "b.tar"))
    assert result.exit_code == 0, result.output
    assert f"recovered {sha}" in result.output and path.read_bytes() == original


def test_doctor_reports_altered_bytes_a_broken_chain_and_schema_drift(
    app, session, district, monkeypatch
):
    rt = app.extensions["caseflow"]
    case = case_with_evidence(rt, session, district)
    [(_sha, path)] = storage.files(app.config["EVIDENCE_DIR"])
    Path(path).write_bytes(b"not what was uploaded")
    with rt.db.begin() as conn:
        if rt.db.dialect.name == "sqlite":
            triggers = conn.execute(
                text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='events'")
            ).scalars()
            for name in list(triggers):
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        else:
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))
        conn.execute(text("UPDATE events SET actor = 'someone' WHERE seq = 1"))
        conn.execute(text("ALTER TABLE cases ADD COLUMN nickname VARCHAR(20)"))
    result = cli(monkeypatch, app, "doctor", "--fix")
    assert result.exit_code == 1
    assert f"ALTERED FILE {path}" in result.output
    assert f"BROKEN CHAIN {case.label} event #1" in result.output
    assert "SCHEMA differs from the models" in result.output and "nickname" in result.output
