"""Every legal period of the procedure, each defined once.

A workflow deadline opens one of these by name and the rule that guards the act
judges it against the same object, so the case page, the API and a finding name
the same day. Lengths are versioned settings under the keys the rules always used
(``caseflow rules`` lists them); an installation sets one value or its own rows
of (from-date, value). Procedural periods take the value in force on the day the
period starts.

Counting (行政处罚法 art. 85; 行政强制法 art. 69): the law's 2, 3, 5, 7 days and any
period of 10 days or less under the Compulsion Law are working days; longer ones
are calendar days, and a calendar period whose last day is a statutory holiday or
rest day ends on the next working day (民法典 art. 203; 民事诉讼法 art. 85). The old
办法's 10-day re-inspection and 310号令's 3 days are calendar days with that
roll-forward unless the unit's settings say working days.

Versioned numbers (revision 2): the 2007/2015 办法 until 2026-01-31, 应急管理部令第18号
from 2026-02-01. Where order No. 18's text is not at hand, its row repeats the old
value and the setting is marked "to confirm".
"""

from __future__ import annotations

import datetime as dt

from caseflow.engine.definition import Label
from caseflow.engine.periods import Counting, Period, Versioned

from .registry import before_or_on, is_head, latest

WORKING, CALENDAR = Counting.WORKING, Counting.CALENDAR


def _one(key: str, value, to_confirm: str = "") -> dict[str, Versioned]:
    return {"": Versioned.always(key, value, to_confirm)}


# The 2015 办法's values stand until order No. 18 (in force 2026-02-01) is at hand.
OLD_RULES = "old 办法 (2015) value; order No. 18 (in force 2026-02-01) not at hand"
ORDER_18 = dt.date(2026, 2, 1)


def by_rule(key: str, old, new=None, to_confirm: str = OLD_RULES) -> Versioned:
    """A number the 办法 sets: the old value until 2026-01-31, order No. 18's from
    2026-02-01 (the old value again, marked "to confirm", where its text is not at hand)."""
    return Versioned(key, ((dt.date.min, old), (ORDER_18, old if new is None else new)), to_confirm)


# The handling period's extension levels (APL art. 60; revision 2): a head extends up to a
# total of ``head_total`` days, beyond it only the higher authority (``superior``). The old
# 办法's levels (30 days, a head to 90, the higher authority to 180) are a unit's choice.
HANDLING_SETTINGS = {
    "APL-60-90DAY.head_total": by_rule(
        "APL-60-90DAY.head_total",
        180,
        to_confirm="revision 2's level (a head to 180 days in all); order No. 18's text not at hand",
    ),
}
OLD_LEVELS_KEY = "APL-60-90DAY.old_levels"
OLD_LEVELS = {"days": 30, "head_total": 90}


def _offers_hearing(notice: dict) -> str:
    return "hearing" if "hearing" in (notice.get("rights") or ()) else "statement"


def handling_levels(ctx, filed: dt.date) -> tuple[int | None, int]:
    """(base days or None for the period's own, total a head may extend to) in force for a
    case filed on ``filed``."""
    settings = ctx.settings or {}
    if settings.get(OLD_LEVELS_KEY):
        return OLD_LEVELS["days"], OLD_LEVELS["head_total"]
    key = "APL-60-90DAY.head_total"
    return None, int(HANDLING_SETTINGS[key].value(filed, settings))


def extension_problem(record, ctx, ext) -> str | None:
    """Why extension ``ext`` extends nothing: 'head' (no head approved it), 'superior'
    (it takes the total beyond what a head may grant, without the higher authority)."""
    if not is_head(record, ext.get("approved_by")):
        return "head"
    reg = record.first("register")
    if reg is None or ext.get("superior") is True:
        return None
    base, head_total = handling_levels(ctx, reg.date)
    days = base if base is not None else PERIODS["decision_due"].length(reg.date, ctx.settings)
    earlier = [
        e
        for e in record.steps_named("extension")
        if (e.date, e.index) < (ext.date, ext.index) and is_head(record, e.get("approved_by"))
    ]
    total = days + sum(int(e.get("days") or 0) for e in earlier) + int(ext.get("days") or 0)
    return "superior" if total > head_total else None


def decision_limit(record, ctx, upto: dt.date):
    """(filing step, last day to decide, days added, extensions that came too late).

    APL art. 60's 90 calendar days from filing, whatever the act's date; the spans of
    suspension (suspend to resume) and of a hearing (the request to the hearing report)
    do not count. An extension moves the limit by its days when a head approved it (and
    the higher authority, ``superior``, where the total passes what a head may grant)
    before the limit then in force ran out: an expired period cannot be extended."""
    reg = record.first("register")
    if reg is None:
        return None, None, 0, []
    period = PERIODS["decision_due"]
    base, _total = handling_levels(ctx, reg.date)
    settings = ctx.settings
    if base is not None:
        settings = {**(ctx.settings or {}), "APL-60-90DAY.days": base}
    paused = handling_pauses(record, upto)
    extra, late = 0, []
    limit = dt.date.max  # set by the first pass, before any extension is weighed
    exts = sorted(before_or_on(record, "extension", upto), key=lambda s: (s.date, s.index))
    for e in [None, *exts]:
        if e is not None:
            if extension_problem(record, ctx, e):
                continue
            if e.date > limit:
                late.append(e)
                continue
            extra += int(e.get("days") or 0)
        days = int(period.length(reg.date, settings)) + extra
        limit = _count(period, reg.date, days, ctx, paused)
    return reg, limit, extra, late


def _restarts(step) -> str | None:
    """Which stopped clock ``step`` restarts: a resumption, or the end of the hearing (its
    report; a late request refused; a party who did not appear)."""
    if step.step == "resume":
        return "suspend"
    if step.step == "hearing_report":
        return "hearing_request"
    if step.step == "hearing_request_decision" and step.get("accepted") is False:
        return "hearing_request"
    if step.step == "hearing" and step.get("attended") is False:
        return "hearing_request"
    return None


def handling_pauses(record, upto: dt.date):
    """The spans (stop, restart or None) up to ``upto`` in which the handling period does
    not run: suspension to resumption, the hearing request to the hearing's end."""
    spans = []
    for stop_name in ("suspend", "hearing_request"):
        restarts = sorted(s.date for s in record.steps if _restarts(s) == stop_name)
        for stop in sorted(s.date for s in record.steps_named(stop_name)):
            if stop > upto:
                continue
            restart = next((r for r in restarts if r >= stop), None)
            if restart is not None and restart > upto:
                restart = None
            spans.append((stop, restart))
    return tuple(spans)


def _count(period, start: dt.date, days: int, ctx, paused) -> dt.date:
    """The last day of ``days`` calendar days from ``start`` past the ``paused`` spans,
    rolled to the next working day."""
    if paused:
        due = period._walk(start, days, False, ctx.calendar, paused)
    else:
        due = start + dt.timedelta(days=days)
    while due != dt.date.max and not ctx.calendar.is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def _decision_due_now(record, ctx) -> dt.date | None:
    upto = max((s.date for s in record.steps), default=None)
    return None if upto is None else decision_limit(record, ctx, upto)[1]


def _payment_due_now(record, ctx) -> dt.date | None:
    from .payments import next_due  # payments counts by these periods

    return next_due(record, ctx)


# Results after which a published decision is withdrawn (APL art. 48(2)).
WITHDRAWN_ON = ("revoked", "changed", "confirmed_illegal")


def _withdrawal_start(step) -> dt.date | None:
    return step.date if step.get("result") in WITHDRAWN_ON else None


def rectification_deadline(record, upto: dt.date | None = None):
    """(the correction order in force, the last day it gives to correct).

    The order's own date (a fixed date never rolls: revision 2), moved by each
    extension a head approved on the party's request made on or before the deadline
    then in force (整改延期); a refused one leaves it. None for an order to correct
    immediately, or no order."""
    steps = record.steps if upto is None else [s for s in record.steps if s.date <= upto]
    order = latest([s for s in steps if s.step == "order_correction"])
    if order is None:
        return None, None
    due = order.get("deadline")
    if not isinstance(due, dt.date):
        return order, None
    later = sorted(
        (
            s
            for s in steps
            if s.step in ("deadline_extension_request", "deadline_extension_decision")
            and (s.date, s.index) > (order.date, order.index)
        ),
        key=lambda s: (s.date, s.index),
    )
    asked = None
    for s in later:
        if s.step == "deadline_extension_request":
            asked = s if s.date <= due else None
            continue
        new = s.get("deadline")
        if (
            asked is not None
            and s.get("approved") is True
            and is_head(record, s.get("approved_by"))
            and isinstance(new, dt.date)
            and new > due
        ):
            due = new
        asked = None
    return order, due


def _rectification_due_now(record, ctx) -> dt.date | None:
    return rectification_deadline(record)[1]


# 行政强制法 art. 69: its periods of ten days or less are working days.
ACL_WORKING_UP_TO = 10


def acl_end(start: dt.date, days: int, ctx) -> dt.date:
    """The last day of a Compulsion Law period of ``days`` from ``start``: working days
    up to ten (art. 69); longer ones calendar days whose last day, if a rest day, rolls
    to the next working day (民法典 art. 203)."""
    if days <= ACL_WORKING_UP_TO:
        return ctx.calendar.add_working_days(start, days)
    due = start + dt.timedelta(days=days)
    while not ctx.calendar.is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def seizure_limit(record, ctx, upto: dt.date | None = None):
    """(the seizure in force, its last day, the extension counted or None).

    The seizure's ``days`` (at most the statutory 30) from its date; one extension a
    head approved before that day ran out adds its ``days`` (at most 30) (行政强制法
    art. 25)."""
    steps = record.steps if upto is None else [s for s in record.steps if s.date <= upto]
    seize = latest([s for s in steps if s.step == "seize"])
    if seize is None:
        return None, None, None
    cap = int(PERIODS["seizure"].length(seize.date, ctx.settings))
    due = acl_end(seize.date, min(int(seize.get("days") or cap), cap), ctx)
    counted = None
    for e in sorted(
        (
            s
            for s in steps
            if s.step == "seize_extend" and (s.date, s.index) > (seize.date, seize.index)
        ),
        key=lambda s: (s.date, s.index),
    ):
        if counted is None and is_head(record, e.get("approved_by")) and e.date <= due:
            counted = e
            due = acl_end(due, min(int(e.get("days") or 0), cap), ctx)
    return seize, due, counted


def _seizure_due_now(record, ctx) -> dt.date | None:
    return seizure_limit(record, ctx)[1]


_PERIODS = (
    Period(
        "filing",
        Label("立案期限", "Filing window"),
        "《行政处罚法》第五十四条",
        WORKING,
        _one("APL-54-FILE.working_days", 5),
        start="discovered",
    ),
    Period(
        "decision_due",
        Label("90日内作出决定", "Decide within 90 days"),
        "《行政处罚法》第六十条",
        CALENDAR,
        # APL art. 60's own 90 days, whatever the 办法 says: nothing to confirm.
        {"": by_rule("APL-60-90DAY.days", 90, to_confirm="")},
        roll_forward=True,
        # A refused late request or a hearing the party did not attend also ends the hearing
        # span (handling_pauses), so they move the deadline too.
        moved_by=("extension", "hearing_request_decision", "hearing"),
        # 中止 to 恢复, and a hearing from its request to the hearing report, do not count.
        paused_by=(("suspend", "resume"), ("hearing_request", "hearing_report")),
        recount=_decision_due_now,
    ),
    Period(
        "preservation_disposal",
        Label("7个工作日内作出处理决定", "Dispose within 7 working days"),
        "《行政处罚法》第五十六条",
        WORKING,
        _one("APL-56-PRESERVE.working_days", 7),
    ),
    Period(
        # The party's window after the notice: statement and defence, or the longer
        # hearing-request window where the notice offers a hearing.
        "statement_window",
        Label("陈述申辩期", "Statement window"),
        "《行政处罚法》第四十四条、第六十四条",
        WORKING,
        {
            "statement": Versioned.always("APL-WAIT.statement_working_days", 3),
            "hearing": Versioned.always("APL-WAIT.hearing_working_days", 5),
        },
        start="served",
        waiting=True,
        variant=_offers_hearing,
    ),
    Period(
        "hearing_request",
        Label("听证申请期", "Hearing-request window"),
        "《行政处罚法》第六十四条第一项",
        WORKING,
        _one("APL-64-HEARING-PROC.request_working_days", 5),
        start="served",
    ),
    Period(
        # Runs from the hearing notice; the hearing may be held only after it.
        "hearing_notice",
        Label("听证通知期", "Hearing notice period"),
        "《行政处罚法》第六十四条第二项",
        WORKING,
        _one("APL-64-HEARING-PROC.notice_working_days", 7),
        waiting=True,
    ),
    Period(
        # From the correction deadline, or the party's earlier request to re-inspect.
        "reinspection",
        Label("复查期限", "Re-inspection due"),
        "《安全生产违法行为行政处罚办法》（2015）第二十三条（旧规定默认值）",
        CALENDAR,
        {"": by_rule("AQ-REVIEW.days", 10)},
        # The order's own deadline starts it (a fixed date, never rolled); an order to
        # correct immediately opens no date here, and the rule counts from the order.
        start="deadline",
        roll_forward=True,
        working_setting="AQ-REVIEW.working_days",
    ),
    Period(
        # The date the correction order names, as approved extensions move it; it has
        # no length of its own (the order opens it by its ``deadline``).
        "rectification",
        Label("整改期限", "Correction deadline"),
        "《安全生产法》第六十五条第一款第三项",
        CALENDAR,
        {},
        moved_by=("deadline_extension_decision",),
        recount=_rectification_due_now,
    ),
    Period(
        # 查封、扣押: the days the decision names, 30 at most, once extended by up to 30
        # with a head's approval; ten days or less count working days (art. 69).
        "seizure",
        Label("查封扣押期限", "Seizure period"),
        "《行政强制法》第二十五条、第六十九条",
        CALENDAR,
        _one("ACL-SEIZE.days", 30),
        roll_forward=True,
        moved_by=("seize_extend",),
        recount=_seizure_due_now,
    ),
    Period(
        "service",
        Label("7个工作日内送达", "Serve within 7 working days"),
        "《行政处罚法》第六十一条",
        WORKING,
        _one("APL-61-SERVICE.working_days", 7),
    ),
    Period(
        "publication",
        Label("7个工作日内公示", "Publish within 7 working days"),
        "《安全生产法》第七十八条；国办发〔2018〕118号",
        WORKING,
        _one("AQ-78-PUBLISH.working_days", 7),
    ),
    Period(
        "payment",
        Label("15日内缴纳罚款", "Pay within 15 days"),
        "《行政处罚法》第六十七条",
        CALENDAR,
        _one("APL-67-PAY15.days", 15),
        roll_forward=True,
        # A payment short of the fine leaves it open; an approved deferral or
        # instalment plan moves it to the plan's dates (APL art. 66).
        moved_by=("pay", "deferral_decision"),
        recount=_payment_due_now,
    ),
    Period(
        # A published decision revoked, changed or confirmed illegal is withdrawn
        # within 3 days (APL art. 48(2)); APL's own 3 days are working days (art. 85).
        "publication_withdrawal",
        Label("3日内撤回公示", "Withdraw the publication within 3 days"),
        "《行政处罚法》第四十八条第二款",
        WORKING,
        _one("AQ-78-PUBLISH.withdraw_working_days", 3),
        start=_withdrawal_start,
    ),
    Period(
        "report",
        Label("报所属行政机关备案", "Report to the unit"),
        "《行政处罚法》第五十二条",
        WORKING,
        {"": by_rule("APL-51-SIMPLE.report_working_days", 5)},
    ),
    Period(
        "demand",
        Label("催告期", "Payment demand period"),
        "《行政强制法》第五十四条、第六十九条",
        WORKING,
        _one("APL-ENFORCE.demand_working_days", 10),
        waiting=True,
    ),
    Period(
        "transfer_decision",
        Label("3日内决定是否移送", "Decide on transfer within 3 days"),
        "国务院令第310号第五条",
        CALENDAR,
        _one("TRF-310-5.decide_working_days", 3),
        roll_forward=True,
        working_setting="TRF-310-5.working_days",
    ),
    Period(
        "police_followup",
        Label("公安答复后3日内", "Within 3 days of the police reply"),
        "国务院令第310号第九条、第十二条",
        CALENDAR,
        _one("TRF-310-9-12.working_days", 3),
        roll_forward=True,
        working_setting="TRF-310-9-12.count_working_days",
    ),
)

PERIODS: dict[str, Period] = {p.name: p for p in _PERIODS}


def judge(
    name: str, start: dt.date, act: dt.date | None, ctx, variant: str | None = None, record=None
):
    """The one check every "within N days of D" rule makes: the verdict of period
    ``name`` started on ``start`` on an act of ``act`` (``record`` for paused spans)."""
    return PERIODS[name].judge(start, act, ctx, variant or None, record=record)
