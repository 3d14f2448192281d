"""Case files through the API: export a case, import one in record or live mode."""

from __future__ import annotations

import copy

import pytest

from tests.api.history import CLEAN, VIOLATIONS

PEOPLE = [
    {"id": "officer1", "name": "officer1", "roles": ["officer"],
     "certificate": {"number": "44030000000", "valid_from": "2020-01-01", "valid_to": "2026-12-31"}},
    {"id": "officer2", "name": "officer2", "roles": ["officer"],
     "certificate": {"number": "44030000001", "valid_from": "2020-01-01", "valid_to": "2026-12-31"}},
    {"id": "reviewer1", "name": "reviewer1", "roles": ["reviewer"], "legal_qualification": True},
    {"id": "head1", "name": "head1", "roles": ["head"]},
]  # fmt: skip


@pytest.fixture
def case_file(district, clock):
    clock.set("2024-05-06")  # after the file's last step: no step is dated in the future
    party = district["party"]
    return {
        "format": "caseflow-case-file/1",
        "case_number": "深龙应急罚〔2024〕12号",
        "procedure": "general",
        "unit": {"name": district["bureau"].name, "level": "county", "delegated": False},
        "party": {"kind": party.kind, "name": party.name, "id_code": party.id_code,
                  "address": party.address},
        "people": copy.deepcopy(PEOPLE),
        "violations": copy.deepcopy(VIOLATIONS),
        "steps": [copy.deepcopy(step) for _, step in CLEAN],
    }  # fmt: skip


def _import(api, doc, mode, user="head1"):
    return api.post(f"/api/v1/cases/import?mode={mode}", user, json=doc)


def test_a_clean_file_imports_live_and_exports_the_same_steps(api, case_file):
    r = _import(api, case_file, "live")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["state"] == "closed" and body["number"] == case_file["case_number"]
    exported = api.get(f"/api/v1/cases/{body['id']}/export", "officer1").get_json()
    # Officers are ours by their certificates; the file's reviewer and head carry no
    # certificate, so they are recorded as people of the unit, never bound to our
    # reviewer1 and head1 by a username that happens to match.
    recorded = {"reviewer1": "reviewer1@LG", "head1": "head1@LG"}
    assert exported["steps"] == [_renamed(step, recorded) for step in case_file["steps"]]
    assert exported["imported"] == {"by": "head1", "on": "2024-05-06"}


def _renamed(step: dict, names: dict) -> dict:
    out = dict(step)
    for key in ("approved_by", "reviewer", "presider"):
        if key in out:
            out[key] = names.get(out[key], out[key])
    for key in ("by", "participants"):
        if key in out:
            out[key] = [names.get(p, p) for p in out[key]]
    return out


def test_live_import_of_a_defective_file_is_422_naming_the_step_and_keeps_nothing(api, case_file):
    decide = next(i for i, s in enumerate(case_file["steps"]) if s["step"] == "decide")
    case_file["steps"][decide]["penalty"]["fine"] = 25000  # heavier than the 20,000 noticed
    r = _import(api, case_file, "live")
    assert r.status_code == 422
    body = r.get_json()
    assert body["refused_step"] == decide
    assert "APL-45-NOHEAVIER" in {f["rule"] for f in body["findings"]}
    assert api.get("/api/v1/cases", "head1").get_json()["total"] == 0


def test_record_import_keeps_the_history_and_returns_its_findings(api, case_file):
    decide = next(i for i, s in enumerate(case_file["steps"]) if s["step"] == "decide")
    case_file["steps"][decide]["penalty"]["fine"] = 25000
    r = _import(api, case_file, "record")
    assert r.status_code == 201
    assert ("APL-45-NOHEAVIER", decide) in {
        (f["rule"], f["step"]) for f in r.get_json()["findings"]
    }


def test_a_duplicate_case_number_is_409(api, case_file):
    assert _import(api, case_file, "record").status_code == 201
    r = _import(api, case_file, "live")
    assert r.status_code == 409 and r.get_json()["code"] == "conflict"


def test_an_officer_cannot_import(api, case_file):
    assert _import(api, case_file, "record", user="officer1").status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "something/2"}, "format"),
        ({"colour": "red"}, "colour"),
        ({"steps": "many"}, "steps"),
    ],
)
def test_a_bad_file_is_422_naming_the_field(api, case_file, change, field):
    r = _import(api, {**case_file, **change}, "record")
    assert r.status_code == 422
    body = r.get_json()
    assert body["code"] == "invalid_case_file"
    assert any(key.startswith(field) for key in body["errors"]), body["errors"]


@pytest.mark.parametrize("body", [[1, 2], "some/path.json", 3])
def test_a_body_that_is_not_an_object_is_422_and_never_read_as_a_path(api, body):
    r = _import(api, body, "record")
    assert r.status_code == 422 and r.get_json()["code"] == "invalid_case_file"


def test_the_mode_is_required(api, case_file):
    r = api.post("/api/v1/cases/import", "head1", json=case_file)
    assert r.status_code == 422 and "mode" in r.get_json()["errors"]
