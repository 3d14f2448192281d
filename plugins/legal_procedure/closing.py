"""Closing the case (结案): lawful end, approval, documents; a closed file stays closed."""

from __future__ import annotations

from .payments import fine_due, paid, revoked_after
from .registry import EVERY_STEP, is_head, latest, money, rule

# What a closed file still takes (revision 2): facts that come after the end, recorded
# beside it — a review or lawsuit result, the publication withdrawn, the enforcement's end.
ANNOTATIONS = ("review_result", "withdraw_publication", "enforcement_result")


@rule(
    "CLS-ARCHIVE",
    steps=("close", EVERY_STEP),
    source="《安全生产违法行为行政处罚办法》结案规定；《行政处罚法》第四十七条",
    title_zh="履行完毕或依法终结并经批准方可结案，结案后不得修改",
    title_en="Close only when ended lawfully, approved, documents complete; never edit after",
    settings={
        "general_documents": ["register", "conclude", "legal_review", "decide", "serve"],
        "summary_documents": ["decide", "serve", "report"],
    },
)
def archive(r, record, step, ctx):
    closed = record.first("close")
    if closed is not None and step.step not in ANNOTATIONS:
        yield r.finding(
            f"本案已于{closed.date}结案，不得再记录{step.step}",
            f"the case was closed on {closed.date}; no {step.step} may be added",
        )
    if step.step != "close":
        return
    if not is_head(record, step.get("approved_by")):
        yield r.finding(
            f"{step.date}结案未经负责人审批（审批人：{step.get('approved_by') or '无'}）",
            f"closing on {step.date} not approved by a head "
            f"(approver: {step.get('approved_by') or 'none'})",
        )
    d = latest(record.steps_named("decide"))
    key = "summary_documents" if record.procedure == "summary" else "general_documents"
    needed = list(r.setting(ctx, key))
    if d is not None and d.get("outcome") == "penalty" and record.procedure == "general":
        needed.append("notify")
        if record.steps_named("hearing_request"):
            needed.append("hearing")
    if d is not None and d.get("outcome") == "transfer":
        needed = [x for x in needed if x != "serve"] + ["transfer"]
    missing = [x for x in dict.fromkeys(needed) if not record.steps_named(x)]
    if missing:
        yield r.finding(
            f"结案时缺少必备文书：{'、'.join(missing)}",
            f"closing without the mandatory documents of its path: {', '.join(missing)}",
            missing=missing,
        )
    if d is not None and revoked_after(record, d) is not None:
        return  # the decision was revoked: this case ends; a new decision is a new case
    fine = fine_due(record) if d and d.get("outcome") == "penalty" else 0
    if fine and paid(record) < fine:
        yield from _unpaid(r, record, step, fine)


def _unpaid(r, record, step, fine):
    """An unpaid fine closes only through the court: its ruling refusing enforcement
    (with its reasons), or granting it and the enforcement done or ended."""
    got = money(paid(record))
    if not record.steps_named("enforce_application"):
        yield r.finding(
            f"罚款{money(fine)}元仅缴{got}元，且未申请强制执行，不得结案",
            f"fine {money(fine)}, only {got} paid and no court enforcement: the case cannot close",
        )
        return
    ruling = latest(record.steps_named("court_ruling"))
    if ruling is None:
        yield r.finding(
            f"已申请法院强制执行，尚无法院裁定，{step.date}不得结案",
            f"court enforcement applied for but not yet ruled on: no closing on {step.date}",
        )
    elif ruling.get("granted") is True and not [
        s for s in record.steps_named("enforcement_result") if s.index > ruling.index
    ]:
        yield r.finding(
            f"法院{ruling.date}裁定准予强制执行，尚无执行结果（执行完毕或终结），不得结案",
            f"the court granted enforcement on {ruling.date}; closing needs its result "
            "(completed or terminated)",
        )


def how_it_ended(record) -> str:
    """What the closing approval states as the result and its execution (结案审批表)."""
    d = latest(record.steps_named("decide"))
    if d is not None and revoked_after(record, d) is not None:
        return "行政处罚决定已被依法撤销，本案终结，需重新作出决定的另案办理。"
    ruling = latest(record.steps_named("court_ruling"))
    fine = fine_due(record)
    if fine and paid(record) < fine and ruling is not None:
        if ruling.get("granted") is not True:
            return f"人民法院裁定不准予强制执行，理由：{ruling.get('reasons') or '（见裁定书）'}。"
        done = latest(record.steps_named("enforcement_result"))
        if done is not None and done.get("result") == "terminated":
            return "人民法院裁定准予强制执行，执行已终结。"
        return "人民法院裁定准予强制执行，已执行完毕。"
    return "行政处罚决定已执行完毕，案卷材料齐全，建议结案。"
