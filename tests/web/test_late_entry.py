"""A step entered after the day it happened (补录) is kept and flagged, never refused
for that alone (case-file format 1.1, ``recorded_on``)."""

from caseflow.models import Event
from tests.web.conftest import INSPECTION, open_case


def _payload(app, case_id, step):
    with app.extensions["caseflow"].sessions() as s:
        return s.query(Event).filter_by(case_id=case_id, step=step).one().payload


def test_an_inspection_entered_two_days_late_is_recorded_and_shown_as_entered_late(
    app, client, auth, ids, clock
):
    auth.login()
    case_id = open_case(client, ids)
    clock.set("2024-03-07")
    auth.login()  # signed in again on the later day
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)  # dated 2024-03-05
    assert r.status_code == 302, r.text
    payload = _payload(app, case_id, "inspect")
    assert payload["date"] == "2024-03-05" and payload["recorded_on"] == "2024-03-07"
    page = client.get(f"/cases/{case_id}").text
    assert "补录" in page and "2024-03-07录入" in page and "2024-03-05" in page


def test_a_step_entered_on_its_day_is_not_flagged(app, client, auth, ids, clock):
    auth.login()
    case_id = open_case(client, ids)
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    assert r.status_code == 302, r.text
    assert "recorded_on" not in _payload(app, case_id, "inspect")
    assert "补录" not in client.get(f"/cases/{case_id}").text


def test_a_step_dated_after_today_is_still_refused(app, client, auth, ids, clock):
    auth.login()
    case_id = open_case(client, ids)
    r = client.post(f"/cases/{case_id}/steps/inspect", data={**INSPECTION, "date": "2024-03-06"})
    assert r.status_code != 302
    assert "步骤日期不能晚于今天" in r.text


def test_a_form_cannot_claim_its_own_entry_day(app, client, auth, ids, clock):
    """The day a step is entered is the engine's today, never what a request says."""
    auth.login()
    case_id = open_case(client, ids)
    clock.set("2024-03-07")
    auth.login()  # signed in again on the later day
    r = client.post(
        f"/cases/{case_id}/steps/inspect", data={**INSPECTION, "recorded_on": "2024-03-06"}
    )
    assert r.status_code == 302, r.text
    assert _payload(app, case_id, "inspect")["recorded_on"] == "2024-03-07"
