"""``caseflow workflows migrate --to 2``: running cases move to version 2 of their
workflow, each in its own transaction with an audit event saying who moved it; a case
whose state version 2 lacks is listed and left alone; a second run moves nothing."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from caseflow.cli import main
from caseflow.config import ROOT
from caseflow.engine.audit import verify_all
from caseflow.engine.cases import open_case
from caseflow.engine.version_moves import EVENT_KIND
from caseflow.models import Case, Event
from tests.engine.helpers import inspect, register

OLD = """\
name: tiny
version: %d
title: {zh: 小, en: Tiny}
procedure: general
initial: open
states:
  open: {zh: 开, en: Open}
  %s
  done: {zh: 完, en: Done, final: true}
steps:
- {name: finish, label: {zh: 完成, en: Finish}, from: [open], to: done, roles: [officer]}
%s"""


@pytest.fixture
def dirs(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    waiting_step = (
        "- {name: wait, label: {zh: 等, en: Wait}, from: [open], to: waiting, roles: [officer]}\n"
        "- {name: go_on, label: {zh: 续, en: Go on}, from: [waiting], to: open, roles: [officer]}\n"
    )
    (extra / "tiny.v1.yaml").write_text(
        textwrap.dedent(OLD % (1, "waiting: {zh: 等, en: Waiting}", waiting_step)), "utf-8"
    )
    (extra / "tiny.v2.yaml").write_text(textwrap.dedent(OLD % (2, "", "")), "utf-8")
    return [str(ROOT / "workflows"), str(extra)]


@pytest.fixture
def app(make_app, dirs):
    return make_app(WORKFLOW_DIRS=dirs)


def migrate(monkeypatch, app, dirs, *args):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("CASEFLOW_WORKFLOW_DIRS", ",".join(dirs))
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "test")
    return CliRunner().invoke(main, ["workflows", "migrate", *args])


def old_case(rt, session, district, workflow="general_penalty", state=None):
    """A case started on version 1 before version 2 shipped."""
    case = open_case(
        rt.engine, session, workflow=workflow, version=1, party=district["party"],
        unit=district["bureau"], actor=district["officer1"], title="旧版本案件",
    )  # fmt: skip
    if state:
        session.execute(update(Case).where(Case.id == case.id).values(state=state))
    session.commit()
    return session.get(Case, case.id)


def versions(session):
    session.expire_all()
    return {c.id: (c.workflow_version, c.state) for c in session.scalars(select(Case))}


def test_running_cases_move_to_version_2_each_with_an_event_naming_who_moved_them(
    monkeypatch, app, dirs, rt, session, district
):
    filed = old_case(rt, session, district)
    inspect(rt, session, filed, district)
    register(rt, session, filed, district)
    fresh = old_case(rt, session, district)
    before = filed.version
    result = migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1")
    assert result.exit_code == 0, result.output
    assert "2 cases moved to version 2" in result.output
    now = versions(session)
    assert now[filed.id] == (2, "investigation") and now[fresh.id] == (2, "inspection")
    assert session.get(Case, filed.id).version == before + 1
    event = session.scalars(
        select(Event).where(Event.case_id == filed.id).order_by(Event.seq.desc())
    ).first()
    assert event.kind == EVENT_KIND and event.actor == "head1"
    assert event.payload == {"workflow": "general_penalty", "from_version": 1,
                             "to_version": 2, "state": "investigation", "by": "head1"}  # fmt: skip
    assert verify_all(session)[1] == []
    # The moved case goes on under version 2: a step only version 2 has is open to it.
    steps = {a.step.name for a in rt.engine.actions(session, session.get(Case, filed.id),
                                                     district["head1"])}  # fmt: skip
    assert "suspend" in steps


def test_a_second_run_moves_nothing_and_writes_nothing(
    monkeypatch, app, dirs, rt, session, district
):
    case = old_case(rt, session, district)
    assert migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1").exit_code == 0
    events = session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    again = migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1")
    assert again.exit_code == 0 and "0 cases moved" in again.output
    assert session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) == events
    assert versions(session)[case.id] == (2, "inspection")


def test_a_case_whose_state_version_2_lacks_is_listed_and_left_alone(
    monkeypatch, app, dirs, rt, session, district
):
    stuck = old_case(rt, session, district, workflow="tiny", state="waiting")
    movable = old_case(rt, session, district, workflow="tiny")
    result = migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1")
    assert result.exit_code == 1
    assert f"CANNOT MOVE {stuck.label} tiny v1 -> v2 [waiting]" in result.output
    assert "no counterpart in version 2" in result.output
    now = versions(session)
    assert now[stuck.id] == (1, "waiting") and now[movable.id] == (2, "open")
    assert session.scalars(select(Event.kind).where(Event.case_id == stuck.id)).all() == ["opened"]


def test_a_dry_run_lists_what_would_move_and_changes_nothing(
    monkeypatch, app, dirs, rt, session, district
):
    case = old_case(rt, session, district)
    result = migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"WOULD MOVE {case.label} general_penalty v1 -> v2 [inspection]" in result.output
    assert versions(session)[case.id] == (1, "inspection")


def test_closed_cases_keep_the_version_they_ended_on(monkeypatch, app, dirs, rt, session, district):
    ended = old_case(rt, session, district, workflow="tiny")
    rt.engine.fire(session, ended, "finish", {}, district["officer1"])
    session.commit()
    assert migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1").exit_code == 0
    assert versions(session)[ended.id] == (1, "done")


def test_many_cases_show_progress(monkeypatch, app, dirs, rt, session, district):
    for _ in range(25):
        old_case(rt, session, district, workflow="tiny")
    result = migrate(monkeypatch, app, dirs, "--to", "2", "--by", "head1")
    assert result.exit_code == 0
    assert "moving cases" in result.output and "25 cases moved" in result.output


def test_an_unknown_mover_or_version_is_refused_before_anything_moves(
    monkeypatch, app, dirs, rt, session, district
):
    case = old_case(rt, session, district)
    assert migrate(monkeypatch, app, dirs, "--to", "2", "--by", "nobody").exit_code != 0
    assert migrate(monkeypatch, app, dirs, "--to", "9", "--by", "head1").exit_code != 0
    assert versions(session)[case.id] == (1, "inspection")
