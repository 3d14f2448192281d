"""Each legal period is defined once: the deadline a step opens and the rule's verdict
on an act are the same count, whatever day the period starts.

Every period is started on every day of 2024, a year with National Day (1-7 Oct,
make-up working Sundays 29 Sep and 12 Oct) and the Spring Festival (10-17 Feb,
make-up working days 4 and 18 Feb).
"""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.checks import CheckContext
from caseflow.engine.deadlines import due_date
from caseflow.engine.definition import DeadlineSpec
from caseflow.engine.periods import Counting, Period, Versioned
from caseflow.engine.record import Step
from caseflow_plugins.legal_procedure.periods import PERIODS, judge

from .builders import context

D = dt.date
YEAR_2024 = [D(2024, 1, 1) + dt.timedelta(days=k) for k in range(366)]


def _opening_step(period: Period, start: dt.date) -> Step:
    """A step opening ``period`` on ``start`` as the workflow's step would carry it."""
    if callable(period.start):  # the withdrawal: opened by a result that revokes
        return Step(0, "review_result", start, {"result": "revoked"})
    data = {period.start: start} if period.start else {}
    return Step(0, "opening", start, data)


def test_only_a_result_undoing_the_decision_opens_the_3_days_to_withdraw_its_publication():
    """APL art. 48(2): 被依法变更、撤销、确认违法或者确认无效的 … 三日内撤回."""
    spec, ctx = DeadlineSpec("w", period="publication_withdrawal"), context()
    for result in ("revoked", "changed", "confirmed_illegal"):
        step = Step(0, "review_result", D(2024, 5, 6), {"result": result})
        assert due_date(spec, step, ctx, PERIODS) == (D(2024, 5, 9), False)
    for result in ("upheld", "dismissed", "withdrawn"):
        step = Step(0, "review_result", D(2024, 5, 6), {"result": result})
        assert due_date(spec, step, ctx, PERIODS) is None


@pytest.mark.parametrize("name", sorted(PERIODS))
def test_the_deadline_a_step_opens_is_the_day_the_rule_judges_by(name):
    period, ctx = PERIODS[name], context()
    for variant in period.lengths:
        for start in YEAR_2024:
            step = _opening_step(period, start)
            if period.variant is not None:
                step.data["rights"] = ["statement", "defence"] + (
                    ["hearing"] if variant == "hearing" else []
                )
            opened, _estimated = due_date(DeadlineSpec(name, period=name), step, ctx, PERIODS)
            rule_due = judge(name, start, None, ctx, variant).due
            assert opened == rule_due, (name, variant, start)
            assert not judge(name, start, rule_due, ctx, variant).late
            assert judge(name, start, rule_due + dt.timedelta(days=1), ctx, variant).late


@pytest.mark.parametrize("name", sorted(PERIODS))
def test_each_period_counts_the_days_the_law_says(name):
    period, ctx = PERIODS[name], context()
    cal = ctx.calendar
    for variant in period.lengths:
        for start in YEAR_2024:
            v = judge(name, start, None, ctx, variant)
            if period.counting_in(ctx.settings) is Counting.WORKING:
                assert cal.is_working_day(v.due), (name, start, v.due)
                assert cal.working_days_between(start, v.due) == v.days, (name, start)
            elif period.roll_forward:
                # A last day on a rest day rolls to the next working day (民法典 203).
                plain = start + dt.timedelta(days=v.days)
                assert cal.is_working_day(v.due), (name, start, v.due)
                skipped = [plain + dt.timedelta(days=i) for i in range((v.due - plain).days)]
                assert not any(cal.is_working_day(d) for d in skipped), (name, start)
            else:
                assert (v.due - start).days == v.days, (name, start)


def test_five_working_days_from_national_day_eve_count_the_make_up_sunday():
    # Served Friday 27 Sep 2024: Sunday 29 Sep and Monday 30 Sep work, 1-7 Oct do not,
    # so the fifth working day is Thursday 10 Oct.
    v = judge("statement_window", D(2024, 9, 27), None, context(), "hearing")
    assert v.due == D(2024, 10, 10)


def test_three_working_days_across_the_spring_festival_end_on_the_make_up_sunday():
    # Served Friday 9 Feb 2024 (the eve): 10-17 Feb are holidays, Sunday 18 Feb works.
    v = judge("statement_window", D(2024, 2, 9), None, context(), "statement")
    assert v.due == D(2024, 2, 20)


def test_the_hearing_offer_lengthens_the_window_a_notice_opens():
    served = D(2024, 3, 5)
    notice = Step(0, "notify", served, {"served": served, "rights": ["statement", "hearing"]})
    spec = DeadlineSpec("statement_window", period="statement_window")
    assert due_date(spec, notice, context(), PERIODS)[0] == D(2024, 3, 12)


def test_an_installation_sets_a_period_for_every_date_or_by_date():
    ctx = context()
    key = "APL-61-SERVICE.working_days"
    assert judge("service", D(2024, 3, 4), None, ctx).days == 7
    ctx.settings = {**ctx.settings, key: 5}
    assert judge("service", D(2024, 3, 4), None, ctx).days == 5
    ctx.settings = {**ctx.settings, key: [["2024-01-01", 7], ["2026-02-01", 10]]}
    assert judge("service", D(2024, 3, 4), None, ctx).days == 7
    assert judge("service", D(2026, 2, 2), None, ctx).days == 10


def test_a_versioned_value_follows_the_day_the_period_starts():
    days = Versioned("X.days", ((D(2007, 1, 1), 30), (D(2026, 2, 1), 60)))
    assert days.value(D(2026, 1, 31)) == 30
    assert days.value(D(2026, 2, 1)) == 60
    assert days.value(D(2000, 1, 1)) == 30  # before every row: the oldest
    assert days.default() == [["2007-01-01", 30], ["2026-02-01", 60]]


def test_a_calendar_period_ending_on_a_rest_day_rolls_to_the_next_working_day():
    fifteen = Period(
        "pay",
        PERIODS["payment"].label,
        "test",
        Counting.CALENDAR,
        {"": Versioned.always("T.days", 15)},
        roll_forward=True,
    )
    ctx = CheckContext(calendar=BusinessCalendar())
    # 16 Sep + 15 = 1 Oct, National Day: the period ends Tuesday 8 Oct.
    assert fifteen.judge(D(2024, 9, 16), None, ctx).due == D(2024, 10, 8)
    # 14 Sep + 15 = 29 Sep, a Sunday made a working day: it ends that day.
    assert fifteen.judge(D(2024, 9, 14), None, ctx).due == D(2024, 9, 29)


def test_every_calendar_period_rolls_past_a_rest_day():
    """民法典 art. 203; 民事诉讼法 art. 85: a calendar period ending on a holiday or rest
    day ends on the next working day; only APL's 2/3/5/7 days and ACL's short periods
    count working days. The correction deadline is the date the order names: a fixed
    date does not roll (revision 2, "Counting time")."""
    fixed = {"rectification"}
    for name, period in PERIODS.items():
        if period.counting is Counting.CALENDAR and name not in fixed:
            assert period.roll_forward, name
    assert not PERIODS["rectification"].roll_forward


def test_fifteen_days_to_pay_ending_on_national_day_roll_to_the_first_working_day():
    # Served 16 Sep 2024: the 15th day is 1 Oct (National Day), so payment is due 8 Oct.
    assert judge("payment", D(2024, 9, 16), None, context()).due == D(2024, 10, 8)


def test_fifteen_days_to_pay_ending_on_a_working_day_do_not_move():
    assert judge("payment", D(2024, 9, 3), None, context()).due == D(2024, 9, 18)


def test_re_inspection_and_transfer_days_are_calendar_days_unless_the_unit_says_otherwise():
    # Order deadline Fri 27 Sep 2024: 10 calendar days end Mon 7 Oct (holiday) -> Tue 8 Oct.
    assert judge("reinspection", D(2024, 9, 27), None, context()).due == D(2024, 10, 8)
    # 3 days from Wed 4 Sep 2024 end Sat 7 Sep -> Mon 9 Sep.
    assert judge("transfer_decision", D(2024, 9, 4), None, context()).due == D(2024, 9, 9)
    working = context({"TRF-310-5.working_days": True})
    assert judge("transfer_decision", D(2024, 9, 4), None, working).due == D(2024, 9, 9)
    assert judge("transfer_decision", D(2024, 9, 2), None, context()).due == D(2024, 9, 5)
