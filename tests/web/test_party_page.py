"""A party's page: what an officer needs before visiting — its cases, inspections,
penalties and the risk it carries — and the party list leaves as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from caseflow.demo import PASSWORD, seed_demo
from caseflow.models import Case, Event, Party, Unit
from caseflow.web.party_record import party_record


@pytest.fixture
def demo(make_app, clock):
    clock.set("2024-06-20")
    app = make_app(DEMO=True)  # the demo's password signs in in demo mode only
    seed_demo(app.extensions["caseflow"], echo=lambda _m: None)
    return app


def log_in(client, username):
    r = client.post("/login", data={"username": username, "password": PASSWORD})
    assert r.status_code == 302


def penalised_party(session) -> tuple[Party, Case, dict]:
    """A demo party with a recorded penalty decision, its case and the decision's data."""
    ev = session.scalars(select(Event).where(Event.step == "decide").order_by(Event.id)).first()
    case = session.get(Case, ev.case_id)
    return case.party, case, ev.payload["data"]


def test_a_party_page_shows_its_cases_inspections_and_penalties(demo):
    rt = demo.extensions["caseflow"]
    with rt.sessions() as s:
        party, case, decision = penalised_party(s)
        party_id, number, name = party.id, case.label, party.name
    client = demo.test_client()
    log_in(client, "head1")
    page = client.get(f"/parties/{party_id}")
    assert page.status_code == 200
    text = page.text
    assert name in text and number in text
    assert 'id="inspections"' in text and "暂无检查记录" not in text
    fine = decision["penalty"]["fine"]
    assert f"{fine:,.0f}" in text


def test_penalties_count_toward_the_repeat_window_for_a_year_only(demo, clock):
    rt = demo.extensions["caseflow"]
    with rt.sessions() as s:
        party, _case, _decision = penalised_party(s)
        units = list(s.scalars(select(Unit.id)))
        now = party_record(s, party, units, dt.date(2024, 6, 20))
        later = party_record(s, party, units, dt.date(2025, 12, 31))
    assert now.penalties and now.penalties_last_year == len(now.penalties)
    assert later.penalties == now.penalties and later.penalties_last_year == 0


def test_a_street_officer_cannot_open_a_party_of_another_street(demo):
    """officer3 works for the Bantian (BT) street office."""
    rt = demo.extensions["caseflow"]
    with rt.sessions() as s:
        bantian = s.scalar(select(Unit).where(Unit.code == "LG-BT"))
        own = s.scalar(select(Party).where(Party.unit_id == bantian.id))
        elsewhere = s.scalar(
            select(Party).where(Party.unit_id.is_not(None), Party.unit_id != bantian.id)
        )
    client = demo.test_client()
    log_in(client, "officer3")
    assert client.get(f"/parties/{own.id}").status_code == 200
    assert client.get(f"/parties/{elsewhere.id}").status_code == 404


def test_an_unknown_party_is_a_404(demo):
    client = demo.test_client()
    log_in(client, "head1")
    assert client.get("/parties/999999").status_code == 404


def test_the_party_list_exports_every_matching_row_as_csv_for_a_spreadsheet(demo):
    client = demo.test_client()
    log_in(client, "head1")
    r = client.get("/parties/?key=1&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    body = r.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    with demo.extensions["caseflow"].sessions() as s:
        key = s.scalars(select(Party).where(Party.key_enterprise.is_(True))).all()
    assert len(rows) == 1 + len(key) > 1
    assert {r[1] for r in rows[1:]} == {p.id_code for p in key}


def test_the_case_list_exports_the_filtered_cases_with_their_overdue_mark(demo):
    client = demo.test_client()
    log_in(client, "head1")
    r = client.get("/cases/?state=closed&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8")[1:])))
    with demo.extensions["caseflow"].sessions() as s:
        closed = s.scalars(select(Case).where(Case.state == "closed")).all()
    assert rows[0][0] == "案号" and len(rows) == 1 + len(closed)
    assert {r[0] for r in rows[1:]} == {c.label for c in closed}
