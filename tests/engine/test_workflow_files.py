"""Workflows are data: versioned, validated at start-up, pinned per case."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from caseflow import create_app
from caseflow.config import ROOT
from caseflow.engine.loader import WorkflowError, load_definition
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.engine.helpers import new_case

SHIPPED = ROOT / "workflows"


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_workflow_is_valid(path):
    assert load_definition(path, STEP_KINDS).validate() == []


def _newer(tmp_path: Path) -> Path:
    folder = tmp_path / "workflows"
    shutil.copytree(SHIPPED, folder)
    text = (folder / f"general_penalty.v{LATEST}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"version: {LATEST}", f"version: {LATEST + 1}", 1).replace(
        "  closed: {zh: 已结案, en: Closed, final: true}",
        "  closed: {zh: 已结案归档, en: Closed and archived, final: true}",
    )
    (folder / f"general_penalty.v{LATEST + 1}.yaml").write_text(text, encoding="utf-8")
    return folder


LATEST = max(int(p.stem.rsplit(".v", 1)[1]) for p in SHIPPED.glob("general_penalty.v*.yaml"))


def test_a_running_case_keeps_its_workflow_version_when_a_new_one_is_added(
    make_app, tmp_path, district, session, rt
):
    old = new_case(rt, session, district)
    assert (old.workflow_name, old.workflow_version) == ("general_penalty", LATEST)

    rt2 = make_app(WORKFLOW_DIRS=[str(_newer(tmp_path))]).extensions["caseflow"]
    with rt2.sessions() as s2:
        from caseflow.models import Case

        reloaded = s2.get(Case, old.id)
        assert reloaded.workflow_version == LATEST
        assert rt2.engine.definition(reloaded).states["closed"].label.en == "Closed"
        newer = new_case(
            rt2, s2, {k: s2.merge(v) if hasattr(v, "id") else v for k, v in district.items()}
        )
        assert newer.workflow_version == LATEST + 1
        assert rt2.registry.versions("general_penalty") == [*range(1, LATEST + 2)]


def _write(tmp_path, body: str) -> Path:
    folder = tmp_path / "wf"
    folder.mkdir(exist_ok=True)
    path = folder / "bad.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


MINIMAL = """\
name: tiny
version: 1
title: {zh: 小, en: Tiny}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  done: {zh: 完, en: Done, final: true}
steps:
- name: finish
  label: {zh: 完成, en: Finish}
  from: [open]
%s"""


@pytest.mark.parametrize(
    "tail, problem",
    [
        ("  to: nowhere\n  roles: [officer]\n", "unknown destination state 'nowhere'"),
        ("  to: done\n  roles: [janitor]\n", "unknown role 'janitor'"),
        ("  to: open\n  roles: [officer]\n", "state 'done' is unreachable"),
        ("  to: done\n  roles: officer\n", "roles: Not a valid list"),
    ],
)
def test_a_broken_workflow_file_fails_start_up_naming_file_and_problem(
    make_app, tmp_path, tail, problem
):
    path = _write(tmp_path, MINIMAL % tail)
    with pytest.raises(WorkflowError) as failed:
        make_app(WORKFLOW_DIRS=[str(path.parent)])
    assert str(path) in str(failed.value)
    assert problem in str(failed.value)


def test_a_dead_end_that_is_not_final_is_refused(tmp_path):
    body = MINIMAL.replace("done: {zh: 完, en: Done, final: true}", "done: {zh: 完, en: Done}") % (
        "  to: done\n  roles: [officer]\n"
    )
    with pytest.raises(WorkflowError, match="'done' is a dead end but not marked final"):
        load_definition(_write(tmp_path, body))


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = _write(tmp_path, "name: x\nsteps: [\n  - oops: : :\n")
    with pytest.raises(WorkflowError, match=rf"{path}:\d+: not valid YAML"):
        load_definition(path)


def test_a_schema_error_names_the_line_of_the_step(tmp_path):
    path = _write(
        tmp_path,
        MINIMAL
        % "  to: done\n  roles: [officer]\n  fields:\n  - {name: x, type: colour, label: {zh: x, en: x}}\n",
    )
    with pytest.raises(WorkflowError) as failed:
        load_definition(path)
    assert f"{path}:16: steps[0].fields[0].type" in str(failed.value)


def test_the_app_does_not_start_with_a_broken_file(tmp_path, monkeypatch):
    path = _write(tmp_path, MINIMAL % "  to: nowhere\n  roles: [officer]\n")
    monkeypatch.setenv("CASEFLOW_WORKFLOW_DIRS", str(path.parent))
    with pytest.raises(WorkflowError, match="bad.yaml"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "x"})


def test_an_escalation_carrying_what_a_deadline_found_uncorrected_must_name_an_opened_one(
    tmp_path,
):
    body = MINIMAL % (
        "  to: done\n  roles: [officer]\n"
        "  spawns: {workflow: tiny, when_state: done, overdue_after: rectification}\n"
    )
    with pytest.raises(WorkflowError, match="'rectification', a deadline no step opens"):
        load_definition(_write(tmp_path, body))


TRAP = """\
name: trap
version: 1
title: {zh: 陷阱, en: Trap}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  loop_a: {zh: 甲, en: A}
  loop_b: {zh: 乙, en: B}
  done: {zh: 完, en: Done, final: true}
steps:
- name: finish
  label: {zh: 完成, en: Finish}
  from: [open]
  to: done
  roles: [officer]
- name: wander
  label: {zh: 游走, en: Wander}
  from: [open, loop_b]
  to: loop_a
  roles: [officer]
- name: back
  label: {zh: 返回, en: Back}
  from: [loop_a]
  to:
    field: way
    values: {left: loop_b, right: %s}
  roles: [officer]
  fields:
  - {name: way, type: choice, choices: [left, right], label: {zh: 方向, en: Way}}
"""


def test_a_state_from_which_no_route_reaches_a_final_state_stops_start_up_with_its_line(
    make_app, tmp_path
):
    """Every state leads somewhere (no dead end), yet A and B only lead to each other: a
    case that enters them could never end."""
    path = _write(tmp_path, TRAP % "loop_b")
    with pytest.raises(WorkflowError) as failed:
        make_app(WORKFLOW_DIRS=[str(path.parent)])
    message = str(failed.value)
    assert f"{path}:8: state 'loop_a' cannot reach a final state by any route" in message
    assert f"{path}:9: state 'loop_b' cannot reach a final state by any route" in message
    assert "'open'" not in message and "'done'" not in message


def test_a_conditional_destination_that_leads_out_of_the_loop_is_a_way_to_the_end(tmp_path):
    definition = load_definition(_write(tmp_path, TRAP % "done"))
    assert definition.validate() == []


def test_going_back_to_the_previous_state_counts_as_a_route_to_the_end(tmp_path):
    body = (
        MINIMAL.replace(
            "  open: {zh: 开, en: Open}\n",
            "  open: {zh: 开, en: Open}\n  paused: {zh: 停, en: Paused}\n",
        )
        % "  to: done\n  roles: [officer]\n"
    ) + (
        "- {name: pause, label: {zh: 停, en: Pause}, from: [open], to: paused, roles: [head]}\n"
        "- {name: go_on, label: {zh: 续, en: Go on}, from: [paused], to: previous, roles: [head]}\n"
    )
    assert load_definition(_write(tmp_path, body)).validate() == []


def test_every_state_of_every_shipped_workflow_can_reach_a_final_state():
    for path in sorted(SHIPPED.glob("*.yaml")):
        definition = load_definition(path, STEP_KINDS)
        assert not [p for p in definition.validate() if "cannot reach" in p], path


def test_a_step_that_stays_where_it_is_taken_is_no_way_between_its_states(tmp_path):
    """A recording step from [open, stuck] leads from stuck back to stuck, not to open:
    stuck has no way out and is found, though the step is offered there."""
    body = (
        MINIMAL.replace(
            "  open: {zh: 开, en: Open}\n",
            "  open: {zh: 开, en: Open}\n  stuck: {zh: 困, en: Stuck}\n",
        )
        % "  to: done\n  roles: [officer]\n"
    ) + (
        "- {name: wander, label: {zh: 游, en: Wander}, from: [open], to: stuck, roles: [officer]}\n"
        "- {name: note, label: {zh: 记, en: Note}, from: [open, stuck], roles: [officer]}\n"
    )
    with pytest.raises(WorkflowError, match="state 'stuck' cannot reach a final state"):
        load_definition(_write(tmp_path, body))
