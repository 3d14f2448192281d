"""A broken plugin shows as a named refusal on the page, never a 500."""

import pytest

from caseflow.plugin import hookimpl, warning
from tests.factories import make_district
from tests.web.conftest import open_case


class BadFields:
    @hookimpl
    def caseflow_step_fields(self, workflow, step):
        return {"name": "weather"}  # a dict where a list of field specs belongs


class WrongFindings:
    @hookimpl
    def caseflow_check_step(self, step):
        return warning("ONE", "单个", "a single finding, not a list")


@pytest.fixture
def app(make_app):
    app = make_app(extra_plugins=[BadFields(), WrongFindings()])
    with app.extensions["caseflow"].sessions() as session:
        make_district(session)
    return app


def test_a_step_page_whose_fields_plugin_is_broken_names_it_with_a_422(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = client.get(f"/cases/{case_id}/steps/inspect")
    assert r.status_code == 422
    assert "BadFields" in r.text and "caseflow_step_fields" in r.text


def test_a_case_page_whose_check_plugin_returns_the_wrong_type_still_shows(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    r = client.get(f"/cases/{case_id}")
    assert r.status_code == 200
