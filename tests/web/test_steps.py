"""Taking steps through the generated forms, and every way the engine says no."""

from caseflow.models import Case, Event
from tests.conftest import table_counts
from tests.web.conftest import INSPECTION, open_case


def _case(app, case_id):
    with app.extensions["caseflow"].sessions() as s:
        case = s.get(Case, case_id)
        events = s.query(Event).filter_by(case_id=case_id).count()
        return case.state, case.version, events


def _counts(app):
    with app.extensions["caseflow"].sessions() as s:
        return table_counts(s)


def test_the_step_form_is_generated_from_the_workflow(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    page = client.get(f"/cases/{case_id}/steps/inspect").text
    assert "执法人员（至少两名）" in page and "已出示执法证件" in page
    assert 'name="expected_version"' in page and 'value="1"' in page
    assert 'value="2024-03-05"' in page  # the date defaults to the engine's today
    assert "officer2" in page and "reviewer1" not in page  # only officers offered


def test_officer_records_an_inspection_through_the_form(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    assert r.status_code == 302, r.text
    state, version, events = _case(app, case_id)
    assert (state, version, events) == ("inspection", 2, 2)
    page = client.get(f"/cases/{case_id}").text
    assert "已记录：现场检查" in page and "生产车间" in page and "现场检查记录" in page


def test_a_step_from_the_wrong_role_gives_403_and_changes_nothing(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    before = _counts(app)
    r = client.post(
        f"/cases/{case_id}/steps/register",
        data={"discovered": "2024-03-05", "date": "2024-03-05", "expected_version": "1"},
    )
    assert r.status_code == 403
    assert "无权办理" in r.text
    assert _counts(app) == before
    assert client.get(f"/cases/{case_id}/steps/register").status_code == 403


def test_an_error_finding_rerenders_the_form_with_the_rule_and_records_nothing(
    app, client, auth, ids
):
    auth.login()
    case_id = open_case(client, ids)
    before = _counts(app)
    data = {**INSPECTION, "by": ["officer1"]}  # one officer: APL-42 wants two
    r = client.post(f"/cases/{case_id}/steps/inspect", data=data)
    assert r.status_code == 422
    assert "APL-42-2OFFICERS" in r.text and "《行政处罚法》第四十二条" in r.text
    assert "本步骤未记录" in r.text
    assert _counts(app) == before
    assert _case(app, case_id)[:2] == ("inspection", 1)


def test_bad_field_values_come_back_on_their_fields(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = client.post(
        f"/cases/{case_id}/steps/order_correction",
        data={"deadline": "2024-02-30", "expected_version": "1"},
    )
    assert r.status_code == 422 and "has-error" in r.text
    r = client.post(f"/cases/{case_id}/steps/inspect", data={**INSPECTION, "by": ["ghost"]})
    assert r.status_code == 422  # not a choice: caught by the form, never a 500
    assert _case(app, case_id)[1] == 1


def test_a_stale_expected_version_gives_409_and_a_message(app, client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    assert client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION).status_code == 302
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)  # still says version 1
    assert r.status_code == 409
    assert "案件已被他人修改" in r.text and f'href="/cases/{case_id}"' in r.text
    assert _case(app, case_id)[1] == 2


def test_a_step_not_available_in_the_state_is_409_and_unknown_is_404(client, auth, ids):
    auth.login("head1")
    case_id = open_case(client, ids)
    assert client.get(f"/cases/{case_id}/steps/decide").status_code == 409
    assert client.get(f"/cases/{case_id}/steps/launch_rockets").status_code == 404


def test_a_warning_asks_for_acknowledgement_then_records(app, make_app, ids):
    from tests.engine.plugins import WarnStep
    from tests.web.conftest import AuthActions

    # A second app on the same database (the district is there), with a warning plugin.
    client = make_app(extra_plugins=(WarnStep("inspect"),)).test_client()
    AuthActions(client).login()
    case_id = open_case(client, ids)
    r = client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    assert r.status_code == 422 and "TEST-WARN" in r.text and 'name="acknowledge"' in r.text
    assert _case(app, case_id)[1] == 1
    r = client.post(f"/cases/{case_id}/steps/inspect", data={**INSPECTION, "acknowledge": "y"})
    assert r.status_code == 302
    assert "TEST-WARN" in client.get(f"/cases/{case_id}").text


def test_review_queue_shows_heads_what_waits_for_them(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    auth.logout()
    auth.login("head1")
    page = client.get("/review/").text
    assert f"/cases/{case_id}/steps/register" in page
    auth.logout()
    auth.login("officer1")
    assert client.get("/review/").status_code == 403
