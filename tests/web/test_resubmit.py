"""Back button and resubmit: a form posted twice records once, and the second post is
told "already recorded" with the way back to the case, not "someone else changed it"."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from caseflow.models import Case, Event, EvidenceFile
from tests.web.conftest import INSPECTION, open_case

EVIDENCE = {
    "by": ["officer1", "officer2"],
    "credentials_shown": "y",
    "id": "E1",
    "kind": "site_record",
    "proves": ["party", "act"],
    "form_complete": "y",
    "signed_by_party": "y",
    "date": "2024-03-05",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _token(page: str) -> str:
    return re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)


def _form(client, path: str) -> dict:
    """What the browser holds after rendering the form: its version and its token."""
    page = client.get(path).text
    version = re.search(r'name="expected_version" type="hidden" value="(\d+)"', page).group(1)
    return {"expected_version": version, "form_token": _token(page)}


def _count(app, model, **where) -> int:
    with app.extensions["caseflow"].sessions() as s:
        query = select(func.count()).select_from(model).filter_by(**where)
        return s.scalar(query)


def _inspected(client, ids) -> int:
    case_id = open_case(client, ids)
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    assert r.status_code == 302, r.text
    return case_id


def test_back_button_and_resubmit_of_evidence_records_it_once(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    form = {**EVIDENCE, **_form(client, f"/cases/{case_id}/steps/evidence")}
    first = client.post(f"/cases/{case_id}/steps/evidence", data=form)
    assert first.status_code == 302, first.text
    again = client.post(f"/cases/{case_id}/steps/evidence", data=form)
    assert again.status_code == 409
    assert "已记录" in again.text and "案件已被他人修改" not in again.text
    assert f'href="/cases/{case_id}"' in again.text
    assert _count(app, Event, case_id=case_id, step="evidence") == 1


def test_a_resubmitted_step_that_moved_the_case_is_already_recorded_not_unavailable(
    app, client, auth, ids
):
    auth.login()
    case_id = open_case(client, ids)
    form = {**INSPECTION, **_form(client, f"/cases/{case_id}/steps/inspect")}
    assert client.post(f"/cases/{case_id}/steps/inspect", data=form).status_code == 302
    again = client.post(f"/cases/{case_id}/steps/inspect", data=form)
    assert again.status_code == 409 and "已记录" in again.text
    assert _count(app, Event, case_id=case_id, step="inspect") == 1


def test_a_fresh_form_after_the_first_records_a_new_entry(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    path = f"/cases/{case_id}/steps/evidence"
    assert client.post(path, data={**EVIDENCE, **_form(client, path)}).status_code == 302
    second = {**EVIDENCE, "id": "E2", **_form(client, path)}
    assert client.post(path, data=second).status_code == 302
    assert _count(app, Event, case_id=case_id, step="evidence") == 2


def test_a_duplicate_evidence_id_on_a_new_form_is_refused_naming_the_earlier_step(
    app, client, auth, ids
):
    auth.login()
    case_id = _inspected(client, ids)
    path = f"/cases/{case_id}/steps/evidence"
    assert client.post(path, data={**EVIDENCE, **_form(client, path)}).status_code == 302
    r = client.post(path, data={**EVIDENCE, **_form(client, path)})
    assert r.status_code == 422
    assert "证据编号E1已由第2步“evidence”（2024-03-05）记录" in r.text
    assert _count(app, Event, case_id=case_id, step="evidence") == 1


def test_a_refused_post_leaves_its_token_for_the_corrected_one(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    path = f"/cases/{case_id}/steps/evidence"
    form = {**EVIDENCE, **_form(client, path)}
    assert client.post(path, data={**form, "date": "2024-03-09"}).status_code == 422  # future
    assert client.post(path, data=form).status_code == 302
    assert _count(app, Event, case_id=case_id, step="evidence") == 1


def test_a_forged_token_is_a_400_and_records_nothing(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    path = f"/cases/{case_id}/steps/evidence"
    form = {**EVIDENCE, **_form(client, path)}
    r = client.post(path, data={**form, "form_token": form["form_token"][:-2] + "xx"})
    assert r.status_code == 400
    assert _count(app, Event, case_id=case_id, step="evidence") == 0


def test_another_users_token_is_a_400(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    path = f"/cases/{case_id}/steps/evidence"
    form = {**EVIDENCE, **_form(client, path)}
    auth.logout()
    auth.login("officer2")
    assert client.post(path, data=form).status_code == 400


def test_the_new_case_form_posted_twice_opens_one_case(app, client, auth, ids):
    auth.login()
    token = _token(client.get("/cases/new").text)
    form = {"workflow": "general_penalty", "unit_id": ids["LG"], "party_id": ids["party"],
            "title": "未按规定开展安全培训", "form_token": token}  # fmt: skip
    first = client.post("/cases/new", data=form)
    assert first.status_code == 302
    again = client.post("/cases/new", data=form)
    assert again.status_code == 409 and "已记录" in again.text
    assert first.headers["Location"].endswith(re.search(r'href="(/cases/\d+)"', again.text)[1])
    assert _count(app, Case) == 1


def _upload(client, case_id, form, evidence_id="E1"):
    return client.post(
        f"/cases/{case_id}/evidence",
        data={**form, "evidence_id": evidence_id, "file": (io.BytesIO(PNG), "photo.png")},
        content_type="multipart/form-data",
    )


def _upload_form(client, case_id) -> dict:
    page = client.get(f"/cases/{case_id}").text
    version = re.search(r'id="expected_version" name="expected_version" type="hidden" '
                        r'value="(\d+)"', page)  # fmt: skip
    return {"expected_version": version.group(1), "form_token": _token(page)}


def test_an_upload_posted_twice_is_stored_once(app, client, auth, ids):
    auth.login()
    case_id = _inspected(client, ids)
    form = _upload_form(client, case_id)
    assert _upload(client, case_id, form).status_code == 302
    again = _upload(client, case_id, form)
    assert again.status_code == 409 and "已记录" in again.text
    assert _count(app, EvidenceFile, case_id=case_id) == 1


def test_the_same_file_for_the_same_evidence_id_is_refused_naming_the_upload(
    app, client, auth, ids
):
    auth.login()
    case_id = _inspected(client, ids)
    assert _upload(client, case_id, _upload_form(client, case_id)).status_code == 302
    r = _upload(client, case_id, _upload_form(client, case_id))
    assert r.status_code == 422 and "E1" in r.text
    assert _count(app, EvidenceFile, case_id=case_id) == 1
    # Another piece of evidence may carry the same photograph.
    assert _upload(client, case_id, _upload_form(client, case_id), "E2").status_code == 302
