"""Evidence files: type sniffed from the bytes, size limited, stored by SHA-256."""

import hashlib
import io
from pathlib import Path

from sqlalchemy import select

from caseflow.models import Event, EvidenceFile
from tests.web.conftest import open_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)


def _upload(client, case_id, data, name, version="1", content_type="image/png"):
    return client.post(
        f"/cases/{case_id}/evidence",
        data={"file": (io.BytesIO(data), name, content_type), "expected_version": version,
              "evidence_id": "E1"},
        content_type="multipart/form-data",
    )  # fmt: skip


def test_an_allowed_file_is_stored_under_its_sha256_and_downloads_the_same(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = _upload(client, case_id, PNG, "现场照片.png")
    assert r.status_code == 302
    digest = hashlib.sha256(PNG).hexdigest()
    stored = Path(app.config["EVIDENCE_DIR"]) / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == PNG
    with app.extensions["caseflow"].sessions() as s:
        row = s.scalars(select(EvidenceFile)).one()
        event = s.scalars(select(Event).where(Event.kind == "evidence_file")).one()
        assert (row.sha256, row.media_type, event.payload["sha256"]) == (
            digest,
            "image/png",
            digest,
        )
    page = client.get(f"/cases/{case_id}").text
    assert "现场照片.png" in page and "版本 2" in page
    r = client.get(f"/evidence/{row.id}")
    assert r.status_code == 200 and r.data == PNG
    assert "attachment" in r.headers["Content-Disposition"]
    r.close()


def test_a_disallowed_type_is_refused_with_a_message(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    # A Windows executable that calls itself a PNG: the bytes decide, not the name.
    r = _upload(client, case_id, b"MZ\x90\x00" + bytes(100), "photo.png")
    assert r.status_code == 422 and "不允许的文件类型" in r.text
    assert not Path(app.config["EVIDENCE_DIR"]).exists() or not any(
        p.is_file() for p in Path(app.config["EVIDENCE_DIR"]).rglob("*")
    )


def test_an_oversized_file_is_refused_with_a_message(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = _upload(client, case_id, PNG + bytes(70 * 1024), "big.png")
    assert r.status_code == 422 and "文件过大" in r.text


def test_a_stale_upload_is_a_conflict(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = _upload(client, case_id, PNG, "a.png", version="7")
    assert r.status_code == 409 and "案件已被他人修改" in r.text


def test_evidence_of_another_streets_case_is_404(client, auth, ids):
    auth.login("officer1")
    case_id = open_case(client, ids, unit="LG-BJ")
    _upload(client, case_id, PNG, "a.png")
    auth.logout()
    auth.login("officer3")
    assert client.get("/evidence/1").status_code == 404
    assert _upload(client, case_id, PNG, "b.png", version="2").status_code == 404
