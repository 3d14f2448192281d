"""C. Correction orders and re-inspection (责令整改与复查)."""

from __future__ import annotations

import datetime as dt

from .periods import PERIODS, judge, rectification_deadline
from .registry import (
    DEFECT,
    WARNING,
    as_of,
    before_or_on,
    fine_of,
    latest,
    rule,
    with_note,
)
from .registry import (
    case_check as on_case,
)


@rule(
    "AQ-65-RECTIFY",
    steps=("order_correction", "decide"),
    source="《安全生产法》第六十五条；《行政处罚法》第二十八条",
    title_zh="发现隐患责令整改；重大事故隐患责令撤出停产；处罚决定同时责令改正",
    title_en="Hazards get a correction order; major ones withdrawal and suspension",
)
def rectify(r, record, step, ctx):
    """WSL art. 65(3): a hazard is ordered corrected; where safety cannot be assured during
    rectification of a major one, people withdraw and work stops; APL art. 28: a penalty
    also orders correction."""
    if step.step == "decide":
        if step.get("outcome") == "penalty" and step.get("orders_correction") is not True:
            yield r.finding(
                f"{step.date}的处罚决定未同时责令当事人改正违法行为",
                f"the penalty decision of {step.date} does not also order the party to correct "
                "the violation",
            )
        return
    deadline = step.get("deadline")
    if deadline is not None and deadline < step.date:
        yield r.finding(
            f"整改期限{deadline}早于指令下达日{step.date}",
            f"correction deadline {deadline} is before the order's date {step.date}",
        )
    if step.get("major_hazard"):
        if not step.get("criterion"):
            yield r.finding(
                f"{step.date}认定重大事故隐患，但未写明所依据的判定标准条款",
                f"major hazard found on {step.date} without the criterion it rests on",
            )
        # WSL 65(3): withdrawal and suspension where safety cannot be assured during
        # rectification: the order records either the suspension or that finding.
        if step.get("suspension_ordered") is not True and step.get("safety_assured") is not True:
            yield r.finding(
                f"{step.date}认定重大事故隐患，既未责令撤出人员、暂时停产停业，"
                "也未认定整改期间安全有保障",
                f"major hazard found on {step.date}: neither withdrawal and suspension ordered "
                "nor safety during rectification found assured",
            )


def _review_window(r, ctx, record, order, upto: dt.date):
    """The day the re-inspection is due and what started the clock: the correction
    deadline in force (an approved extension moves it), or the party's earlier request."""
    start = rectification_deadline(record, upto)[1] or order.date
    asked = [s for s in before_or_on(record, "request_review", upto) if s.date >= order.date]
    if asked and min(s.date for s in asked) < start:
        start = min(s.date for s in asked)
    return start, judge("reinspection", start, upto, ctx).due


@rule(
    "AQ-REVIEW",
    steps=("reinspect",),
    source="《安全生产违法行为行政处罚办法》（2015）第二十三条（旧规定默认值）",
    title_zh="整改期满或申请复查之日起十日内复查并出具复查意见",
    title_en="Re-inspect within 10 days of the deadline or request, with a signed opinion",
    late=DEFECT,  # an unsigned opinion stays an error
)
def reinspect(r, record, step, ctx):
    if step.get("opinion_signed") is not True:
        yield r.finding(
            f"{step.date}的复查未出具经签名的整改复查意见书",
            f"re-inspection of {step.date} has no signed re-inspection opinion",
        )
    order = latest(before_or_on(record, "order_correction", step.date))
    if order is None:
        return
    start, due = _review_window(r, ctx, record, order, step.date)
    if step.date > due:
        zh, en = with_note(
            ctx,
            f"整改期限/复查申请日为{start}，{step.date}才复查，超过{PERIODS['reinspection'].length(start, ctx.settings)}日"
            f"（应于{due}前）",
            f"deadline or request on {start}, re-inspected {step.date}: beyond "
            f"{PERIODS['reinspection'].length(start, ctx.settings)} days (due by {due})",
            start,
            due,
        )
        yield r.finding(zh, en, severity=r.late)


@on_case("AQ-REVIEW")
def reinspect_pending(r, record, ctx):
    today = as_of(record, ctx)
    order = latest(record.steps_named("order_correction"))
    if order is None or today is None:
        return
    if any(s.date >= order.date for s in record.steps_named("reinspect")):
        return
    start, due = _review_window(r, ctx, record, order, today)
    if today > due:
        zh, en = with_note(
            ctx,
            f"整改期限/复查申请日{start}后应于{due}前复查，截至{today}仍未复查",
            f"re-inspection was due by {due} (clock from {start}); none as of {today}",
            start,
            due,
        )
        yield r.finding(zh, en, severity=r.late).at(order.index)


@rule(
    "AQ-112-DAILY",
    steps=("decide",),
    source="《安全生产法》第一百一十二条",
    title_zh="按日连续处罚须以责令改正、罚款及复查拒不改正为前提",
    title_en="Daily fines only after an order, a fine and a failed re-inspection",
)
def daily_fine(r, record, step, ctx):
    penalty = step.get("penalty") or {}
    if not penalty.get("daily"):
        return
    order = latest(before_or_on(record, "order_correction", step.date))
    fined = [
        s
        for s in before_or_on(record, "decide", step.date)
        if fine_of(s.get("penalty")) > 0 and not (s.get("penalty") or {}).get("daily")
    ]
    codes = {v.code for v in record.violations}
    fined_before = bool(fined) or any(
        rc.penalised and codes & set(rc.violation_codes) for rc in record.related
    )
    refused = [
        s
        for s in before_or_on(record, "reinspect", step.date)
        if s.get("result") == "not_corrected" and (order is None or s.date >= order.date)
    ]
    missing = []
    if order is None:
        missing.append(("责令改正", "a correction order"))
    if not fined_before:
        missing.append(("罚款决定", "a fine"))
    if not refused:
        missing.append(("拒不改正的复查记录", "a re-inspection finding refusal to correct"))
    if missing:
        yield r.finding(
            f"{step.date}按日连续处罚缺少前提：{'、'.join(z for z, _ in missing)}",
            f"daily fine of {step.date} lacks its preconditions: {', '.join(e for _, e in missing)}",
        )


@rule(
    "AQ-113-CLOSE",
    severity=WARNING,
    steps=("decide",),
    source="《安全生产法》第一百一十三条",
    title_zh="存在重大事故隐患，180日内三次或一年内四次受处罚的，提请关闭",
    title_en="Alert: major hazard and repeated penalties: propose closure",
    settings={"short_days": 180, "short_count": 3, "year_days": 365, "year_count": 4},
)
def closure_alert(r, record, step, ctx):
    if step.get("outcome") != "penalty":
        return
    major = any(s.get("major_hazard") for s in record.steps_named("order_correction")) or any(
        rc.major_hazard for rc in record.related
    )
    if not major:
        return
    penalised = [rc.decided_on for rc in record.related if rc.penalised and rc.decided_on]
    for days_key, count_key in (("short_days", "short_count"), ("year_days", "year_count")):
        days, count = r.setting(ctx, days_key), r.setting(ctx, count_key)
        # This decision is within N days after an earlier penalty when it falls on or before
        # the Nth day after it (the format's "Time"): a penalty exactly N days back counts.
        since = step.date - dt.timedelta(days=days)
        n = 1 + sum(1 for d in penalised if since <= d <= step.date)
        if n >= count:
            yield r.finding(
                f"{record.party.name}存在重大事故隐患，{since}至{step.date}的{days}日内"
                f"第{n}次受到行政处罚，应提请地方人民政府予以关闭",
                f"{record.party.name} has a major hazard and this is penalty no. {n} within "
                f"{days} days ({since} to {step.date}); propose closure to the local government",
                count=n,
            )
            return
