"""G. Transfer of suspected crimes (两法衔接, 国务院令第310号)."""

from __future__ import annotations

import datetime as dt

from .periods import judge
from .registry import (
    DEFECT,
    WARNING,
    as_of,
    before_or_on,
    kinds_of,
    latest,
    rule,
    who,
    with_note,
)
from .registry import (
    case_check as on_case,
)

# Steps the format v1 does not list yet; read when present (see the report).
RECONSIDER, SUPERVISE, HANDOVER = "reconsideration_request", "supervision_request", "handover"

# A time written without an offset is the unit's local time: China Standard Time.
CST = dt.timezone(dt.timedelta(hours=8), "CST")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CST)


@rule(
    "TRF-310-5",
    steps=("transfer_decision", "transfer"),
    source="国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》第五条",
    title_zh="正职负责人三日内决定是否移送，批准后二十四小时内移送，不批准记录理由",
    title_en="The principal head decides in 3 days; transfer within 24 hours of approval",
    settings={"transfer_hours": 24},
    late=DEFECT,  # a late decision or transfer; a transfer nobody approved stays an error
)
def transfer_timing(r, record, step, ctx):
    """国务院令第310号 art. 5: the written report goes to the unit's 正职负责人 (or the head
    in charge of its work), who decides within 3 days; an approved transfer reaches the
    police within 24 hours; a refusal records its reasons."""
    if step.step == "transfer_decision":
        yield from _principal_approval(r, record, step)
        report = latest(before_or_on(record, "transfer_report", step.date))
        if report is None:
            yield r.finding(
                f"{step.date}作出移送决定，但无涉嫌犯罪案件的移送报告",
                f"transfer decision on {step.date} without a report to the principal head",
            )
        else:
            v = judge("transfer_decision", report.date, step.date, ctx)
            n, due = v.days, v.due
            if v.late:
                yield r.past(
                    ctx,
                    v,
                    f"{report.date}报告，{step.date}才决定是否移送，超过{n}日（应于{due}前）",
                    f"reported {report.date}, decided {step.date}: beyond {n} working days "
                    f"(due by {due})",
                )
        if step.get("approved") is False and not step.get("reasons"):
            yield r.finding(
                f"{step.date}不批准移送，但未记录理由",
                f"transfer refused on {step.date} without recorded reasons",
            )
        return
    decision = latest(before_or_on(record, "transfer_decision", step.date))
    if decision is None or decision.get("approved") is not True:
        yield r.finding(
            f"{step.date}移送公安机关，但无正职负责人批准移送的决定",
            f"transfer to the police on {step.date} without the principal head's approval",
        )
        return
    hours = r.setting(ctx, "transfer_hours")
    if step.at is not None and decision.at is not None:
        # One time may carry an offset and the other not: compare both as aware times.
        late = _aware(step.at) - _aware(decision.at) > dt.timedelta(hours=hours)
    else:
        # Dates only: the last day the 24 hours can reach is the day after approval.
        late = (step.date - decision.date).days > -(-hours // 24)
    if late:
        yield r.finding(
            f"{decision.date}批准移送，{step.date}才移送，超过{hours}小时",
            f"transfer approved {decision.date}, made {step.date}: beyond {hours} hours",
            severity=r.late,
        )


def _principal_approval(r, record, step):
    approver = step.get("approved_by")
    if approver is None:
        # An older file that does not say who decided: nothing to check it against.
        yield r.finding(
            f"{step.date}的移送决定未载明审批的正职负责人，无法核对",
            f"the transfer decision of {step.date} does not name the principal head who "
            "decided it; it could not be checked",
            severity=WARNING,
        )
    elif not record.is_principal_head(approver):
        yield r.finding(
            f"{step.date}的移送决定由{who(record, approver)}审批，其不是本机关正职负责人，"
            "应报正职负责人审批",
            f"the transfer decision of {step.date} was approved by {who(record, approver)}, "
            "who is not the unit's principal head; the principal head decides",
        )


@on_case("TRF-310-5")
def transfer_pending(r, record, ctx):
    today = as_of(record, ctx)
    report = latest(record.steps_named("transfer_report"))
    if report is None or today is None:
        return
    decided = [s for s in record.steps_named("transfer_decision") if s.date >= report.date]
    due = judge("transfer_decision", report.date, today, ctx).due
    if not decided and today > due:
        yield r.finding(
            *with_note(
                ctx,
                f"{report.date}报告涉嫌犯罪，截至{today}负责人未决定是否移送（应于{due}前）",
                f"suspected crime reported {report.date}: no transfer decision as of {today} "
                f"(due by {due})",
                report.date,
                due,
            ),
            severity=r.late,
        ).at(report.index)


@rule(
    "TRF-310-6",
    steps=("transfer",),
    source="国务院令第310号第六条",
    title_zh="移送须附移送书、调查报告、涉案物品清单、检验鉴定报告等材料",
    title_en="The transfer carries its letter, report, inventory and expert reports",
    settings={"required": ["transfer_letter", "investigation_report", "item_inventory"]},
)
def transfer_file(r, record, step, ctx):
    attached = set(step.get("attachments") or ())
    required = list(r.setting(ctx, "required"))
    if any(e.get("kind") in ("expert_opinion", "sampling") for e in record.steps_named("evidence")):
        required.append("expert_reports")  # only when tests or expert opinions exist
    missing = [a for a in required if a not in attached]
    if missing:
        yield r.finding(
            f"{step.date}移送材料缺少：{'、'.join(missing)}",
            f"the transfer of {step.date} lacks: {', '.join(missing)}",
            missing=missing,
        )


RESUMED = ("decide", "terminate", "case_returned", "resume")


@rule(
    "TRF-310-9-12",
    steps=("police_reply", RECONSIDER, SUPERVISE, HANDOVER, "close"),
    source="国务院令第310号第九条、第十条、第十二条",
    title_zh="公安不予立案的依法继续处理（可以三日内提请复议或建议检察院监督）；立案的三日内移交涉案物品",
    title_en="Police decline: the case is handled on (reconsideration may be asked in 3 days); "
    "accept: hand over the items in 3 days",
    late=WARNING,  # reconsideration and supervision are options (可以): a reminder
)
def police_followup(r, record, step, ctx):
    """310号令 art. 9: after a refusal the unit *may* ask the police to reconsider within 3
    days, or the procuratorate to supervise (a reminder); art. 10: it must handle the case
    itself (a penalty where one is due); art. 12: after acceptance it hands over the items
    within 3 days."""
    if step.step == "police_reply":
        if not before_or_on(record, "transfer", step.date):
            yield r.finding(
                f"{step.date}记录公安机关答复，但本案未移送",
                f"police reply on {step.date} but nothing was transferred",
            )
        return
    if step.step == "close":
        yield from _not_resumed(r, record, step)
        return
    replies = before_or_on(record, "police_reply", step.date)
    want = {RECONSIDER: False, SUPERVISE: False, HANDOVER: True}[step.step]
    reply = latest([s for s in replies if bool(s.get("accepted")) is want])
    if reply is None:
        yield r.finding(
            f"{step.date}的{step.step}没有对应的公安机关答复",
            f"{step.step} on {step.date} with no police reply it answers",
        )
        return
    v = judge("police_followup", reply.date, step.date, ctx)
    n, due = v.days, v.due
    if v.late:
        zh, en = with_note(
            ctx,
            f"公安机关{reply.date}答复，{step.date}才{step.step}，超过{n}日（应于{due}前）",
            f"police replied {reply.date}; {step.step} on {step.date} is beyond {n} days "
            f"(due by {due})",
            reply.date,
            due,
        )
        # Handing over the items is a duty (art. 12); asking again is an option (art. 9).
        yield r.finding(zh, en, severity=r.severity if step.step == HANDOVER else r.late)


def _not_resumed(r, record, step):
    reply = latest(before_or_on(record, "police_reply", step.date))
    if reply is None or reply.get("accepted") is not False:
        return
    resumed = [
        s
        for s in before_or_on(record, RESUMED, step.date)
        if s.date >= reply.date
        and (s.step != "decide" or s.get("outcome") != "transfer")
        and s.index > reply.index
    ]
    if not resumed:
        yield r.finding(
            f"公安机关{reply.date}决定不予立案，本案未依法继续作出处理即于{step.date}结案"
            "（应给予行政处罚的依法处罚）",
            f"the police declined the case on {reply.date}; it closes on {step.date} without "
            "being handled on (a penalty where one is due)",
        )


@on_case("TRF-310-9-12")
def police_followup_pending(r, record, ctx):
    today = as_of(record, ctx)
    reply = latest(record.steps_named("police_reply"))
    if reply is None or today is None:
        return
    if reply.get("accepted"):
        transfers = before_or_on(record, "transfer", reply.date)
        items = any("item_inventory" in (t.get("attachments") or ()) for t in transfers)
        nxt, zh, en = HANDOVER, "移交涉案物品", "hand over the items"
        if not items:
            return
    else:
        earlier = [s for s in record.steps_named(RECONSIDER) if s.date <= reply.date]
        nxt = SUPERVISE if earlier else RECONSIDER
        zh, en = (
            ("建议检察院立案监督", "ask the procuratorate to supervise")
            if earlier
            else ("提请公安机关复议", "ask the police to reconsider")
        )
    if any(s.date >= reply.date for s in record.steps_named(nxt)):
        return
    due = judge("police_followup", reply.date, today, ctx).due
    if today > due:
        yield r.finding(
            *with_note(
                ctx,
                f"公安机关{reply.date}答复，截至{today}未{zh}（应于{due}前）",
                f"police replied {reply.date}; as of {today} nobody did {en} (due by {due})",
                reply.date,
                due,
            ),
            severity=r.severity if nxt == HANDOVER else r.late,
        ).at(reply.index)


def _open_transfer(record, day: dt.date) -> str | None:
    """Why a transfer is still open on ``day``, or None."""
    report = latest(before_or_on(record, "transfer_report", day))
    if report is None:
        return None
    decision = latest(
        [s for s in before_or_on(record, "transfer_decision", day) if s.date >= report.date]
    )
    if decision is None:
        return (
            f"{report.date}报告涉嫌犯罪，尚未决定是否移送|crime reported {report.date}, undecided"
        )
    if decision.get("approved") is not True:
        return None
    if not before_or_on(record, "transfer", day):
        return f"{decision.date}批准移送，尚未移送|transfer approved {decision.date}, not made"
    if not before_or_on(record, "police_reply", day):
        return "已移送公安机关，尚无答复|transferred, police have not replied"
    return None


@rule(
    "TRF-NOSUB",
    steps=("decide", "close"),
    source="国务院令第310号第十一条；《行政处罚法》第二十七条、第三十五条",
    title_zh="不得以罚款、没收代替移送；移送未结不得以缴款结案",
    title_en="A fine never replaces a transfer",
)
def no_substitute(r, record, step, ctx):
    """310号令 art. 11: a fine never replaces a transfer; a warning, suspension or permit
    action decided before it stays lawful, and fines paid are offset (APL art. 35)."""
    why = _open_transfer(record, step.date)
    if why is None:
        return
    zh, en = why.split("|")
    # Art. 11(2): a warning, suspension or permit action stays lawful; only a fine or a
    # confiscation would stand in for the criminal penalty.
    money_kinds = sorted(kinds_of(step.get("penalty")) & {"fine", "confiscation"})
    if step.step == "decide" and step.get("outcome") == "penalty" and money_kinds:
        yield r.finding(
            f"{zh}，不得以罚款、没收代替移送（{step.date}决定）",
            f"{en}: a {' or '.join(money_kinds)} on {step.date} cannot replace the transfer",
        )
    elif step.step == "close":
        yield r.finding(
            f"{zh}，{step.date}不得以缴款结案；已缴罚款依法折抵罚金",
            f"{en}: the case cannot close on {step.date} by payment; paid fines are offset "
            "against a criminal fine",
        )
