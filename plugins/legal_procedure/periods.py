"""Every legal period of the procedure, each defined once.

A workflow deadline opens one of these by name and the rule that guards the act
judges it against the same object, so the case page, the API and a finding name
the same day. Lengths are versioned settings under the keys the rules always used
(``caseflow rules`` lists them); an installation sets one value or its own rows
of (from-date, value). Procedural periods take the value in force on the day the
period starts.

Counting (行政处罚法 art. 85; 行政强制法 art. 69): the law's 2, 3, 5, 7 days and any
period of 10 days or less under the Compulsion Law are working days; longer ones
are calendar days.
"""

from __future__ import annotations

import datetime as dt

from caseflow.engine.definition import Label
from caseflow.engine.periods import Counting, Period, Versioned

from .registry import before_or_on, is_head

WORKING, CALENDAR = Counting.WORKING, Counting.CALENDAR


def _one(key: str, value, to_confirm: str = "") -> dict[str, Versioned]:
    return {"": Versioned.always(key, value, to_confirm)}


# The 2015 办法's values stand until order No. 18 (in force 2026-02-01) is at hand.
OLD_RULES = "old 办法 (2015) value; order No. 18 (in force 2026-02-01) not at hand"


def _offers_hearing(notice: dict) -> str:
    return "hearing" if "hearing" in (notice.get("rights") or ()) else "statement"


def decision_limit(record, ctx, upto: dt.date):
    """(filing step, last day to decide, days added, extensions that came too late).

    An extension moves the limit only when a head approved it before the limit then in
    force ran out: a period that has expired cannot be extended afterwards."""
    reg = record.first("register")
    if reg is None:
        return None, None, 0, []
    # Spans the period declares paused are read from the record up to ``upto``.
    limit = PERIODS["decision_due"].judge(reg.date, upto, ctx, record=record).due
    extra, late = 0, []
    for e in sorted(before_or_on(record, "extension", upto), key=lambda s: (s.date, s.index)):
        if not is_head(record, e.get("approved_by")):
            continue
        if e.date > limit:
            late.append(e)
            continue
        days = int(e.get("days") or 0)
        extra += days
        limit += dt.timedelta(days=days)
    return reg, limit, extra, late


def _decision_due_now(record, ctx) -> dt.date | None:
    upto = max((s.date for s in record.steps), default=None)
    return None if upto is None else decision_limit(record, ctx, upto)[1]


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
        _one("APL-60-90DAY.days", 90),
        moved_by=("extension",),
        # Revision 2 "Counting time": suspension (中止 to 恢复) and the hearing (the
        # request to the hearing report, or to the refusal of a late request) do not count.
        paused_by=(
            ("suspend", "resume"),
            (
                "hearing_request",
                ("hearing_report", ("hearing_request_decision", "accepted", False)),
            ),
        ),
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
        WORKING,
        _one("AQ-REVIEW.days", 10, OLD_RULES),
        working_setting="AQ-REVIEW.working_days",
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
    ),
    Period(
        "report",
        Label("报所属行政机关备案", "Report to the unit"),
        "《行政处罚法》第五十二条",
        WORKING,
        _one("APL-51-SIMPLE.report_working_days", 5, OLD_RULES),
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
        WORKING,
        _one("TRF-310-5.decide_working_days", 3),
    ),
    Period(
        "police_followup",
        Label("公安答复后3日内", "Within 3 days of the police reply"),
        "国务院令第310号第九条、第十二条",
        WORKING,
        _one("TRF-310-9-12.working_days", 3),
    ),
)

PERIODS: dict[str, Period] = {p.name: p for p in _PERIODS}


def judge(
    name: str, start: dt.date, act: dt.date | None, ctx, variant: str | None = None, record=None
):
    """The one check every "within N days of D" rule makes: the verdict of period
    ``name`` started on ``start`` on an act of ``act`` (``record`` for paused spans)."""
    return PERIODS[name].judge(start, act, ctx, variant or None, record=record)
