"""Plugins load by entry point, can be allow-listed, and are listed with their hooks."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from caseflow import hookspecs
from caseflow.cli import main
from caseflow.config import ROOT
from caseflow.engine.catalogue import checklists, rules
from caseflow.engine.errors import RuleViolation
from caseflow.plugins import make_manager
from tests.engine.helpers import new_case

EXAMPLE = ROOT / "examples" / "confined_space"
HOOKS = sorted(
    n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("caseflow_")
)


@pytest.fixture(scope="module")
def installed_example(tmp_path_factory):
    """pip-install the tutorial's example plugin into a folder put on sys.path:
    its entry point is then found exactly as a third-party plugin's would be."""
    target = tmp_path_factory.mktemp("site")
    # Build from a copy: setuptools leaves build/ and egg-info beside the sources.
    source = tmp_path_factory.mktemp("src") / "confined_space"
    shutil.copytree(EXAMPLE, source)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield target
    sys.path.remove(str(target))
    sys.modules.pop("caseflow_confined_space", None)
    importlib.invalidate_caches()


def test_an_installed_plugin_is_found_by_its_entry_point_and_its_check_runs(
    installed_example, make_app, district, session
):
    rt = make_app().extensions["caseflow"]
    assert rt.pm.get_plugin("confined_space") is not None
    assert any(r.id == "CS-MAJOR-CRITERION" and r.plugin == "confined_space" for r in rules(rt.pm))
    assert "confined-space-example" in [c["id"] for c in checklists(rt.pm)]
    case = new_case(rt, session, district)
    with pytest.raises(RuleViolation) as refused:
        rt.engine.fire(
            session,
            case,
            "order_correction",
            {"deadline": "2024-03-19", "major_hazard": True},
            district["officer1"],
        )
    assert "CS-MAJOR-CRITERION" in [f.rule for f in refused.value.findings]


def test_the_allow_list_keeps_an_installed_plugin_from_loading(installed_example):
    pm = make_manager(allow=["legal_procedure"])
    assert pm.get_plugin("confined_space") is None
    assert pm.get_plugin("legal_procedure") is not None


def test_autoload_off_loads_no_entry_point_at_all():
    pm = make_manager(autoload=False)
    assert pm.list_name_plugin() == []


def test_the_built_in_plugins_are_registered_by_entry_point_like_any_other():
    pm = make_manager()
    assert {"legal_procedure", "work_safety_law"} <= {name for name, _ in pm.list_name_plugin()}


def test_caseflow_plugins_lists_each_plugin_and_its_hooks(app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = app.test_cli_runner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "legal_procedure" in result.output and "caseflow_check_step" in result.output


def hook_section(guide: str, name: str) -> str | None:
    """The guide's section on hook ``name``: from its heading to the next heading."""
    match = re.search(rf"^#### `{name}`\n(.*?)(?=^#{{2,4}} )", guide + "\n## end", re.S | re.M)
    return match.group(1) if match else None


def section_problems(section: str | None, name: str, params: list[str]) -> list[str]:
    """What a hook's section lacks, against the pytest/datasette standard."""
    if section is None:
        return ["no section"]
    problems = []
    signature = re.search(rf"```python\ndef {name}\((.*?)\) -> .+\n```", section)
    if signature is None:
        problems.append("no typed signature")
    for p in params:
        if signature and f"{p}: " not in signature.group(1):
            problems.append(f"signature lacks a typed {p}")
        if f"\n- `{p}`: " not in "\n" + section:
            problems.append(f"no line for parameter {p}")
    if not params and "Parameters: none." not in section:
        problems.append("does not say it takes no parameters")
    for part in ("**Returns**", "**On failure**", "**Example**"):
        if part not in section:
            problems.append(f"no {part}")
    example = section.split("**Example**", 1)[-1]
    if "@hookimpl" not in example or f"def {name}(" not in example:
        problems.append("the example implements no hook")
    return problems


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_typed_and_documented_to_the_standard(name):
    spec = getattr(hookspecs, name)
    signature = inspect.signature(spec)
    params = list(signature.parameters)
    doc = spec.__doc__ or ""
    assert signature.return_annotation is not inspect.Signature.empty, f"{name} returns no type"
    for p in params:
        assert signature.parameters[p].annotation is not inspect.Parameter.empty, (name, p)
        assert f":param {p}:" in doc, f"{name} docstring has no :param {p}:"
    assert ":returns:" in doc, f"{name} docstring does not say what it returns"
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert section_problems(hook_section(guide, name), name, params) == []


def test_the_docs_check_finds_a_section_that_lacks_its_parts():
    thin = "#### `caseflow_check_step`\nReturn findings.\n\n## Next\n"
    problems = section_problems(hook_section(thin, "caseflow_check_step"), "caseflow_check_step",
                                ["record", "step", "ctx"])  # fmt: skip
    assert "no typed signature" in problems and "no line for parameter ctx" in problems
    assert {"no **Returns**", "no **On failure**", "no **Example**"} <= set(problems)


def test_every_package_is_listed_in_setup_cfg():
    listed = Path(ROOT / "setup.cfg").read_text()
    for init in (ROOT / "caseflow").rglob("__init__.py"):
        package = ".".join(init.parent.relative_to(ROOT).parts)
        if "versions" not in package:
            assert f"    {package}\n" in listed, f"{package} missing from setup.cfg packages"
    for init in (ROOT / "plugins").rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT / "plugins").parts
        package = ".".join(("caseflow_plugins", *rel))
        assert f"    {package}\n" in listed, f"{package} missing from setup.cfg packages"


def test_the_tutorial_template_builds_installs_and_passes_its_own_tests_outside_caseflow(
    tmp_path,
):
    """What a plugin developer does: copy the template, install it, run its tests with
    the shipped kit, from a folder that is not CaseFlow's checkout."""
    source, site = tmp_path / "my_plugin", tmp_path / "site"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(site), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CASEFLOW_", "PYTEST_", "DATABASE_URL"))
    }
    env["PYTHONPATH"] = str(site)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=source, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert ROOT not in source.parents
    assert "5 passed" in run.stdout
