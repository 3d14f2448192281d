"""F. Service, summary procedure, payment, enforcement, publication."""

from __future__ import annotations

import datetime as dt

from caseflow.plugin import SERVICE_METHODS

from .payments import decision_in_force, served_on
from .periods import WITHDRAWN_ON, judge
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
    """The decision in force on ``day``: none once a review or lawsuit revoked it."""
    return decision_in_force(record, day)


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
    elif record.procedure == "summary" and method in SERVICE_METHODS and method != "on_the_spot":
        # APL art. 52 hands a summary decision over on the spot; one that was not is
        # still served, by art. 61's methods, and the lapse is a flaw of the file.
        yield r.finding(
            f"简易程序处罚决定书应当场交付当事人，{step.date}以其他方式送达",
            f"a summary decision is handed over on the spot; it was served on {step.date} "
            "by another method",
            severity=DEFECT,
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
    "APL-ENFORCE",
    steps=("enforce_application", "court_ruling", "enforcement_result"),
    source="《行政强制法》第五十三条、第五十四条、第五十七条、第五十八条",
    title_zh="催告送达满十日后、复议诉讼期限届满之日起三个月内申请法院强制执行",
    title_en="Apply to court only after a demand and within 3 months of the remedy periods",
    settings={"lawsuit_months": 6, "apply_months": 3},
)
def enforce(r, record, step, ctx):
    if step.step != "enforce_application":
        yield from _court(r, record, step)
        return
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
    served = served_on(ctx, record, d, step.date) if d else None
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


def _court(r, record, step):
    """The court's side (行政强制法 arts. 57, 58): a ruling answers an application, a
    refusal gives its reasons, and only a granted ruling is executed."""
    applied = latest(before_or_on(record, "enforce_application", step.date))
    ruling = latest(before_or_on(record, "court_ruling", step.date))
    if step.step == "court_ruling":
        if applied is None:
            yield r.finding(
                f"{step.date}记录法院裁定，但此前未申请强制执行",
                f"a court ruling on {step.date} with no application before it",
            )
        if step.get("granted") is False and not str(step.get("reasons") or "").strip():
            yield r.finding(
                f"法院{step.date}裁定不准予执行，应记录裁定理由",
                f"the court refused enforcement on {step.date}: record its reasons",
            )
    elif ruling is None or ruling.get("granted") is not True:
        yield r.finding(
            f"{step.date}记录执行结果，但法院未裁定准予强制执行",
            f"an enforcement result on {step.date} without a ruling granting enforcement",
        )


@rule(
    "AQ-78-PUBLISH",
    steps=("publish", "withdraw_publication"),
    source="《安全生产法》第七十八条；《行政处罚法》第四十八条",
    title_zh="处罚决定作出之日起七个工作日内公开；被撤销、变更或确认违法的三日内撤回",
    title_en="Publish the decision within 7 working days; withdraw it within 3 if undone",
    late=DEFECT,
)
def publish(r, record, step, ctx):
    if step.step == "withdraw_publication":
        yield from _withdrawal(r, record, step, ctx)
        return
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


def _undone(record, upto=None):
    """The latest result that revoked, changed or found the decision illegal (APL 48(2))."""
    return latest(
        [
            s
            for s in record.steps_named("review_result")
            if s.get("result") in WITHDRAWN_ON and (upto is None or s.date <= upto)
        ]
    )


def _withdrawal(r, record, step, ctx):
    """APL art. 48(2): 公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关
    应当在三日内撤回行政处罚决定信息并公开说明理由."""
    result = _undone(record, step.date)
    if result is None or not before_or_on(record, "publish", step.date):
        yield r.finding(
            f"{step.date}撤回公示，但此前无已公开且被撤销、变更或确认违法的决定",
            f"publication withdrawn on {step.date} with no published decision revoked, "
            "changed or found illegal before it",
        )
        return
    v = judge("publication_withdrawal", result.date, step.date, ctx)
    if v.late:
        yield r.past(
            ctx,
            v,
            f"复议诉讼结果{result.date}作出，{step.date}才撤回公示，超过{v.days}个工作日"
            f"（应于{v.due}前）",
            f"the result of {result.date} undid the decision; its publication was withdrawn "
            f"{step.date}, beyond {v.days} working days (due by {v.due})",
        )


def _withdrawal_pending(r, record, ctx):
    today = as_of(record, ctx)
    result = _undone(record, today)
    if today is None or result is None or not before_or_on(record, "publish", result.date):
        return
    if any(s.date >= result.date for s in record.steps_named("withdraw_publication")):
        return
    v = judge("publication_withdrawal", result.date, today, ctx)
    if v.late:
        yield r.past(
            ctx,
            v,
            f"复议诉讼结果{result.date}作出，截至{today}仍未撤回公示（应于{v.due}前）",
            f"the result of {result.date} undid the decision; its publication is not withdrawn "
            f"as of {today} (due by {v.due})",
        ).at(result.index)


@on_case("AQ-78-PUBLISH")
def publish_pending(r, record, ctx):
    yield from _withdrawal_pending(r, record, ctx)
    today = as_of(record, ctx)
    d = decision_in_force(record)
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
