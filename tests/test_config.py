"""The instance folder holds the secret key, the database and evidence: no other local
account may read them, whatever the umask."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from caseflow.config import secret_key
from caseflow.db import make_engine


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)  # the usual default: new files world-readable
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_instance_folder_is_0700_and_the_secret_key_0600(tmp_path, monkeypatch, loose_umask):
    monkeypatch.delenv("CASEFLOW_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    key = secret_key(instance)
    assert len(key) == 64 and secret_key(instance) == key  # made once, then kept
    assert _mode(instance) == 0o700
    assert _mode(instance / "secret_key") == 0o600


def test_a_new_sqlite_database_and_its_wal_are_0600(tmp_path, loose_umask):
    db_file = tmp_path / "caseflow.sqlite"
    db = make_engine(f"sqlite:///{db_file}")
    with db.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert _mode(db_file) == 0o600
        assert _mode(tmp_path / "caseflow.sqlite-wal") == 0o600
    db.dispose()


def test_evidence_is_stored_in_a_folder_only_the_owner_reads(tmp_path, loose_umask):
    from caseflow import storage

    root = tmp_path / "evidence"
    storage.save(root, b"a site note\n", 1024, ["text/plain"])
    assert _mode(root) == 0o700
