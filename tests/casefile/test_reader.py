import datetime as dt
import json

import pytest

from caseflow.casefile import CaseFileError, read_case_file
from caseflow.engine.record import STEP_DATE_KEYS
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

from .conftest import EXAMPLE_FILES, SMALL, step_index


def errors_of(source) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        read_case_file(source, STEP_KINDS)
    return caught.value.errors


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_files_read_clean(path):
    case = read_case_file(path, STEP_KINDS)
    assert case.warnings == []
    assert case.record.case_number.startswith("深龙应急罚")
    assert [s.index for s in case.record.steps] == list(range(len(case.record.steps)))


def test_file_is_read_from_a_path_a_json_string_or_a_parsed_dict(doc):
    from_path = read_case_file(SMALL, STEP_KINDS).record
    assert read_case_file(str(SMALL), STEP_KINDS).record == from_path
    assert read_case_file(json.dumps(doc, ensure_ascii=False), STEP_KINDS).record == from_path
    assert read_case_file(doc, STEP_KINDS).record == from_path


def test_step_dates_and_date_keys_become_dates_and_penalties_stay_dicts(doc):
    record = read_case_file(doc, STEP_KINDS).record
    notify = record.steps[step_index(doc, "notify")]
    assert notify.date == dt.date(2024, 3, 25)
    assert notify.at is None
    assert notify.get("served") == dt.date(2024, 3, 26)
    assert notify.get("proposed") == {"kinds": ["fine"], "fine": 20000}
    order = record.steps[step_index(doc, "order_correction")]
    assert order.get("deadline") == dt.date(2024, 3, 19)
    assert record.people["A001"].certificate.valid_to == dt.date(2026, 12, 31)
    assert record.people["A001"].roles == frozenset({"officer"})
    assert record.violations[0].corrected_on == dt.date(2024, 3, 19)


def test_step_recorded_with_a_time_keeps_it(doc):
    doc["steps"][0]["date"] = "2024-03-05T09:30:00+08:00"
    step = read_case_file(doc, STEP_KINDS).record.steps[0]
    assert step.date == dt.date(2024, 3, 5)
    assert step.at == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_unknown_key_inside_a_step_is_ignored_with_a_warning_naming_it(doc):
    doc["steps"][2]["colour"] = "blue"
    doc["steps"][step_index(doc, "decide")]["penalty"]["note"] = "x"
    case = read_case_file(doc, STEP_KINDS)
    assert "steps[2].colour: unknown key for step 'register', ignored" in case.warnings
    assert "steps[12].penalty.note: unknown key, ignored" in case.warnings
    assert "colour" not in case.record.steps[2].data
    assert case.record.steps[12].get("penalty") == {"kinds": ["fine"], "fine": 20000}


def test_file_with_bad_date_is_rejected_naming_the_step_key(doc):
    doc["steps"][10]["served"] = "2024-13-01"
    assert "steps[10].served: not a valid date: '2024-13-01'" in errors_of(doc)


def test_file_with_bad_check_character_is_rejected_naming_party_id_code(doc):
    doc["party"]["id_code"] = "91440300MA5FXXXX13"
    assert errors_of(doc) == ["party.id_code: check character should be Y, got 3"]


def test_individual_party_is_checked_as_a_resident_id(doc):
    doc["party"].update(kind="individual", name="王某", id_code="11010519491231002X")
    assert read_case_file(doc, STEP_KINDS).record.party.kind == "individual"
    doc["party"]["id_code"] = "91440300MA5FXXXX1Y"
    assert errors_of(doc) == ["party.id_code: the first 17 characters must be digits"]


def test_file_with_unknown_step_is_rejected_naming_it(doc):
    doc["steps"][5]["step"] = "foo"
    assert errors_of(doc) == ["steps[5].step: unknown step 'foo'"]


def test_file_of_another_format_is_rejected(doc):
    doc["format"] = "caseflow-case-file/2"
    assert errors_of(doc) == ["format: must be 'caseflow-case-file/1', got 'caseflow-case-file/2'"]


def test_unknown_top_level_key_is_an_error_naming_it(doc):
    doc["remarks"] = "see paper file"
    assert errors_of(doc) == ["remarks: unknown key"]


def test_missing_required_keys_are_each_named(doc):
    del doc["case_number"]
    del doc["party"]["id_code"]
    del doc["steps"][3]["date"]
    del doc["steps"][4]["step"]
    assert sorted(errors_of(doc)) == [
        "case_number: missing required key",
        "party.id_code: missing required key",
        "steps[3].date: missing required key",
        "steps[4].step: missing required key",
    ]


def test_wrong_types_are_named_with_what_was_found(doc):
    doc["steps"][step_index(doc, "pay")]["amount"] = "20000"
    doc["people"] = "A001, A002"
    doc["steps"][0]["by"] = "A001"
    doc["steps"][0]["credentials_shown"] = "true"
    doc["steps"][1] = ["order_correction"]
    doc["unit"]["delegated"] = 0
    assert sorted(errors_of(doc)) == [
        "people: must be a list, got string",
        "steps[0].by: must be a list, got string",
        "steps[0].credentials_shown: must be true or false, got 'true'",
        "steps[15].amount: must be a number, got string",
        "steps[1]: must be an object, got list",
        "unit.delegated: must be true or false, got 0",
    ]


def test_values_outside_the_vocabulary_are_rejected(doc):
    doc["procedure"] = "fast"
    doc["steps"][3]["proves"] = ["party", "mood"]
    assert sorted(errors_of(doc)) == [
        "procedure: must be one of general, summary; got 'fast'",
        "steps[3].proves[1]: must be one of party, act, time, place, provision, consequence; got 'mood'",
    ]


def test_people_named_in_steps_must_be_in_people(doc):
    doc["steps"][0]["by"] = ["A001", "A009"]
    doc["steps"][step_index(doc, "register")]["approved_by"] = "H009"
    doc["steps"][step_index(doc, "legal_review")]["reviewer"] = "L009"
    assert sorted(errors_of(doc)) == [
        "steps[0].by[1]: unknown person 'A009' (not in people)",
        "steps[2].approved_by: unknown person 'H009' (not in people)",
        "steps[9].reviewer: unknown person 'L009' (not in people)",
    ]


def test_person_listed_twice_is_an_error(doc):
    doc["people"].append(dict(doc["people"][0]))
    assert errors_of(doc) == ["people[9].id: duplicate person id 'A001'"]


def test_json_syntax_error_gives_line_and_column():
    assert errors_of('{"format": "caseflow-case-file/1",\n "case_number" "x"}') == [
        "not valid JSON: Expecting ':' delimiter at line 2, column 16"
    ]


def test_top_level_that_is_not_an_object_is_rejected():
    assert errors_of("[1, 2]") == ["top level must be an object, got list"]
    assert errors_of(["steps"]) == ["top level must be an object, got list"]
    assert errors_of(b"42") == ["top level must be an object, got number"]


def test_missing_file_and_non_utf8_file_are_reported(tmp_path):
    assert errors_of(tmp_path / "none.json")[0].startswith("cannot read ")
    bad = tmp_path / "gbk.json"
    bad.write_bytes('{"case_number": "深龙"}'.encode("gbk"))
    assert errors_of(bad) == ["not UTF-8 text: byte 17 cannot be decoded"]


def test_file_with_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    assert read_case_file(path, STEP_KINDS).record == read_case_file(SMALL, STEP_KINDS).record


def test_nan_and_huge_numbers_are_not_json_the_reader_accepts(doc):
    text = json.dumps(doc).replace('"amount": 20000', '"amount": NaN')
    assert errors_of(text) == ["not valid JSON: NaN is not a JSON number"]
    text = json.dumps(doc).replace('"amount": 20000', '"amount": 1e999')
    assert errors_of(text) == ["steps[15].amount: must be a finite number, got inf"]


def test_step_vocabulary_covers_the_summary_report_and_every_date_key():
    assert "report" in STEP_KINDS
    assert {"inspect", "decide", "serve", "pay", "close", "transfer"} <= set(STEP_KINDS)
    assert {f.name for k in STEP_KINDS.values() for f in k.fields} >= STEP_DATE_KEYS


def test_format_1_1_violation_keys_are_read(doc):
    doc["violations"][0].update(
        liable="responsible_person",
        gains=1500.5,
        act="A1",
        accident={"grade": "major", "report_approved_on": "2024-02-20"},
    )
    (v,) = read_case_file(doc, STEP_KINDS).record.violations
    assert (v.liable, v.gains, v.act) == ("responsible_person", 1500.5, "A1")
    assert v.accident.grade == "major"
    assert v.accident.report_approved_on == dt.date(2024, 2, 20)


def test_a_1_0_violation_reads_as_the_units_own_with_no_gains_act_or_accident(doc):
    (v,) = read_case_file(doc, STEP_KINDS).record.violations
    assert (v.liable, v.gains, v.act, v.accident) == ("unit", None, None, None)


@pytest.mark.parametrize(
    "key, value, problem",
    [
        ("liable", "manager", "violations[0].liable"),
        ("gains", -1, "violations[0].gains"),
        ("accident", {"grade": "tiny"}, "violations[0].accident.grade"),
        ("accident", {"report_approved_on": "2024-02-20"}, "violations[0].accident.grade"),
        ("accident", {"grade": "general", "approved": "x"}, "violations[0].accident.approved"),
    ],
)
def test_bad_format_1_1_violation_keys_are_rejected_naming_them(doc, key, value, problem):
    doc["violations"][0][key] = value
    assert any(e.startswith(problem) for e in errors_of(doc)), errors_of(doc)
