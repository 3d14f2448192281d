"""Mangled files must give a CaseFileError or a record, never another exception."""

import copy
import json
import random

import pytest

from caseflow.casefile import CaseFile, CaseFileError, read_case_file
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

from .conftest import EXAMPLE_FILES, load_doc

ODD_VALUES = [None, True, 0, -1, 1.5, 10**30, "", "x", "2024-13-01", [], [None], {}, {"a": 1}]


def _containers(node, out):
    if isinstance(node, dict | list):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


def _mutate(doc: dict, rng: random.Random) -> None:
    target = rng.choice(_containers(doc, []))
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    action = rng.choice(["delete", "swap", "swap", "add", "wrap"])
    if action == "add" or not keys:
        if isinstance(target, dict):
            target[rng.choice(["zzz", "step", "date", "by", "fine"])] = copy.deepcopy(
                rng.choice(ODD_VALUES)
            )
        else:
            target.append(copy.deepcopy(rng.choice(ODD_VALUES)))
        return
    key = rng.choice(keys)
    if action == "delete":
        del target[key]
    elif action == "wrap":
        target[key] = [target[key]]
    else:
        target[key] = copy.deepcopy(rng.choice(ODD_VALUES))


def _only_case_file_errors(source) -> None:
    try:
        result = read_case_file(source, STEP_KINDS)
    except CaseFileError as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
    else:
        assert isinstance(result, CaseFile)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_randomly_mangled_documents_give_only_case_file_errors(path):
    rng = random.Random(path.name)
    original = load_doc(path)
    for _ in range(400):
        doc = copy.deepcopy(original)
        for _ in range(rng.randint(1, 4)):
            _mutate(doc, rng)
        _only_case_file_errors(doc)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_randomly_damaged_json_text_gives_only_case_file_errors(path):
    rng = random.Random(path.name + "text")
    text = json.dumps(load_doc(path), ensure_ascii=False)
    for _ in range(300):
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            chars[at] = rng.choice(['"', "{", "]", ",", "1", "x", ":", "\\", "\u0000", ""])
        _only_case_file_errors("".join(chars)[: rng.randint(1, len(chars))])


def test_deeply_nested_json_is_rejected_not_crashing():
    _only_case_file_errors("[" * 100_000 + "]" * 100_000)
    _only_case_file_errors('{"steps": ' + "[" * 100_000 + "]" * 100_000 + "}")


def test_documents_with_non_string_keys_are_rejected():
    doc = load_doc()
    doc[1] = "x"
    doc["steps"][0][2] = "y"
    _only_case_file_errors(doc)
