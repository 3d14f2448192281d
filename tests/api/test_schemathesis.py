"""The API against its own OpenAPI spec, by schemathesis: generated requests for every
operation (and, statefully, sequences that follow the spec's links) must never
meet a 5xx, and every response must conform to the documented schema."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from caseflow.engine.cases import open_case
from tests.api.conftest import ApiClient, add_user

# Small on purpose so the suite stays fast; raise it to hunt (CI may, nightly).
EXAMPLES = int(os.environ.get("CASEFLOW_SCHEMATHESIS_EXAMPLES", "12"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)  # fmt: skip


@pytest.fixture
def root_token(app, rt, session, district):
    """Someone holding every role, so generated calls reach past the role checks; and a
    case and a party, so generated ids sometimes name something."""
    add_user(
        session, district, "root", ["officer", "reviewer", "head", "admin"],
        legal=True, cert="44039990001",
    )  # fmt: skip
    open_case(
        rt.engine, session, workflow="general_penalty", party=district["party"],
        unit=district["bureau"], actor=district["head1"],
    )  # fmt: skip
    session.commit()
    return ApiClient(app).token("root")


@pytest.fixture
def api_schema(app, root_token):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


def token_for(case, app, root_token) -> str:
    """The root token, except for the call that revokes the token it presents."""
    if case.method.upper() == "DELETE" and case.path.endswith("/auth/token"):
        return ApiClient(app).token("root")
    return root_token


def auth_headers(case, app, root_token) -> dict:
    """A real token in place of the generated Authorization value; none where the case
    was made negative by dropping the header, so that the API must refuse it (adding one
    back made such a case valid, and a mutation beside it went unrejected)."""
    if "Authorization" not in (case.headers or {}):
        return {}
    return {"Authorization": f"Bearer {token_for(case, app, root_token)}"}


@schema.parametrize()
@SETTINGS
def test_every_operation_honours_the_spec(case, app, root_token):
    case.call_and_validate(
        headers=auth_headers(case, app, root_token),
        # A schema cannot say which check characters, violation codes or histories are
        # lawful: schema-valid data the domain refuses is a documented 422, not a bug.
        excluded_checks=[positive_data_acceptance],
    )


def test_sequences_of_calls_honour_the_spec(app, root_token):
    """Stateful: schemathesis chains calls along the links it infers from the spec
    (a created party's or case's id fed to the operations that read it)."""
    api_schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    base = api_schema.as_state_machine()

    class Integrator(base):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {token_for(case, app, root_token)}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                additional_checks=additional_checks,
                # In a chain, a case made "negative" by dropping its Authorization header
                # gets the header back from get_call_kwargs and is rightly accepted; the
                # per-operation test above still checks that invalid data is rejected.
                excluded_checks=[positive_data_acceptance, negative_data_rejection],
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs or None,
            )

    # The app's database carries over between generated sequences, so hypothesis may
    # see a rule enabled in one run and not on replay (FlakyStrategyDefinition, seen in
    # about half the runs at 40 examples): a fixed seed keeps CI's verdict repeatable;
    # raise CASEFLOW_SCHEMATHESIS_EXAMPLES and drop derandomize to hunt by hand.
    Integrator.run(
        settings=settings(
            SETTINGS,
            max_examples=max(3, EXAMPLES // 2),
            stateful_step_count=6,
            derandomize=True,
            database=None,
        )
    )
