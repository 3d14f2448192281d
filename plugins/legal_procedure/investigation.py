"""B. Investigation (调查取证): officers, recusal, records, evidence, facts, trail."""

from __future__ import annotations

from .periods import judge
from .registry import (
    DEFECT,
    EVERY_STEP,
    OFFICER_ACTS,
    as_of,
    before_or_on,
    is_head,
    latest,
    rule,
    who,
    with_note,
)
from .registry import (
    case_check as on_case,
)

INVESTIGATIVE = ("inspect", "reinspect", "evidence", "preserve")
RECORD_KINDS = ("inspection_record", "interview_record", "site_record")
FACT_ELEMENTS = ("party", "act", "time", "place", "provision", "consequence")
FACT_ZH = {
    "party": "当事人身份",
    "act": "违法行为",
    "time": "时间",
    "place": "地点",
    "provision": "违反的条款",
    "consequence": "后果",
}


@rule(
    "APL-42-2OFFICERS",
    steps=(*INVESTIGATIVE, OFFICER_ACTS),
    source="《行政处罚法》第四十二条、第五十五条",
    title_zh="调查取证不少于两名持有效执法证的执法人员并出示证件",
    title_en="At least two certified officers act and show their credentials",
    settings={"min_officers": 2},
)
def two_officers(r, record, step, ctx):
    ids = list(dict.fromkeys(step.by))
    need = r.setting(ctx, "min_officers")
    valid = []
    for pid in ids:
        p = record.person(pid)
        if p is None or "officer" not in p.roles:
            yield r.finding(
                f"{step.date}{step.step}：{pid}不是登记的执法人员",
                f"{step.step} on {step.date}: {pid} is not a registered officer",
            )
        elif p.certificate is None or not p.certificate.valid_on(step.date):
            c = p.certificate
            span = f"{c.valid_from}至{c.valid_to}" if c else "无执法证"
            span_en = f"{c.valid_from} to {c.valid_to}" if c else "no certificate"
            yield r.finding(
                f"{step.date}{step.step}：执法人员{p.name}({pid})执法证当日无效（{span}），"
                "请由持有效证件的执法人员执行",
                f"{step.step} on {step.date}: officer {p.name} ({pid}) holds no valid "
                f"certificate that day ({span_en}); act with certified officers",
            )
        else:
            valid.append(pid)
    if len(valid) < need:
        yield r.finding(
            f"{step.date}{step.step}：持有效执法证的执法人员{len(valid)}名"
            f"（{'、'.join(valid) or '无'}），少于{need}名",
            f"{step.step} on {step.date}: {len(valid)} certified officer(s) "
            f"({', '.join(valid) or 'none'}), fewer than {need}",
        )
    if step.get("credentials_shown") is not True:
        yield r.finding(
            f"{step.date}{step.step}：未记录执法人员出示执法证件",
            f"{step.step} on {step.date}: showing the credentials is not recorded",
        )


@rule(
    "APL-43-RECUSAL",
    steps=(OFFICER_ACTS, "decide"),
    source="《行政处罚法》第四十三条",
    title_zh="回避申请由负责人决定，决定前不停止调查；作出处罚决定前须已决定，准予回避的其后行为须重做",
    title_en="A recusal request is decided by a head before the decision; the investigation "
    "goes on meanwhile; a recused officer's acts after the request are flagged",
)
def recusal(r, record, step, ctx):
    """APL art. 43(3): 当事人认为执法人员与案件有直接利害关系的，有权申请回避……回避决定作出
    之前，不停止调查. The investigation goes on while a request waits; the decision waits
    for the head's answer; once a request is granted, the officer's acts after it are
    tainted and cannot support the decision."""
    for req in before_or_on(record, "recusal_request", step.date):
        officer = req.get("officer")
        decided = req.get("decided_on")
        undecided = decided is None or decided > step.date
        if step.step == "decide":
            if undecided:
                yield r.finding(
                    f"{who(record, officer)}的回避申请（{req.date}）尚未由负责人决定，"
                    f"不得于{step.date}作出处罚决定",
                    f"the recusal request of {req.date} against {who(record, officer)} is not "
                    f"decided by a head yet; no decision on {step.date}",
                )
            elif req.get("granted") is True:
                yield from _tainted_acts(r, record, req, step)
        elif officer in step.by and not undecided and req.get("granted") is True:
            yield r.finding(
                f"{who(record, officer)}已于{decided}被准予回避，不得参与{step.date}的{step.step}",
                f"{who(record, officer)} was recused on {decided}; they cannot take part in the "
                f"{step.step} on {step.date}",
            )


def _tainted_acts(r, record, req, step):
    officer = req.get("officer")
    acts = [
        s
        for s in before_or_on(record, tuple({s.step for s in record.steps}), step.date)
        if officer in s.by and (s.date, s.index) > (req.date, req.index)
    ]
    if acts:
        days = "、".join(f"{s.date}{s.step}" for s in acts)
        yield r.finding(
            f"{who(record, officer)}被准予回避，其在回避申请（{req.date}）后参与的行为"
            f"（{days}）不能作为决定的依据，请由其他执法人员重新进行或更正",
            f"{who(record, officer)} was recused: their acts after the request of {req.date} "
            f"({', '.join(f'{s.step} {s.date}' for s in acts)}) cannot support the decision; "
            "redo them with other officers or void them",
        )


@rule(
    "APL-55-RECORDS",
    steps=("inspect", "evidence"),
    source="《行政处罚法》第五十五条；《安全生产违法行为行政处罚办法》",
    title_zh="检查、询问笔录应载明时间地点内容并由当事人签名，拒签注明原因",
    title_en="Inspection and interview records are complete and signed",
)
def records(r, record, step, ctx):
    if step.step == "evidence" and step.get("kind") not in RECORD_KINDS:
        return
    label = step.get("kind") or step.step
    if step.step == "inspect" and not step.get("place"):
        yield r.finding(
            f"{step.date}现场检查记录未载明检查地点",
            f"inspection record of {step.date} does not state the place",
        )
    if step.get("signed_by_party") is not True and not step.get("refusal_note"):
        yield r.finding(
            f"{step.date}的{label}既无当事人签名，也未注明拒签原因",
            f"{label} of {step.date} has neither the party's signature nor a note of why "
            "they refused to sign",
        )


@rule(
    "APL-46-EVIDENCE",
    steps=("decide",),
    source="《行政处罚法》第四十六条；《最高人民法院关于行政诉讼证据若干问题的规定》",
    title_zh="证据须在决定前合法收集且形式完备",
    title_en="Evidence collected before the decision, in complete form",
)
def evidence_form(r, record, step, ctx):
    for ev in record.steps_named("evidence"):
        eid = ev.get("id") or f"#{ev.index}"
        if ev.date > step.date:
            yield r.finding(
                f"证据{eid}收集于{ev.date}，晚于{step.date}的处罚决定，不能作为定案依据",
                f"evidence {eid} collected {ev.date}, after the decision of {step.date}; "
                "it cannot support the decision",
            )
        if ev.get("form_complete") is not True:
            yield r.finding(
                f"证据{eid}（{ev.get('kind')}）形式不完备（复印件核对原件、视听资料载体与制作人、"
                "鉴定意见资质），请补正",
                f"evidence {eid} ({ev.get('kind')}) is not in complete form (copy certified, "
                "audio/video carrier and maker, expert qualification); complete it",
            )


@on_case("APL-46-EVIDENCE")
def evidence_dated_after_its_decision(r, record, ctx):
    """Evidence a file lists before a decision but dates after it: the review judges steps
    by date, so the decision's own check never sees it; the file still offers it as the
    decision's evidence (APL 46: collected no later than the decision)."""
    for d in record.steps_named("decide"):
        for ev in record.steps_named("evidence"):
            if ev.index < d.index and ev.date > d.date:
                eid = ev.get("id") or f"#{ev.index}"
                yield r.finding(
                    f"证据{eid}收集于{ev.date}，晚于{d.date}的处罚决定，不能作为定案依据",
                    f"evidence {eid} collected {ev.date}, after the decision of {d.date}; "
                    "it cannot support the decision",
                ).at(d.index)


@rule(
    "APL-40-FACTS",
    steps=("conclude", "legal_review", "decide"),
    source="《行政处罚法》第四十条",
    title_zh="违法事实各要素均有证据证明",
    title_en="Every fact element is proved by evidence",
)
def facts(r, record, step, ctx):
    if record.procedure != "general":
        return
    if step.step == "decide" and step.get("outcome") not in (None, "penalty"):
        return
    proved = {
        p for ev in before_or_on(record, "evidence", step.date) for p in ev.get("proves") or ()
    }
    missing = [e for e in FACT_ELEMENTS if e not in proved]
    if missing:
        yield r.finding(
            f"{step.step}（{step.date}）时以下事实要素无证据证明："
            f"{'、'.join(FACT_ZH[m] for m in missing)}，请补充证据",
            f"at {step.step} on {step.date} no evidence proves: {', '.join(missing)}; "
            "collect evidence first",
            missing=missing,
        )
    if not any(v.tier == "overdue" for v in record.violations):
        return
    order = latest(before_or_on(record, "order_correction", step.date))
    failed = [
        s
        for s in before_or_on(record, "reinspect", step.date)
        if s.get("result") == "not_corrected"
        and (order is None or s.date > (order.get("deadline") or order.date))
    ]
    if order is None or not failed:
        seen = "、".join(str(s.date) for s in failed)
        yield r.finding(
            "按“逾期未改正”情节处罚，须有责令限期整改指令书及期限届满后“未整改”的复查记录"
            f"（整改指令：{order.date if order else '无'}；未整改复查：{seen or '无'}）",
            "the 'overdue, not corrected' tier needs the correction order and a re-inspection "
            f"after its deadline finding it not corrected (order: {order.date if order else 'none'}; "
            f"failed re-inspection: {', '.join(str(s.date) for s in failed) or 'none'})",
        )


@rule(
    "APL-56-PRESERVE",
    steps=("preserve", "dispose_preserved"),
    source="《行政处罚法》第五十六条",
    title_zh="先行登记保存须经负责人批准，并在七日内作出处理决定",
    title_en="Registration-preservation approved by a head, disposed within 7 working days",
    late=DEFECT,  # a late disposal; a missing approval stays an error
)
def preserve(r, record, step, ctx):
    if step.step == "preserve":
        if not is_head(record, step.get("approved_by")):
            yield r.finding(
                f"{step.date}先行登记保存未经负责人批准（批准人：{step.get('approved_by') or '无'}）",
                f"preservation on {step.date} not approved by a head "
                f"(approver: {step.get('approved_by') or 'none'})",
            )
        return
    kept = latest(before_or_on(record, "preserve", step.date))
    if kept is None:
        yield r.finding(
            f"{step.date}处理先行登记保存的证据，但无先行登记保存记录",
            f"disposal on {step.date} without any preservation on record",
        )
        return
    v = judge("preservation_disposal", kept.date, step.date, ctx)
    n, due = v.days, v.due
    if v.late:
        yield r.past(
            ctx,
            v,
            f"{kept.date}先行登记保存，{step.date}才作出处理决定，超过{n}个工作日（应于{due}前）",
            f"evidence preserved {kept.date}, disposed {step.date}: beyond {n} working days "
            f"(due by {due})",
        )


@on_case("APL-56-PRESERVE")
def preserve_pending(r, record, ctx):
    today = as_of(record, ctx)
    for kept in record.steps_named("preserve"):
        due = judge("preservation_disposal", kept.date, today, ctx).due
        disposed = [s for s in record.steps_named("dispose_preserved") if s.date >= kept.date]
        if not disposed and today is not None and today > due:
            zh, en = with_note(
                ctx,
                f"{kept.date}先行登记保存的证据截至{today}未作处理决定（应于{due}前），请立即处理",
                f"evidence preserved {kept.date} has no disposal decision as of {today} "
                f"(due by {due}); decide now",
                kept.date,
                due,
            )
            yield r.finding(zh, en, severity=r.late).at(kept.index)


@rule(
    "APL-47-TRACE",
    steps=(EVERY_STEP,),
    source="《行政处罚法》第四十七条",
    title_zh="执法全过程记录：审计链完整",
    title_en="The whole process is recorded: the audit chain is intact",
)
def trace(r, record, step, ctx):
    # In review the broken chain is one finding on the whole file (the case check).
    if ctx.mode != "review" and not record.trail_intact:
        yield r.finding(
            f"本案审计链校验失败（存在缺口或被篡改），{step.date}的{step.step}不予记录，请核查",
            f"the case's audit chain does not verify (gap or tampering); the {step.step} on "
            f"{step.date} is refused until it is checked",
        )


@on_case("APL-47-TRACE")
def trace_case(r, record, ctx):
    if not record.trail_intact:
        yield r.finding(
            "本案审计链校验失败（存在缺口或被篡改），执法全过程记录不完整",
            "the case's audit chain does not verify (gap or tampering): the process record "
            "is incomplete",
        )
