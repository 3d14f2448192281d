"""Revision 2's rules on what a penalty may be: its kinds, its subject, one fine for one
act, and the confiscation of illegal gains (``legal-rules.md``, "New rules")."""

from __future__ import annotations

from .pricing import groups, heaviest, penalty_of, tier_for
from .registry import before_or_on, fine_of, kinds_of, money, rule

KIND_ZH = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收违法所得",
    "suspension": "责令停产停业整顿",
    "permit_downgrade": "降低资质等级",
    "permit_revocation": "吊销许可证",
    "closure": "关闭",
    "practice_ban": "限制从业",
}
LIABLE_ZH = {
    "unit": "生产经营单位",
    "principal_head": "主要负责人",
    "responsible_person": "直接责任人员",
}

# Closure is decided by the people's government on the bureau's request (WSL 113, 115):
# no enforcement unit imposes it itself, whatever the provision.
GOVERNMENT_KINDS = ("closure",)


def _zh(kinds) -> str:
    return "、".join(KIND_ZH.get(k, k) for k in sorted(kinds))


@rule(
    "APL-AMOUNT-KINDS",
    steps=("notify", "decide"),
    source="《行政处罚法》第四十条、第五十九条；《安全生产法》第九十七条、第一百零一条、"
    "第一百一十三条、第一百一十五条",
    title_zh="处罚种类为法条所定种类，应并处的不得遗漏，关闭由人民政府决定",
    title_en="Penalty kinds are those the provision sets; mandatory kinds present; "
    "closure is the government's",
)
def penalty_kinds(r, record, step, ctx):
    """WSL 115: 予以关闭的行政处罚，由负有安全生产监督管理职责的部门报请县级以上人民政府
    按照国务院规定的权限决定; WSL 97/101: 逾期未改正的，责令停产停业整顿，并处……罚款."""
    penalty = penalty_of(step)
    kinds = kinds_of(penalty)
    if not kinds:
        return
    where = "告知" if step.step == "notify" else "决定"
    for k in sorted(kinds & set(GOVERNMENT_KINDS)):
        yield r.finding(
            f"{step.date}{where}的{KIND_ZH[k]}超出本单位职权：关闭由负有安全生产监督管理职责的"
            "部门报请县级以上人民政府决定（《安全生产法》第一百一十三条、第一百一十五条）",
            f"the {k} of {step.date} is outside the unit's power: closure is decided by the "
            "people's government on the bureau's request (WSL 113, 115)",
            kind=k,
        )
    allowed, mandatory, known = set(), set(), False
    for group in groups(record.violations):
        v, tier = heaviest(ctx, group, step.date)
        if tier is None or "kinds" not in tier:
            continue  # the catalogue does not say which kinds this provision sets
        known = True
        allowed |= set(tier.get("kinds") or ()) | set(tier.get("may_kinds") or ())
        mandatory |= set(tier.get("kinds") or ())
    if not known:
        return  # no code in the catalogue: APL-AMOUNT says so
    codes = "、".join(v.code for v in record.violations)
    extra = kinds - allowed - set(GOVERNMENT_KINDS)
    if extra:
        yield r.finding(
            f"{step.date}{where}的处罚种类{_zh(extra)}不是{codes}所适用条款规定的种类"
            f"（可处：{_zh(allowed) or '无'}）",
            f"the kinds {', '.join(sorted(extra))} of {step.date} are not provided by the "
            f"provisions of {codes} (allowed: {', '.join(sorted(allowed)) or 'none'})",
            kinds=sorted(extra),
        )
    missing = mandatory - kinds
    if missing:
        yield r.finding(
            f"{step.date}{where}遗漏{codes}所适用条款应当并处的{_zh(missing)}",
            f"the penalty of {step.date} lacks the kinds the provisions of {codes} require: "
            f"{', '.join(sorted(missing))}",
            kinds=sorted(missing),
        )


def _party_proved(record, day) -> bool:
    return any("party" in (e.get("proves") or ()) for e in before_or_on(record, "evidence", day))


@rule(
    "APL-40-SUBJECT",
    steps=("conclude", "decide"),
    source="《行政处罚法》第四十条；《安全生产法》第九十四条、第九十六条",
    title_zh="当事人身份经证据证明，且为法条规定的责任主体",
    title_en="The party is proved and is the liable subject the provision names",
)
def subject(r, record, step, ctx):
    """APL 40: 违法事实不清、证据不足的，不得给予行政处罚; WSL 94 fines 生产经营单位的主要
    负责人, not the unit: a fine on the company for the head's own duty is on the wrong party."""
    if step.step == "decide" and step.get("outcome") != "penalty":
        return
    # On the spot (summary procedure) the officer sees the party's papers and the decision
    # records them; the evidence a general case files is not asked for (as APL-40-FACTS).
    if record.procedure == "general" and not _party_proved(record, step.date):
        yield r.finding(
            f"截至{step.date}，无证据证明当事人{record.party.name}的身份（营业执照或身份证件）",
            f"as of {step.date} no evidence proves the party {record.party.name}'s identity "
            "(licence or ID)",
        )
    for v in record.violations:
        entry = ctx.violations.get(v.code)
        if entry is None:
            continue
        named = entry.get("liable") or "unit"
        if v.liable != named:
            yield r.finding(
                f"{v.code}的责任主体为{LIABLE_ZH[named]}，案卷记为{LIABLE_ZH.get(v.liable, v.liable)}",
                f"{v.code} makes the {named} liable; the file records {v.liable}",
                code=v.code,
            )
        elif named != "unit" and record.party.kind == "organization":
            yield r.finding(
                f"{v.code}应处罚{LIABLE_ZH[named]}本人，当事人却是单位{record.party.name}",
                f"{v.code} punishes the {named} personally, but the party is the organisation "
                f"{record.party.name}",
                code=v.code,
            )


@rule(
    "APL-29-MULTI",
    steps=("decide",),
    source="《行政处罚法》第二十九条",
    title_zh="同一违法行为违反多个法律规范应当给予罚款的，按照罚款数额高的规定处罚",
    title_en="One act breaching several provisions is fined once, under the heavier one",
)
def one_fine_per_act(r, record, step, ctx):
    """APL 29: 对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚。同一个违法行为违反
    多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚。"""
    penalty = penalty_of(step)
    fine = fine_of(penalty)
    if not fine:
        return
    acts = groups(record.violations)
    shared = [g for g in acts if len(g) > 1]
    if not shared:
        return
    cap = 0.0
    for group in acts:
        _v, tier = heaviest(ctx, group, step.date)
        if tier is None or tier.get("max") is None:
            return  # a provision without a range: APL-AMOUNT says so
        cap += float(tier["max"])
    if fine <= cap:
        return
    for group in shared:
        v, tier = heaviest(ctx, group, step.date)
        codes = "、".join(x.code for x in group)
        yield r.finding(
            f"{codes}是同一违法行为，只能按罚款数额高的{v.code}罚款一次（最高{money(tier['max'])}元），"
            f"{step.date}决定罚款{money(fine)}元",
            f"{codes} are one act: fined once under the heavier {v.code} (at most "
            f"{money(tier['max'])}), but the fine of {step.date} is {money(fine)}",
            act=v.act,
        )


@rule(
    "APL-28-GAINS",
    steps=("decide",),
    source="《行政处罚法》第二十八条第二款",
    title_zh="当事人有违法所得的，除依法应当退赔的外，应当予以没收",
    title_en="Illegal gains recorded are confiscated",
)
def gains(r, record, step, ctx):
    """APL 28(2): 当事人有违法所得，除依法应当退赔的外，应当予以没收。"""
    if step.get("outcome") != "penalty":
        return
    total = sum(float(v.gains or 0) for v in record.violations)
    if total > 0 and "confiscation" not in kinds_of(step.get("penalty")):
        yield r.finding(
            f"案卷记载违法所得{money(total)}元，{step.date}的决定未没收违法所得",
            f"illegal gains of {money(total)} are recorded; the decision of {step.date} does "
            "not confiscate them",
            gains=total,
        )


__all__ = ["gains", "one_fine_per_act", "penalty_kinds", "subject", "tier_for"]
