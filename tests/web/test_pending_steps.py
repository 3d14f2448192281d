"""On the web: a late service waits in the head's review list, the head signs it off,
and the case page shows the defect and who signed it."""

from __future__ import annotations

from caseflow.models import Event
from tests.api.conftest import ApiClient
from tests.api.history import CLEAN, drive, open_general_case
from tests.web.conftest import AuthActions


def _decided(app, clock) -> int:
    from sqlalchemy import select

    from caseflow.models import Party

    api = ApiClient(app)
    with app.extensions["caseflow"].sessions() as s:
        party = s.scalar(select(Party))
    case = open_general_case(api, {"party": party})
    drive(api, clock, case["id"], CLEAN, until="serve")
    return case["id"]


def _step_events(app, case_id) -> int:
    with app.extensions["caseflow"].sessions() as s:
        return s.query(Event).filter_by(case_id=case_id, kind="step").count()


def _version(app, case_id) -> int:
    from caseflow.models import Case

    with app.extensions["caseflow"].sessions() as s:
        return s.get(Case, case_id).version


def test_a_late_service_waits_for_the_head_and_is_signed_off_from_the_review_list(app, clock):
    case_id = _decided(app, clock)
    clock.set("2024-04-12")  # one working day late (Qingming holidays on 4-5 Apr)
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("officer1")
    before = _step_events(app, case_id)
    r = client.post(
        f"/cases/{case_id}/steps/serve",
        data={"date": "2024-04-12", "method": "direct", "receipt_signed": "y",
              "expected_version": str(_version(app, case_id))},
        follow_redirects=True,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert "waiting for a head" in r.text and "APL-61-SERVICE" in r.text
    assert _step_events(app, case_id) == before

    auth.logout()
    auth.login("head1")
    queue = client.get("/review/")
    assert "APL-61-SERVICE" in queue.text and 'id="pending-' in queue.text
    pending_id = int(queue.text.split('id="pending-')[1].split('"')[0])
    refused = client.post(f"/review/pending/{pending_id}/acknowledge", data={"category": "party"})
    assert refused.status_code == 302 and _step_events(app, case_id) == before
    r = client.post(
        f"/review/pending/{pending_id}/acknowledge",
        data={"reason": "当事人外出，次日送达", "category": "party"},
        follow_redirects=True,
    )
    assert r.status_code == 200, r.text
    assert _step_events(app, case_id) == before + 1
    page = client.get(f"/cases/{case_id}").text
    assert "APL-61-SERVICE" in page and "瑕疵" in page
    assert "当事人外出，次日送达" in page and "head1" in page
    assert 'id="pending"' not in page


def test_a_head_returns_a_pending_step_from_the_review_list(app, clock):
    case_id = _decided(app, clock)
    clock.set("2024-04-12")
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("officer1")
    version = _version(app, case_id)
    client.post(
        f"/cases/{case_id}/steps/serve",
        data={"date": "2024-04-12", "method": "direct", "receipt_signed": "y",
              "expected_version": str(version)},
    )  # fmt: skip
    auth.logout()
    auth.login("head1")
    queue = client.get("/review/").text
    pending_id = int(queue.split('id="pending-')[1].split('"')[0])
    r = client.post(f"/review/pending/{pending_id}/return", data={"reason": "日期有误"})
    assert r.status_code == 302
    assert _version(app, case_id) == version
    assert 'id="pending-' not in client.get("/review/").text
