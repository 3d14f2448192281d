"""The plugin author's test kit: pytest fixtures that drive the real engine.

Installed with CaseFlow and registered through the ``pytest11`` entry point, so a
plugin package's tests use these fixtures without a conftest of their own. Every
name starts with ``caseflow_``:

- ``caseflow_clock``: the engine's clock, settable (``caseflow_clock.set("2024-05-01")``);
  legal periods depend on the date, never on the wall clock.
- ``caseflow_make_app(extra_plugins=(), **config)``: a CaseFlow app on a temporary
  SQLite database, migrated. Installed plugins load as in production (your package's
  entry point included; ``PLUGINS_ALLOW``/``PLUGINS_AUTOLOAD`` in ``config`` limit them).
- ``caseflow_app``, ``caseflow_runtime``, ``caseflow_session``: one app, its runtime
  (``.engine``, ``.pm``, ``.registry``), a database session.
- ``caseflow_district``: a bureau with officers ``officer1`` and ``officer2``
  (certified), legal reviewer ``reviewer1``, head ``head1``, ``admin`` and an
  enterprise ``party``.
- ``caseflow_case(workflow="general_penalty", steps=(), state=None)``: a case with
  ``steps`` (``(step, data, role)``) fired in order; ``state`` then places it in a
  state directly, without the history that would lead there.
- ``caseflow_fire(case, step, data=None, role="officer", acknowledge=False)``: take a
  step as the district's first user with ``role``; returns the outcome or raises the
  refusal (:class:`caseflow.plugin.RuleViolation` carries the findings).
- ``caseflow_review(source, as_of=None)``: review a case file (path, JSON text or
  dict) with the app's plugins, as ``caseflow audit-case`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pytest

CST = dt.timezone(dt.timedelta(hours=8), "CST")
# A valid unified social credit code (check character per GB 32100-2015).
PARTY_CODE = "91440300MA5FXXXX1Y"


class Clock:
    """The engine's clock, set by the test."""

    def __init__(self, when: dt.datetime):
        self.now = when

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: str, hour: int = 10) -> None:
        self.now = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=CST)


@pytest.fixture
def caseflow_clock() -> Clock:
    return Clock(dt.datetime(2024, 3, 5, 10, tzinfo=CST))


@pytest.fixture
def caseflow_make_app(tmp_path, caseflow_clock):
    """Build CaseFlow apps on one temporary database, migrated once."""
    from caseflow import create_app
    from caseflow.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'caseflow.sqlite'}"
    apps = []

    def build(extra_plugins: Iterable = (), **config):
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False,
                "EVIDENCE_DIR": str(tmp_path / "evidence"),
                "TESTING": True,
                **config,
            },
            extra_plugins=extra_plugins,
            clock=caseflow_clock,
        )
        if not apps:
            upgrade(app.extensions["caseflow"].db)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["caseflow"].db.dispose()


@pytest.fixture
def caseflow_app(caseflow_make_app):
    return caseflow_make_app()


@pytest.fixture
def caseflow_runtime(caseflow_app):
    return caseflow_app.extensions["caseflow"]


@pytest.fixture
def caseflow_session(caseflow_runtime):
    with caseflow_runtime.sessions() as session:
        yield session


def make_district(session) -> dict:
    """A bureau, its people by role and one enterprise, committed."""
    from werkzeug.security import generate_password_hash

    from caseflow.models import Certificate, Party, Unit, User

    bureau = Unit(code="KIT", name="示例区应急管理局", level="county", case_prefix="示应急罚")
    session.add(bureau)
    session.flush()
    people: dict = {}
    # A cheap hash: the real default costs ~0.1 s a user.
    password = generate_password_hash("pw", method="pbkdf2:sha256:1000")
    for username, roles, certified, legal in [
        ("officer1", ["officer"], True, False),
        ("officer2", ["officer"], True, False),
        ("reviewer1", ["reviewer"], False, True),
        ("head1", ["head"], False, False),
        ("admin", ["admin"], False, False),
    ]:
        user = User(username=username, name=username, unit=bureau, roles=roles,
                    legal_qualification=legal, password_hash=password)  # fmt: skip
        if certified:
            user.certificates.append(
                Certificate(
                    number=f"KIT{len(people):07d}",
                    valid_from=dt.date(2020, 1, 1),
                    valid_to=dt.date(2030, 12, 31),
                )
            )
        session.add(user)
        people[username] = user
    party = Party(kind="organization", name="示例化工有限公司", id_code=PARTY_CODE,
                  address="示例路1号", unit=bureau)  # fmt: skip
    session.add(party)
    session.commit()
    return {"bureau": bureau, "party": party, **people}


@pytest.fixture
def caseflow_district(caseflow_session) -> dict:
    return make_district(caseflow_session)


def _user_with(district: dict, role: str):
    for value in district.values():
        if getattr(value, "roles", None) and role in value.roles:
            return value
    raise LookupError(f"the test district has nobody with role {role!r}")


@pytest.fixture
def caseflow_fire(caseflow_runtime, caseflow_session, caseflow_district) -> Callable:
    def fire(case, step: str, data: dict | None = None, role: str = "officer",
             acknowledge: bool = False):  # fmt: skip
        actor = _user_with(caseflow_district, role)
        return caseflow_runtime.engine.fire(
            caseflow_session, case, step, data or {}, actor, acknowledge=acknowledge
        )

    return fire


@pytest.fixture
def caseflow_case(caseflow_runtime, caseflow_session, caseflow_district, caseflow_fire):
    from caseflow.engine.cases import open_case

    def make(workflow: str = "general_penalty", steps: Iterable = (), state: str | None = None):
        case = open_case(
            caseflow_runtime.engine,
            caseflow_session,
            workflow=workflow,
            party=caseflow_district["party"],
            unit=caseflow_district["bureau"],
            actor=caseflow_district["officer1"],
        )
        for step, data, role in steps:
            caseflow_fire(case, step, data, role, acknowledge=True)
        if state is not None and state != case.state:
            definition = caseflow_runtime.engine.definition(case)
            if state not in definition.states:
                raise ValueError(f"{workflow} has no state {state!r}")
            caseflow_runtime.engine.bump(caseflow_session, case, state=state)
            caseflow_session.commit()
        return case

    return make


@pytest.fixture
def caseflow_review(caseflow_runtime, caseflow_session) -> Callable:
    from caseflow.casefile.review import review_file

    def review(source, as_of: dt.date | None = None):
        # The app's own settings and calendar, so review and live checks agree;
        # without as_of, each file is judged as of its last step, as audit-case does.
        ctx = caseflow_runtime.engine.context(caseflow_session, mode="review")
        ctx.as_of = as_of
        return review_file(source, caseflow_runtime.pm, ctx)

    return review
