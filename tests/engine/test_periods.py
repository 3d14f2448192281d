"""A period's clock: working or calendar days, roll-forward, and spans that do not count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.checks import CheckContext
from caseflow.engine.definition import Label
from caseflow.engine.periods import Counting, Period, Versioned
from caseflow.engine.record import CaseRecord, Party, Step, Unit
from caseflow.hookspecs import hookimpl
from caseflow.models import Deadline
from caseflow_plugins.legal_procedure import procedure
from tests.engine.helpers import new_case
from tests.engine.test_routing import ROUTED, SETTLED, Routes

D = dt.date
CTX = CheckContext(calendar=BusinessCalendar())


def _period(counting=Counting.CALENDAR, days=10, **kw) -> Period:
    kw.setdefault("paused_by", (("hold", "release"),))
    return Period(
        "answer", Label("答复期", "Answer window"), "test", counting,
        {"": Versioned.always("T.days", days)}, **kw,
    )  # fmt: skip


def _record(*steps: tuple[str, dt.date]) -> CaseRecord:
    return CaseRecord(
        "X1", "general", Unit("u", "county"), Party("organization", "p", "c"), {}, (),
        tuple(Step(i, name, day) for i, (name, day) in enumerate(steps)),
    )  # fmt: skip


def test_days_of_a_suspension_do_not_count():
    period = _period()
    plain = period.judge(D(2024, 3, 1), None, CTX, record=_record())
    assert plain.due == D(2024, 3, 11)
    # Suspended 4 Mar, resumed 7 Mar: 4, 5 and 6 Mar do not count.
    paused = _record(("hold", D(2024, 3, 4)), ("release", D(2024, 3, 7)))
    assert period.judge(D(2024, 3, 1), None, CTX, record=paused).due == D(2024, 3, 14)


def test_working_days_skip_the_suspension_and_the_holidays():
    period = _period(Counting.WORKING, days=5)
    # From Fri 27 Sep 2024; suspended Sun 29 Sep (a make-up working day) to Mon 30 Sep:
    # 29 Sep is lost, 30 Sep counts, then 8, 9, 10 and 11 Oct.
    paused = _record(("hold", D(2024, 9, 29)), ("release", D(2024, 9, 30)))
    assert period.judge(D(2024, 9, 27), None, CTX, record=paused).due == D(2024, 10, 11)


def test_a_pause_ends_at_any_of_its_restarts_and_only_on_a_matching_answer():
    """A hearing stops the clock from the request to the report, or to the refusal of a
    late request; an acceptance does not restart it (the hearing is still to come)."""
    restarts = ("report", ("answer", "accepted", False))
    period = _period(paused_by=(("request", restarts),))

    def record(*steps):
        return CaseRecord(
            "X1", "general", Unit("u", "county"), Party("organization", "p", "c"), {}, (),
            tuple(Step(i, n, day, data) for i, (n, day, data) in enumerate(steps)),
        )  # fmt: skip

    request = ("request", D(2024, 3, 4), {})
    accepted = ("answer", D(2024, 3, 5), {"accepted": True})
    refused = ("answer", D(2024, 3, 5), {"accepted": False})
    report = ("report", D(2024, 3, 8), {})
    judge = lambda *steps: period.judge(D(2024, 3, 1), None, CTX, record=record(*steps)).due  # noqa: E731
    assert judge(request, refused) == D(2024, 3, 12)  # 4 Mar not counted
    assert judge(request, accepted, report) == D(2024, 3, 15)  # 4 to 7 Mar not counted
    assert judge(request, accepted) == D.max  # the clock stands until the report


def test_a_suspension_not_yet_lifted_stops_the_clock():
    period = _period()
    stopped = _record(("hold", D(2024, 3, 4)))
    verdict = period.judge(D(2024, 3, 1), D(2024, 6, 1), CTX, record=stopped)
    assert not verdict.late


def test_a_suspension_lifted_after_the_act_is_judged_as_of_the_act():
    period = _period()
    later = _record(("hold", D(2024, 3, 4)), ("release", D(2024, 4, 1)))
    # As of 20 Mar the case was still suspended: the decision on 20 Mar is in time.
    assert not period.judge(D(2024, 3, 1), D(2024, 3, 20), CTX, record=later).late


def test_the_deadline_on_the_case_moves_when_a_suspension_is_lifted(
    make_app, tmp_path, district, session, clock
):
    path = tmp_path / "routed.yaml"
    path.write_text(
        ROUTED.replace(
            "  to: review\n", "  to: review\n  opens:\n  - {name: answer, period: answer}\n"
        ),
        encoding="utf-8",
    )
    answer = _period()

    class Answers(Routes):
        @hookimpl
        def caseflow_register_periods(self):
            return [answer]

        @hookimpl
        def caseflow_rule_settings(self):
            return answer.settings()

    rt = make_app(extra_plugins=[procedure, Answers(path, [SETTLED])], PLUGINS_ALLOW=[]).extensions[
        "caseflow"
    ]
    case = new_case(rt, session, district, workflow="routed")
    officer = district["officer1"]
    rt.engine.fire(session, case, "advance", {}, officer)  # 5 Mar: due 15 Mar
    due = lambda: session.scalar(select(Deadline.due).where(Deadline.name == "answer"))  # noqa: E731
    assert due() == D(2024, 3, 15)
    clock.set("2024-03-06")
    rt.engine.fire(session, case, "hold", {}, officer)
    assert due() == D(2024, 3, 15)  # stopped: the page keeps the last known date
    clock.set("2024-03-09")
    rt.engine.fire(session, case, "release", {}, officer)
    assert due() == D(2024, 3, 18)  # 6, 7, 8 Mar did not count
