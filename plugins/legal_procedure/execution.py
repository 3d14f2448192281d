"""F. Service, summary procedure, payment, enforcement, publication."""

from __future__ import annotations

import datetime as dt

from caseflow.plugin import SERVICE_METHODS

from .periods import judge
from .registry import (
    DEFECT,
    add_months,
    as_of,
    before_or_on,
    fine_of,
    kinds_of,
    latest,
    money,
    rule,
    versioned,
)
from .registry import (
    case_check as on_case,
)


def decision_before(record, day: dt.date):
    return latest(before_or_on(record, "decide", day))


def served_on(r_ctx_days: int, record, decision, upto: dt.date | None = None):
    """The day the decision counts as served (public notice counts after N days), or None."""
    serves = [s for s in record.steps_named("serve") if s.date >= decision.date]
    if upto is not None:
        serves = [s for s in serves if s.date <= upto]
    s = latest(serves)
    if s is None:
        return None
    if s.get("method") == "public_notice":
        return s.date + dt.timedelta(days=r_ctx_days)
    return s.date


def _public_days(ctx) -> int:
    return ctx.setting("APL-61-SERVICE.public_notice_days", 30)


def paid(record, upto: dt.date | None = None) -> float:
    return sum(
        float(p.get("amount") or 0)
        for p in record.steps_named("pay")
        if upto is None or p.date <= upto
    )


@rule(
    "APL-61-SERVICE",
    steps=("serve",),
    source="《行政处罚法》第六十一条；《民事诉讼法》送达规定",
    title_zh="当场交付或七日内送达，回执签收；留置须见证，公告满三十日视为送达",
    title_en="Serve on the spot or within 7 working days, with a proper receipt",
    settings={"public_notice_days": 30},
    late=DEFECT,  # a wrong method or a missing receipt stays an error
)
def service(r, record, step, ctx):
    d = decision_before(record, step.date)
    if d is None:
        yield r.finding(
            f"{step.date}送达，但此前无处罚决定",
            f"service on {step.date} with no decision before it",
        )
        return
    method = step.get("method")
    if method not in SERVICE_METHODS:
        yield r.finding(
            f"{step.date}送达方式“{method}”不合法", f"service method '{method}' is not lawful"
        )
    v = judge("service", d.date, step.date, ctx)
    n, due = v.days, v.due
    if method == "on_the_spot" and step.date != d.date:
        yield r.finding(
            f"当场交付应在决定当日（{d.date}），实际{step.date}",
            f"on-the-spot delivery must be on the decision day {d.date}, was {step.date}",
        )
    elif v.late:
        yield r.past(
            ctx,
            v,
            f"决定{d.date}作出，{step.date}才送达，超过{n}个工作日（应于{due}前送达）",
            f"decision of {d.date} served {step.date}: beyond {n} working days (due by {due})",
        )
    if method in ("on_the_spot", "direct", "mail") and step.get("receipt_signed") is not True:
        yield r.finding(
            f"{step.date}送达无受送达人签名并注明日期的送达回执",
            f"service on {step.date} has no signed, dated receipt",
        )
    if method == "left_with_witness" and step.get("witness") is not True:
        yield r.finding(
            f"{step.date}留置送达未记录见证人或拍照录像",
            f"service left on {step.date} without a witness or photo/video",
        )
    if method == "electronic" and step.get("consent") is not True:
        yield r.finding(
            f"{step.date}电子送达未经受送达人同意",
            f"electronic service on {step.date} without the party's consent",
        )


@on_case("APL-61-SERVICE")
def service_pending(r, record, ctx):
    today = as_of(record, ctx)
    d = latest(record.steps_named("decide"))
    if d is None or today is None or d.get("outcome") not in ("penalty", None):
        return
    if any(s.date >= d.date for s in record.steps_named("serve")):
        return
    v = judge("service", d.date, today, ctx)
    due = v.due
    if v.late:
        yield r.past(
            ctx,
            v,
            f"决定{d.date}作出，截至{today}仍未送达（应于{due}前送达）",
            f"decision of {d.date} not served as of {today} (due by {due})",
        ).at(d.index)


@rule(
    "APL-51-SIMPLE",
    steps=("decide", "report"),
    source="《行政处罚法》第五十一条、第五十二条",
    title_zh="简易程序仅适用于警告或小额罚款，出示证件并报所属机关备案",
    title_en="Summary procedure only for a warning or a small fine, reported to the unit",
    # APL art. 51's caps (the higher law) for every date, unless a unit sets lower rows.
    settings={"max_individual": versioned(200), "max_organization": versioned(3000)},
    late=DEFECT,  # a late report to the unit
)
def summary(r, record, step, ctx):
    if record.procedure != "summary":
        return
    if step.step == "report":
        d = decision_before(record, step.date)
        if d is None:
            return
        v = judge("report", d.date, step.date, ctx)
        n, due = v.days, v.due
        if v.late:
            yield r.past(
                ctx,
                v,
                f"当场处罚{d.date}作出，{step.date}才报所属机关备案，超过{n}日（应于{due}前）",
                f"on-the-spot decision of {d.date} reported {step.date}: beyond {n} working "
                f"days (due by {due})",
            )
        return
    penalty = step.get("penalty")
    key = "max_organization" if record.party.kind == "organization" else "max_individual"
    cap = r.dated(ctx, key, step.date)
    other = sorted(kinds_of(penalty) - {"warning", "fine"})
    if other or fine_of(penalty) > cap:
        yield r.finding(
            f"简易程序只能当场给予警告或不超过{money(cap)}元的罚款，本案为"
            f"{'、'.join(other) or '罚款' + money(fine_of(penalty)) + '元'}，请改用普通程序",
            f"summary procedure allows only a warning or a fine up to {money(cap)}; this is "
            f"{', '.join(other) or 'a fine of ' + money(fine_of(penalty))}: use the general procedure",
        )
    if not _credentials_shown_on_the_spot(record, step):
        yield r.finding(
            f"{step.date}当场处罚未记录出示执法证件",
            f"on-the-spot decision of {step.date}: showing the credentials is not recorded",
        )


def _credentials_shown_on_the_spot(record, step) -> bool:
    """Whether the officers showed their certificates when deciding on the spot.

    The decision records it (live form and case file share the step kind); an older
    file that leaves it out says it where it records the visit: an inspection or
    evidence taken that same day with the credentials shown."""
    shown = step.get("credentials_shown")
    if shown is not None:
        return shown is True
    same_visit = [
        s for s in before_or_on(record, ("inspect", "evidence"), step.date) if s.date == step.date
    ]
    return any(s.get("credentials_shown") is True for s in same_visit)


@on_case("APL-51-SIMPLE")
def summary_report_pending(r, record, ctx):
    today = as_of(record, ctx)
    d = latest(record.steps_named("decide"))
    if record.procedure != "summary" or d is None or today is None:
        return
    if any(s.date >= d.date for s in record.steps_named("report")):
        return
    v = judge("report", d.date, today, ctx)
    due = v.due
    if v.late:
        yield r.past(
            ctx,
            v,
            f"当场处罚{d.date}作出，截至{today}未报所属机关备案（应于{due}前）",
            f"on-the-spot decision of {d.date} not reported as of {today} (due by {due})",
        ).at(d.index)


@rule(
    "APL-67-PAY15",
    steps=("pay",),
    source="《行政处罚法》第六十七条、第六十六条",
    title_zh="收到决定书之日起十五日内缴纳罚款",
    title_en="The fine is paid within 15 days of receiving the decision",
)
def payment(r, record, step, ctx):
    d = decision_before(record, step.date)
    if d is None or not fine_of(d.get("penalty")):
        yield r.finding(
            f"{step.date}收缴{money(float(step.get('amount') or 0))}元，但此前无罚款决定",
            f"payment of {money(float(step.get('amount') or 0))} on {step.date} without a fine "
            "decided before it",
        )
        return
    if served_on(_public_days(ctx), record, d, step.date) is None and record.procedure != "summary":
        yield r.finding(
            f"{step.date}收缴罚款时处罚决定书尚未送达",
            f"payment on {step.date} before the decision was served",
        )


@on_case("APL-67-PAY15")
def payment_overdue(r, record, ctx):
    today = as_of(record, ctx)
    d = latest(record.steps_named("decide"))
    if d is None or today is None or not fine_of(d.get("penalty")):
        return
    served = served_on(_public_days(ctx), record, d)
    if served is None:
        return
    due = judge("payment", served, today, ctx).due
    fine, got = fine_of(d.get("penalty")), paid(record)
    if today > due and got < fine and not record.steps_named("demand"):
        yield r.finding(
            f"决定{served}送达，罚款{money(fine)}元应于{due}前缴清，截至{today}仅缴{money(got)}元"
            "且未催告，请送达催告书",
            f"decision served {served}: fine {money(fine)} was due by {due}; as of {today} only "
            f"{money(got)} paid and no demand served — serve a payment demand",
        ).at(d.index)


@rule(
    "APL-72-SURCHARGE",
    steps=("pay",),
    source="《行政处罚法》第七十二条",
    title_zh="加处罚款每日3%，不得超出罚款数额",
    title_en="Late-payment surcharge 3% a day, never above the fine",
    settings={"rate_per_day": 0.03, "cap_ratio": 1.0},
)
def surcharge(r, record, step, ctx):
    d = decision_before(record, step.date)
    fine = fine_of(d.get("penalty")) if d else 0
    if not fine:
        return
    served = served_on(_public_days(ctx), record, d, step.date)
    due = judge("payment", served, step.date, ctx).due if served else None
    late = max(0, (step.date - due).days) if due else 0
    cap = fine * r.setting(ctx, "cap_ratio")
    lawful = min(fine * r.setting(ctx, "rate_per_day") * late, cap)
    total = paid(record, step.date) + float(step.get("amount") or 0)
    if total > fine + lawful + 0.005:
        yield r.finding(
            f"累计收缴{money(total)}元，超过罚款{money(fine)}元加逾期{late}日依法可加处的"
            f"{money(lawful)}元（上限为罚款数额），请退还多收部分",
            f"{money(total)} collected in all: more than the fine {money(fine)} plus the lawful "
            f"surcharge {money(lawful)} for {late} day(s) late (capped at the fine); refund the excess",
        )


@rule(
    "APL-ENFORCE",
    steps=("enforce_application",),
    source="《行政强制法》第五十三条、第五十四条",
    title_zh="催告送达满十日后、复议诉讼期限届满之日起三个月内申请法院强制执行",
    title_en="Apply to court only after a demand and within 3 months of the remedy periods",
    settings={"lawsuit_months": 6, "apply_months": 3},
)
def enforce(r, record, step, ctx):
    demand = latest(before_or_on(record, "demand", step.date))
    if demand is None:
        yield r.finding(
            f"{step.date}申请强制执行前未书面催告当事人",
            f"application to court on {step.date} without a written payment demand first",
        )
    else:
        v = judge("demand", demand.date, step.date, ctx)
        n, ends = v.days, v.due
        if v.before_end:
            yield r.past(
                ctx,
                v,
                f"催告书{demand.date}送达，{n}个工作日至{ends}届满，{step.date}申请过早",
                f"demand served {demand.date}; its {n} working days run to {ends}: applying on "
                f"{step.date} is too early",
            )
    d = decision_before(record, step.date)
    served = served_on(_public_days(ctx), record, d, step.date) if d else None
    if served is None:
        return
    # The lawsuit period (6 months) outlasts the review period (60 days).
    opens = add_months(served, r.setting(ctx, "lawsuit_months"))
    closes = add_months(opens, r.setting(ctx, "apply_months"))
    if step.date <= opens:
        yield r.finding(
            f"决定{served}送达，诉讼期限至{opens}届满，{step.date}申请强制执行过早",
            f"decision served {served}: the lawsuit period runs to {opens}; applying on "
            f"{step.date} is too early",
        )
    elif step.date > closes:
        yield r.finding(
            f"救济期限{opens}届满后应于{closes}前申请，{step.date}已超过三个月",
            f"remedy periods ran out {opens}; the application was due by {closes}, made {step.date}",
        )


@rule(
    "AQ-78-PUBLISH",
    steps=("publish",),
    source="《安全生产法》第七十八条；《行政处罚法》第四十八条",
    title_zh="处罚决定作出之日起七个工作日内公开",
    title_en="Publish the decision within 7 working days",
    late=DEFECT,
)
def publish(r, record, step, ctx):
    d = decision_before(record, step.date)
    if d is None:
        return
    v = judge("publication", d.date, step.date, ctx)
    n, due = v.days, v.due
    if v.late:
        yield r.past(
            ctx,
            v,
            f"决定{d.date}作出，{step.date}才公开，超过{n}个工作日（应于{due}前）",
            f"decision of {d.date} published {step.date}: beyond {n} working days (due by {due})",
        )


@on_case("AQ-78-PUBLISH")
def publish_pending(r, record, ctx):
    today = as_of(record, ctx)
    d = latest(record.steps_named("decide"))
    if record.procedure != "general" or d is None or today is None:
        return
    if d.get("outcome") != "penalty" or any(
        s.date >= d.date for s in record.steps_named("publish")
    ):
        return
    v = judge("publication", d.date, today, ctx)
    due = v.due
    if v.late:
        yield r.past(
            ctx,
            v,
            f"决定{d.date}作出，截至{today}仍未公开（应于{due}前）",
            f"decision of {d.date} not published as of {today} (due by {due})",
        ).at(d.index)
