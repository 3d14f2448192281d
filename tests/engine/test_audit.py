"""The audit trail is append-only and verifiable: tampering is found and named."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from caseflow.cli import main
from caseflow.models import Event
from tests.engine.helpers import inspect, new_case, register


def _case_with_history(rt, session, district):
    case = new_case(rt, session, district)
    inspect(rt, session, case, district)
    register(rt, session, case, district)
    return case


def _bypass_append_only(session):
    """What someone with the database owner's rights could do: drop the guard."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DROP TRIGGER events_append_only ON events"))
    else:
        session.execute(text("DROP TRIGGER events_no_update"))
        session.execute(text("DROP TRIGGER events_no_delete"))
    session.commit()


def _verify(app):
    runner = app.test_cli_runner()
    return runner.invoke(main, ["verify-audit"], env={"DATABASE_URL": app.config["DATABASE_URL"]})


def test_an_untouched_trail_verifies(app, rt, session, district, monkeypatch):
    _case_with_history(rt, session, district)
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "1 case chains checked, 0 broken" in result.output


def test_an_event_edited_in_the_database_is_found_by_verify_audit(
    app, rt, session, district, monkeypatch
):
    case = _case_with_history(rt, session, district)
    _bypass_append_only(session)
    target = session.scalars(select(Event).where(Event.case_id == case.id, Event.seq == 2)).one()
    # Someone with database access back-dates the inspection.
    payload = dict(target.payload)
    payload["date"] = "2024-01-01"
    target.payload = payload
    session.commit()
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = _verify(app)
    assert result.exit_code == 1
    assert f"{case.number} event #2" in result.output and "altered" in result.output


def test_a_deleted_event_is_found_by_verify_audit(app, rt, session, district, monkeypatch):
    case = _case_with_history(rt, session, district)
    _bypass_append_only(session)
    session.execute(text("DELETE FROM events WHERE case_id = :c AND seq = 2"), {"c": case.id})
    session.commit()
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    result = _verify(app)
    assert result.exit_code == 1 and "event #2 is missing" in result.output


def test_each_event_links_to_the_hash_of_the_one_before(rt, session, district):
    case = _case_with_history(rt, session, district)
    events = session.scalars(
        select(Event).where(Event.case_id == case.id).order_by(Event.seq)
    ).all()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))


@pytest.mark.parametrize("statement", ["UPDATE events SET actor = 'someone'", "DELETE FROM events"])
def test_the_database_itself_refuses_to_rewrite_an_event(rt, session, district, statement):
    _case_with_history(rt, session, district)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
    session.rollback()
    assert session.scalar(text("SELECT count(*) FROM events")) == 3
