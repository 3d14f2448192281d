import datetime as dt
import json
from dataclasses import replace

import pytest

from caseflow.casefile import FORMAT, read_case_file, record_to_dict
from caseflow.engine.record import Certificate
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

from .conftest import EXAMPLE_FILES, load_doc


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_exported_record_reads_back_as_the_same_record(path):
    record = read_case_file(path, STEP_KINDS).record
    exported = record_to_dict(record)
    assert exported["format"] == FORMAT
    assert read_case_file(exported, STEP_KINDS).record == record
    # And through JSON text, as it travels between units.
    assert read_case_file(json.dumps(exported, ensure_ascii=False), STEP_KINDS).record == record


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_file_exports_unchanged(path):
    assert record_to_dict(read_case_file(path, STEP_KINDS).record) == load_doc(path)


def test_step_time_and_revoked_certificate_survive_a_round_trip():
    doc = load_doc()
    doc["steps"][0]["date"] = "2024-03-05T09:30:00+08:00"
    record = read_case_file(doc, STEP_KINDS).record
    officer = record.people["A003"]
    revoked = Certificate(
        officer.certificate.number, dt.date(2021, 6, 1), dt.date(2024, 6, 30), dt.date(2024, 1, 2)
    )
    record = replace(
        record, people={**record.people, "A003": replace(officer, certificate=revoked)}
    )
    exported = record_to_dict(record)
    assert exported["steps"][0]["date"] == "2024-03-05T09:30:00+08:00"
    assert exported["people"][2]["certificate"]["revoked_on"] == "2024-01-02"
    assert read_case_file(exported, STEP_KINDS).record == record


def test_format_1_1_violation_keys_survive_a_round_trip():
    doc = load_doc()
    doc["violations"][0].update(
        liable="principal_head",
        gains=1200,
        act="A1",
        accident={"grade": "larger", "report_approved_on": "2024-02-20"},
    )
    record = read_case_file(doc, STEP_KINDS).record
    exported = record_to_dict(record)
    assert exported["violations"][0]["accident"] == {
        "grade": "larger",
        "report_approved_on": "2024-02-20",
    }
    assert read_case_file(exported, STEP_KINDS).record == record
