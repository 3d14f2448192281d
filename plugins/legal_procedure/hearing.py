"""D. Notice and hearing (告知与听证)."""

from __future__ import annotations

from .periods import judge
from .registry import (
    before_or_on,
    fine_of,
    kinds_of,
    latest,
    money,
    officers_of,
    rule,
    who,
)

KIND_ZH = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收",
    "suspension": "责令停产停业",
    "permit_downgrade": "降低资质等级",
    "permit_revocation": "吊销许可证",
    "closure": "责令关闭",
    "practice_ban": "限制从业",
}


def notice_for(record, step):
    """The latest pre-decision notice dated on or before ``step``."""
    return latest(before_or_on(record, "notify", step.date))


def _penalised(step) -> bool:
    return step.get("outcome") == "penalty"


@rule(
    "APL-44-NOTICE",
    steps=("decide",),
    source="《行政处罚法》第四十四条、第六十二条",
    title_zh="作出处罚决定前书面告知拟处罚内容、事实、理由、依据及陈述申辩听证权利",
    title_en="A served written pre-decision notice precedes the decision",
)
def notice(r, record, step, ctx):
    if record.procedure != "general" or not _penalised(step):
        return
    n = notice_for(record, step)
    if n is None:
        yield r.finding(
            f"{step.date}作出处罚决定前未制发行政处罚告知书，请先书面告知并送达",
            f"no written pre-decision notice before the decision of {step.date}; serve one first",
        )
        return
    served = n.get("served")
    if served is None or served > step.date:
        yield r.finding(
            f"{n.date}的行政处罚告知书在{step.date}决定前未送达（送达日：{served or '无'}）",
            f"the notice of {n.date} was not served before the decision of {step.date} "
            f"(served: {served or 'never'})",
        )
    if not (n.get("proposed") or {}).get("kinds"):
        yield r.finding(
            f"{n.date}的告知书未载明拟作出的行政处罚",
            f"the notice of {n.date} does not state the proposed penalty",
        )
    rights = set(n.get("rights") or ())
    lacking = [x for x in ("statement", "defence") if x not in rights]
    if lacking:
        yield r.finding(
            f"{n.date}的告知书未告知当事人陈述、申辩权利（缺：{'、'.join(lacking)}）",
            f"the notice of {n.date} omits the right(s) of {', '.join(lacking)}",
        )


@rule(
    "APL-45-NOHEAVIER",
    steps=("decide",),
    source="《行政处罚法》第四十五条",
    title_zh="复核陈述申辩，不得因申辩加重处罚",
    title_en="Statements reviewed; the decision is never heavier than the notice",
)
def no_heavier(r, record, step, ctx):
    if not _penalised(step):
        return
    n = notice_for(record, step)
    if n is None:
        return
    for st in before_or_on(record, "statement", step.date):
        if st.date >= n.date and st.get("reviewed") is not True:
            yield r.finding(
                f"当事人{st.date}的陈述申辩未经复核记录，请复核后再决定",
                f"the party's statement of {st.date} was not reviewed and recorded; review it "
                "before deciding",
            )
    proposed, decided = n.get("proposed") or {}, step.get("penalty") or {}
    extra = kinds_of(decided) - kinds_of(proposed)
    if fine_of(decided) > fine_of(proposed) or extra:
        yield r.finding(
            f"决定处罚（罚款{money(fine_of(decided))}元"
            f"{'，另加' + '、'.join(KIND_ZH.get(k, k) for k in sorted(extra)) if extra else ''}）"
            f"重于{n.date}告知的处罚（罚款{money(fine_of(proposed))}元），须重新告知",
            f"decided penalty (fine {money(fine_of(decided))}"
            f"{', plus ' + ', '.join(sorted(extra)) if extra else ''}) is heavier than noticed on "
            f"{n.date} (fine {money(fine_of(proposed))}); serve a new notice",
        )


def hearing_due(ctx, party_kind: str, penalty) -> str | None:
    """Why a hearing must be offered for ``penalty`` (art. 63), or None."""
    key = "threshold_organization" if party_kind == "organization" else "threshold_individual"
    threshold = ctx.setting(f"APL-63-HEARING-SCOPE.{key}", _SCOPE_DEFAULTS[key])
    kinds = ctx.setting("APL-63-HEARING-SCOPE.kinds", _SCOPE_DEFAULTS["kinds"])
    if fine_of(penalty) >= threshold:
        return f"fine {money(fine_of(penalty))} >= {money(threshold)}"
    heavy = sorted(kinds_of(penalty) & set(kinds))
    return ", ".join(heavy) if heavy else None


_SCOPE_DEFAULTS = {
    # Art. 63(1)(1) "较大数额": left to provinces; these are the catalogue's defaults.
    "threshold_individual": 10000,
    "threshold_organization": 30000,
    "kinds": [
        "confiscation",
        "permit_downgrade",
        "permit_revocation",
        "suspension",
        "closure",
        "practice_ban",
    ],
}


@rule(
    "APL-WAIT",
    steps=("decide",),
    source="《行政处罚法》第四十四条、第六十四条、第八十五条",
    title_zh="陈述申辩期、听证申请期届满前不得作出决定",
    title_en="No decision before the statement or hearing-request window has passed",
)
def wait(r, record, step, ctx):
    if record.procedure != "general" or not _penalised(step):
        return
    n = notice_for(record, step)
    if n is None or n.get("served") is None:
        return
    served = n.get("served")
    offered = "hearing" in (n.get("rights") or ()) or hearing_due(
        ctx, record.party.kind, n.get("proposed")
    )
    variant, what_zh, what_en = (
        ("hearing", "听证申请期", "hearing-request window")
        if offered
        else ("statement", "陈述申辩期", "statement window")
    )
    v = judge("statement_window", served, step.date, ctx, variant)
    days, ends = v.days, v.due
    if v.before_end:
        yield r.past(
            ctx,
            v,
            f"告知书{served}送达，{what_zh}{days}个工作日至{ends}届满，{step.date}作出决定过早，"
            f"请于{ends}之后决定",
            f"notice served {served}; the {days}-working-day {what_en} runs to {ends}: deciding "
            f"on {step.date} is too early, decide after {ends}",
        )


@rule(
    "APL-63-HEARING-SCOPE",
    steps=("notify",),
    source="《行政处罚法》第六十三条",
    title_zh="较大数额罚款等处罚应告知听证权利",
    title_en="The notice offers a hearing for large fines and heavy penalties",
    settings=_SCOPE_DEFAULTS,
    to_confirm={
        "threshold_individual": "left to each province (APL art. 63); the catalogue's default",
        "threshold_organization": "left to each province (APL art. 63); the catalogue's default",
    },
)
def hearing_scope(r, record, step, ctx):
    reason = hearing_due(ctx, record.party.kind, step.get("proposed"))
    if reason and "hearing" not in (step.get("rights") or ()):
        yield r.finding(
            f"拟对{record.party.name}作出的处罚（{reason}）属听证范围，但{step.date}的告知书"
            "未告知听证权利，请重新告知",
            f"the proposed penalty for {record.party.name} ({reason}) carries a hearing right, "
            f"but the notice of {step.date} does not offer one; serve a new notice",
        )


@rule(
    "APL-64-HEARING-PROC",
    steps=("hearing_request", "hearing_notice", "hearing", "decide"),
    source="《行政处罚法》第六十四条、第六十五条",
    title_zh="听证申请、通知、主持人与笔录符合法定程序",
    title_en="Hearing requested, noticed, presided over and recorded lawfully",
)
def hearing_procedure(r, record, step, ctx):
    if step.step == "hearing_request":
        # Revision 2: a party's act is recorded whatever its date; a late request then
        # waits for a head's hearing_request_decision (late_request_undecided).
        return
    elif step.step in ("hearing_notice", "hearing"):
        if step.step == "hearing_notice":
            sent, held = step.date, step.get("hearing_date")
        else:
            hn = latest(before_or_on(record, "hearing_notice", step.date))
            sent, held = (hn.date if hn else None), step.date
            yield from _hearing_record(r, record, step)
            if hn is None:
                # Art. 64(2): the party is told the time and place 7 days before; a hearing
                # no notice announced fails that outright.
                yield r.finding(
                    f"{held}举行听证，此前未向当事人发出听证通知",
                    f"hearing held on {held} with no hearing notice sent to the party before it",
                )
        if sent is None or held is None:
            return
        v = judge("hearing_notice", sent, held, ctx)
        days, earliest = v.days, v.due
        if held < earliest:
            yield r.past(
                ctx,
                v,
                f"听证通知{sent}发出，听证定于{held}，不足{days}个工作日（最早{earliest}）",
                f"hearing notice sent {sent} for a hearing on {held}: fewer than {days} "
                f"working days (earliest {earliest})",
            )
    else:
        n = notice_for(record, step)
        since = n.date if n else None
        yield from late_request_undecided(r, record, step, ctx)
        asked = [
            s
            for s in before_or_on(record, "hearing_request", step.date)
            if (since is None or s.date >= since) and not _refused(record, s, ctx, step.date)
        ]
        if not asked:
            return
        held = [
            s
            for s in before_or_on(record, "hearing", step.date)
            if s.date >= asked[0].date and s.get("record_signed") is True
        ]
        if not held:
            yield r.finding(
                f"当事人{asked[0].date}申请听证，{step.date}决定前未举行听证或无签名的听证笔录",
                f"the party asked for a hearing on {asked[0].date}; no hearing with a signed "
                f"record precedes the decision of {step.date}",
            )


def _hearing_record(r, record, step):
    presider = step.get("presider")
    if presider in officers_of(record):
        yield r.finding(
            f"听证主持人{who(record, presider)}参与了本案调查，应由非调查人员主持",
            f"hearing presider {who(record, presider)} took part in the investigation; "
            "a non-investigator must preside",
        )
    if step.get("record_signed") is not True:
        yield r.finding(
            f"{step.date}的听证笔录未经当事人签名确认",
            f"the hearing record of {step.date} is not signed",
        )


def _late(record, request, ctx):
    """The verdict on ``request`` when it came after the hearing-request window of the
    notice before it, else None."""
    n = notice_for(record, request)
    if n is None or n.get("served") is None:
        return None
    v = judge("hearing_request", n.get("served"), request.date, ctx)
    return v if v.late else None


def _answer(record, request, upto):
    """The head's decision on a late ``request`` (the first one after it), if any."""
    answers = [
        s for s in before_or_on(record, "hearing_request_decision", upto) if s.date >= request.date
    ]
    return min(answers, key=lambda s: (s.date, s.index)) if answers else None


def _refused(record, request, ctx, upto) -> bool:
    answer = _answer(record, request, upto)
    late = _late(record, request, ctx) is not None
    return late and answer is not None and answer.get("accepted") is False


def late_request_undecided(r, record, step, ctx):
    """APL-64-HEARING-PROC at ``decide``: a late hearing request the head has neither
    accepted nor refused (``hearing_request_decision``) holds the decision — the
    request is the party's act and stands on the file (行政处罚法 第六十四条第一项)."""
    n = notice_for(record, step)
    for request in before_or_on(record, "hearing_request", step.date):
        if n is not None and request.date < n.date:
            continue
        v = _late(record, request, ctx)
        if v is not None and _answer(record, request, step.date) is None:
            yield r.finding(
                f"听证申请期至{v.due}，当事人{request.date}逾期申请听证，负责人尚未决定是否受理"
                f"（听证申请处理），{step.date}不能作出决定",
                f"hearing requests were due by {v.due}; the party's late request of "
                f"{request.date} awaits a head's decision to accept or refuse it; no decision "
                f"can be made on {step.date}",
            )
