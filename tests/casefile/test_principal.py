"""Format 1.1: people carry ``principal`` (正职负责人), read, written and reviewed."""

from __future__ import annotations

import json
from pathlib import Path

from caseflow.casefile.reader import read_case_file
from caseflow.casefile.writer import record_to_dict
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

EXAMPLE = Path("docs/domain/examples/1.1/general-hearing-clean.json")


def test_the_11_example_names_its_principal_head():
    record = read_case_file(EXAMPLE, STEP_KINDS).record
    assert [p.id for p in record.principal_heads()] == ["H001"]
    assert {p.id for p in record.heads()} == {"H001", "H002", "H003"}


def test_principal_survives_a_round_trip_and_is_left_out_when_false():
    record = read_case_file(EXAMPLE, STEP_KINDS).record
    people = {p["id"]: p for p in record_to_dict(record)["people"]}
    assert people["H001"]["principal"] is True and "principal" not in people["H002"]
    again = read_case_file(record_to_dict(record), STEP_KINDS).record
    assert again.people == record.people


def test_a_principal_flag_that_is_not_a_boolean_is_named():
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["people"][6]["principal"] = "yes"
    try:
        read_case_file(doc, STEP_KINDS)
    except Exception as exc:  # CaseFileError
        assert "people[6].principal" in str(exc)
    else:
        raise AssertionError("a string principal flag was read")
