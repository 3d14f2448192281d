"""Paying the fine (罚款的缴纳): the 15 days, deferral, on-the-spot collection, surcharge.

The figures (what is due, by when, the surcharge) are read once in ``payments``.
"""

from __future__ import annotations

from .payments import (
    COLLECT,
    decision_in_force,
    due_date,
    fine_due,
    late_days,
    lawful_surcharge,
    owed,
    paid,
    plan,
    served_on,
)
from .registry import WARNING, as_of, before_or_on, fine_of, is_head, money, rule
from .registry import case_check as on_case


@rule(
    "APL-67-PAY15",
    steps=("pay", "deferral_decision"),
    source="《行政处罚法》第六十七条、第六十六条、第六十八条至第七十条",
    title_zh="收到决定书之日起十五日内缴纳罚款；延期或分期须经申请和批准",
    title_en="The fine is paid within 15 days of receiving the decision; deferral needs approval",
    settings={"spot_max_amount": 100},
)
def payment(r, record, step, ctx):
    d = decision_in_force(record, step.date)
    if step.step == "deferral_decision":
        yield from _deferral(r, record, step, d)
        return
    amount = money(float(step.get("amount") or 0))
    if d is None or not fine_of(d.get("penalty")):
        yield r.finding(
            f"{step.date}收缴{amount}元，但此前无有效的罚款决定",
            f"payment of {amount} on {step.date} without a fine decided and in force before it",
        )
        return
    if served_on(ctx, record, d, step.date) is None and record.procedure != "summary":
        yield r.finding(
            f"{step.date}收缴罚款时处罚决定书尚未送达",
            f"payment on {step.date} before the decision was served",
        )
    yield from _on_the_spot(r, record, step, ctx)


def _deferral(r, record, step, d):
    """APL art. 66: 经当事人申请和行政机关批准 — the party's request, a head's approval,
    and a plan that covers the fine."""
    if not before_or_on(record, "deferral_request", step.date):
        yield r.finding(
            f"{step.date}批准延期（分期）缴纳罚款，但当事人未提出申请",
            f"deferral decided on {step.date} without the party's request",
        )
    if not is_head(record, step.get("approved_by")):
        yield r.finding(
            f"{step.date}延期（分期）缴纳罚款未经负责人审批",
            f"deferral of {step.date} not approved by a head",
        )
    if step.get("approved") is not True:
        return
    fine = fine_of(d.get("penalty")) if d else 0.0
    due = step.get("due") or []
    total = sum(float(i["amount"]) for i in due)
    if total + 0.005 < fine:
        yield r.finding(
            f"批准的缴款计划合计{money(total)}元，少于罚款{money(fine)}元",
            f"the approved plan adds up to {money(total)}, less than the fine {money(fine)}",
        )


@on_case("APL-67-PAY15")
def payment_overdue(r, record, ctx):
    """A reminder (revision 2): past the due date, or an instalment's date, with the
    payments short and no demand sent yet."""
    today = as_of(record, ctx)
    d = decision_in_force(record, today)
    if d is None or today is None or not fine_of(d.get("penalty")):
        return
    if record.steps_named("demand") or due_date(record, ctx, today) is None:
        return
    fine, got = fine_of(d.get("penalty")), paid(record, today)
    missed = [(day, amount) for day, amount in plan(record, today) if today > day and got < amount]
    due = missed[0][0] if missed else due_date(record, ctx, today)
    if today > due and got < (missed[0][1] if missed else fine):
        yield r.finding(
            f"罚款{money(fine)}元应于{due}前缴纳，截至{today}仅缴{money(got)}元且尚未催告，"
            "请送达催告书",
            f"fine {money(fine)} was due by {due}; as of {today} only {money(got)} paid and no "
            "payment demand sent yet — serve one",
            severity=WARNING,
        ).at(d.index)


def _on_the_spot(r, record, step, ctx):
    """当场收缴: lawful only as APL arts. 68 and 69 allow (art. 67(2)), always with the
    finance department's official receipt (art. 70)."""
    if step.get("on_the_spot") is not True:
        return
    if not str(step.get("receipt_number") or "").strip():
        yield r.finding(
            f"{step.date}当场收缴罚款未出具财政部门统一制发的专用票据（无票据编号）",
            f"collected on the spot on {step.date} without the official receipt (no number)",
        )
    d = decision_in_force(record, step.date)
    fine, cap = fine_of(d.get("penalty")) if d else 0.0, r.setting(ctx, "spot_max_amount")
    if record.procedure == "summary" and fine <= cap:
        return
    # Beyond 100 yuan (68(2): hard to enforce afterwards) or after a general decision
    # (69: a remote area, on the party's request) the ground is a fact the officer
    # states when acknowledging: the file has no key for it.
    yield r.finding(
        f"罚款{money(fine)}元当场收缴：仅在事后难以执行，或边远、水上、交通不便地区经当事人"
        "提出时方可当场收缴，请说明理由",
        f"a fine of {money(fine)} collected on the spot: lawful only where it could not be "
        "enforced afterwards, or in a remote area at the party's request — state the ground",
        severity=WARNING,
    )


@rule(
    "APL-72-SURCHARGE",
    steps=("pay",),
    source="《行政处罚法》第七十二条、第七十三条",
    title_zh="加处罚款每日3%，不得超出罚款数额，复议诉讼期间不计",
    title_en="Late-payment surcharge 3% a day, never above the fine, paused during review",
    settings={"rate_per_day": 0.03, "cap_ratio": 1.0, "collect": False},
)
def surcharge(r, record, step, ctx):
    fine = fine_due(record, step.date)
    if not fine:
        return
    late = late_days(record, ctx, step.date)
    lawful = lawful_surcharge(record, ctx, step.date)
    total = paid(record, step.date, also=step)
    if total > fine + lawful + 0.005:
        yield r.finding(
            f"累计收缴{money(total)}元，超过罚款{money(fine)}元加逾期{late}日依法可加处的"
            f"{money(lawful)}元（上限为罚款数额），请退还多收部分",
            f"{money(total)} collected in all: more than the fine {money(fine)} plus the lawful "
            f"surcharge {money(lawful)} for {late} day(s) late (capped at the fine); refund the excess",
        )
    elif lawful and total + 0.005 >= owed(record, ctx, step.date) and total + 0.005 < fine + lawful:
        # The unit may collect it (可以, art. 72); reviews deduct for not doing so.
        how = "本单位设定不加处" if not ctx.setting(*COLLECT) else ""
        yield r.finding(
            f"逾期{late}日缴纳，依法可加处罚款{money(lawful)}元，仅收{money(total)}元即结清"
            f"{'（' + how + '）' if how else ''}",
            f"paid {late} day(s) late: a surcharge of {money(lawful)} was lawful, yet "
            f"{money(total)} settles the case",
            severity=WARNING,
        )
