"""C. The hidden-danger loop (隐患整改闭环, 一患一策): extensions of the correction
deadline, the major hazard's plan and measures, and the review before resuming.

The correction deadline in force is :func:`.periods.rectification_deadline`: the
deadline on the case page and these rules read the same day.
"""

from __future__ import annotations

from .periods import rectification_deadline
from .registry import before_or_on, is_head, latest, rule, who

# 《安全生产法》第六十五条第一款第三项: withdraw the workers, and suspend operation or
# stop using the facilities — the measures a major hazard takes where safety cannot
# be assured while it is removed.
WITHDRAW = "withdraw_people"
SUSPENDING = frozenset({"suspend_operation", "stop_equipment"})


@rule(
    "AQ-65-EXTEND",
    steps=("deadline_extension_request", "deadline_extension_decision"),
    source="《安全生产法》第六十五条第一款第三项",
    title_zh="整改延期须在整改期限届满前申请，由负责人审批",
    title_en="More time to correct is asked before the deadline and decided by a head",
)
def extend(r, record, step, ctx):
    """安全生产法 art. 65(1)(3): a hazard found is ordered removed (责令立即排除) or, under
    the order, by the date it names. That date is the order's: the party may ask for
    more time only while it runs (a deadline that has passed is no longer there to be
    extended), and only the agency's head, who answers for the order, moves it."""
    order, due = rectification_deadline(record, step.date)
    if order is None or due is None:
        yield r.finding(
            f"{step.date}：无限期整改指令（或为立即整改），没有可延长的整改期限",
            f"{step.date}: no correction order with a deadline (or one to correct "
            "immediately): there is no deadline to extend",
        )
        return
    if step.step == "deadline_extension_request":
        if step.date > due:
            yield r.finding(
                f"整改期限{due}已届满，{step.date}才申请延期，不予受理",
                f"the correction deadline {due} had passed when more time was asked on {step.date}",
            )
        return
    if not is_head(record, step.get("approved_by")):
        yield r.finding(
            f"{step.date}的整改延期审批须由负责人作出（审批人：{who(record, step.get('approved_by'))}）",
            f"the decision of {step.date} on more time must be a head's "
            f"(approver: {who(record, step.get('approved_by'))})",
        )
    asked = latest(
        [
            s
            for s in before_or_on(record, "deadline_extension_request", step.date)
            if (s.date, s.index) > (order.date, order.index)
        ]
    )
    decided = latest(
        [
            s
            for s in before_or_on(record, "deadline_extension_decision", step.date)
            if asked is not None and (s.date, s.index) > (asked.date, asked.index)
        ]
    )
    if asked is None or decided is not None:
        yield r.finding(
            f"{step.date}作出整改延期审批，但没有待审批的延期申请",
            f"decision of {step.date} on more time without a pending request",
        )
    if step.get("approved") is True:
        new = step.get("deadline")
        if new is None or new <= due:
            yield r.finding(
                f"同意延期须写明晚于原整改期限{due}的新期限（填写：{new or '无'}）",
                f"an approved extension names a new deadline after {due} (given: {new or 'none'})",
            )


def _major(record, upto):
    order = latest(before_or_on(record, "order_correction", upto))
    return order if order is not None and order.get("major_hazard") else None


def _suspensions(record, upto):
    """Steps that stopped the unit's operation: the on-site measures suspending it, or
    an order that orders suspension."""
    out = [
        s
        for s in before_or_on(record, "on_site_measures", upto)
        if SUSPENDING & set(s.get("measures") or ())
    ]
    out += [
        s for s in before_or_on(record, "order_correction", upto) if s.get("suspension_ordered")
    ]
    return out


def _closing(step) -> bool:
    """The hazard closes as corrected (a re-inspection finding it corrected)."""
    return step.step == "reinspect" and step.get("result") == "corrected"


@rule(
    "AQ-65-PLAN",
    steps=("reinspect",),
    source="《安全生产法》第四十一条、第六十五条第一款第三项",
    title_zh="重大事故隐患须有治理方案（一患一策），并撤出人员、停产停业或认定安全有保障",
    title_en="A major hazard has its plan, and withdrawal and suspension or safety assured",
)
def plan(r, record, step, ctx):
    """安全生产法 art. 41 (重大事故隐患排查治理情况 reported, the agency's 治理督办) and art.
    65(1)(3): 重大事故隐患排除前或者排除过程中无法保证安全的，应当责令从危险区域内撤出作业
    人员，责令暂时停产停业或者停止使用相关设施、设备. A major hazard is closed as
    corrected only with its plan on file — who answers for it, the measures, the money,
    the date — and either the withdrawal with the suspension (ordered in the order or
    decided as on-site measures), or the recorded finding that safety is assured while
    it is removed."""
    if not _closing(step):
        return
    order = _major(record, step.date)
    if order is None:
        return
    plans = [
        p
        for p in before_or_on(record, "hazard_plan", step.date)
        if p.get("responsible") and p.get("measures") and p.get("funds") and p.get("deadline")
    ]
    if not plans:
        yield r.finding(
            f"{order.date}认定的重大事故隐患没有治理方案（责任人、措施、经费、时限），不能按已整改结案",
            f"the major hazard found on {order.date} has no plan (person responsible, measures, "
            "funds, deadline): it cannot close as corrected",
        )
    if order.get("safety_assured") is True or order.get("suspension_ordered") is True:
        return  # the order itself withdraws the workers and suspends operation
    measures = set()
    for s in before_or_on(record, "on_site_measures", step.date):
        measures |= set(s.get("measures") or ())
    if WITHDRAW not in measures or not SUSPENDING & measures:
        yield r.finding(
            f"{order.date}认定的重大事故隐患既未记录现场处理措施（撤出作业人员、暂时停产停业或停止使用"
            "设施设备），也未认定整改期间安全有保障",
            f"the major hazard found on {order.date} has neither on-site measures (workers "
            "withdrawn, operation suspended or equipment stopped) nor a finding that safety "
            "is assured",
        )


@rule(
    "AQ-65-RESUME",
    steps=("reinspect", "resume_review"),
    source="《安全生产法》第六十五条第一款第三项",
    title_zh="停产停业的，重大事故隐患排除后经审查同意方可恢复生产经营",
    title_en="A suspended unit resumes only after a review approves it",
)
def resume(r, record, step, ctx):
    """安全生产法 art. 65(1)(3): 重大事故隐患排除后，经审查同意，方可恢复生产经营和使用. The
    review (复产审查) is the agency's, approved by a head; a hazard whose unit was
    suspended is not closed as corrected before it."""
    stopped = _suspensions(record, step.date)
    if step.step == "resume_review":
        if not stopped:
            yield r.finding(
                f"{step.date}复产审查，但本案没有停产停业或停止使用设施设备的决定",
                f"review before resuming on {step.date}, but nothing was suspended",
            )
        if not is_head(record, step.get("approved_by")):
            yield r.finding(
                f"{step.date}的复产审查须经负责人审批（审批人：{who(record, step.get('approved_by'))}）",
                f"the review of {step.date} must be approved by a head "
                f"(approver: {who(record, step.get('approved_by'))})",
            )
        return
    if not _closing(step) or not stopped:
        return
    last = latest(stopped)
    reviewed = [
        s
        for s in before_or_on(record, "resume_review", step.date)
        if s.get("approved") is True
        and is_head(record, s.get("approved_by"))
        and (s.date, s.index) > (last.date, last.index)
    ]
    if not reviewed:
        yield r.finding(
            f"{last.date}责令停产停业（或停止使用设施设备），未经复产审查同意，不能结案",
            f"operation suspended on {last.date} and no review has approved resuming: the "
            "case cannot close",
        )
