"""Each step's title and fields have one home: the procedure definition.

The core (``caseflow/``), its templates and the workflow files may name a step
kind to route it, but never restate its title or its fields, and the core keeps no
table of steps: forms, the API, case files and documents read the definition.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from caseflow.config import ROOT
from caseflow.engine.loader import load_definition
from caseflow_plugins.legal_procedure.steps import STEP_KINDS

CORE = ROOT / "caseflow"
NAMES = set(STEP_KINDS)
TITLES = {t for k in STEP_KINDS.values() for t in (k.label.zh, k.label.en)}

# Modules that drive steps by name as data, not as vocabulary: the demo district's
# story and the benchmark's cases are seeded through the engine like a user would.
SEEDS = {CORE / "demo.py", CORE / "bench.py"}
# Still to move into the domain plugin: the summary of a party's other cases
# (decided, penalised, major hazard) that the repeat-offence rules read.
NOT_YET = {
    CORE / "engine" / "history.py",
    # A party's page counts its penalties from the decision steps.
    CORE / "web" / "party_record.py",
}


def _core_modules():
    return [p for p in sorted(CORE.rglob("*.py")) if p not in SEEDS]


FIELDS = {f.name for k in STEP_KINDS.values() for f in k.fields}


def _titles_or_fields(value) -> bool:
    """A value a step table would hold: a title, or a list of the step's fields."""
    if isinstance(value, ast.Constant):
        return value.value in TITLES
    if isinstance(value, ast.Tuple | ast.List | ast.Set):
        strings = _strings(value.elts)
        return bool(strings) and set(strings) <= FIELDS
    return False


def _strings(node) -> list[str]:
    return [e.value for e in node if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def test_no_core_module_or_template_restates_a_step_title():
    found = []
    for path in _core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in TITLES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {t}" for t in TITLES if f">{t}<" in text]
    assert found == []


def test_no_core_module_keeps_a_table_or_list_of_steps():
    found = []
    for path in _core_modules():
        if path in NOT_YET:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k for k in _strings(node.keys) if k in NAMES]
                values_are_steps = any(_titles_or_fields(v) for v in node.values)
                if len(keys) >= 2 and values_are_steps:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: table of {keys}")
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                named = [s for s in _strings(node.elts) if s in NAMES]
                if len(named) >= 2 and len(named) == len(node.elts):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: steps {named}")
            elif isinstance(node, ast.Compare):
                for c in node.comparators:
                    elts = c.elts if isinstance(c, ast.Tuple | ast.List | ast.Set) else [c]
                    named = [s for s in _strings(elts) if s in NAMES]
                    if named:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: compares {named}")
    assert found == []


@pytest.mark.parametrize("path", sorted((ROOT / "workflows").glob("*.yaml")), ids=lambda p: p.name)
def test_workflows_name_step_kinds_without_restating_them(path: Path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for step in raw["steps"]:
        if step["name"] in NAMES:
            assert "label" not in step, step["name"]
            assert all(isinstance(f, str) for f in step.get("fields", [])), step["name"]
    definition = load_definition(path, STEP_KINDS)
    for spec in definition.steps:
        kind = STEP_KINDS[spec.name]
        assert spec.label == kind.label
        for f in spec.fields:
            assert f.label == kind.field(f.name).label and f.type == kind.field(f.name).type


def test_every_step_kind_has_one_title_in_each_language():
    zh = [k.label.zh for k in STEP_KINDS.values()]
    en = [k.label.en for k in STEP_KINDS.values()]
    assert len(set(zh)) == len(zh) == len(set(en)) == len(STEP_KINDS)
