"""A. Filing (立案): limitation, prompt filing, competence, one act one fine."""

from __future__ import annotations

import datetime as dt

from .periods import judge
from .registry import DEFECT, ERROR, WARNING, is_head, rule, who, with_note


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the period ends on the last day of February
        return day.replace(year=day.year + years, day=28)


@rule(
    "APL-36-LIMIT",
    steps=("register",),
    source="《行政处罚法》第三十六条",
    title_zh="违法行为超过追责时效不再给予行政处罚",
    title_en="No penalty once the limitation period has run",
    settings={"years": 2, "years_life_health": 5},
)
def limitation(r, record, step, ctx):
    discovered = step.get("discovered") or step.date
    for v in record.violations:
        if v.act_end is None:
            # A continuing act: the period runs from its end (art. 36(2)), not yet begun.
            continue
        # Art. 36(1): five years where life and health safety is involved and harm occurred.
        grave = v.life_health and v.harm
        years = r.setting(ctx, "years_life_health" if grave else "years")
        ends = _add_years(v.act_end, years)
        if discovered > ends:
            yield r.finding(
                f"{v.code}违法行为终了于{v.act_end}，{discovered}才发现，已超过{years}年追责时效"
                f"（至{ends}止），不得立案处罚",
                f"{v.code}: act ended {v.act_end}, discovered {discovered}, beyond the "
                f"{years}-year limitation (ended {ends}); do not file for a penalty",
            )


@rule(
    "APL-54-FILE",
    # Revision 2: late filing is a defect. A filing no head approved stays an error.
    severity=WARNING,
    late=DEFECT,
    steps=("register",),
    source="《行政处罚法》第五十四条",
    title_zh="符合立案标准的应当及时立案并经负责人审批",
    title_en="File promptly, with a head's filing approval",
)
def prompt_filing(r, record, step, ctx):
    approver = step.get("approved_by")
    if not is_head(record, approver):
        yield r.finding(
            f"立案审批人“{who(record, approver) if approver else '无'}”不是本单位负责人，"
            "请由负责人审批立案",
            f"filing approved by '{approver or 'nobody'}', who is not a head of the unit; "
            "have a head approve the filing",
            severity=ERROR,
        )
    discovered = step.get("discovered")
    if discovered is None:
        return
    v = judge("filing", discovered, step.date, ctx)
    n, due = v.days, v.due
    if v.late:
        late = ctx.calendar.working_days_between(discovered, step.date)
        zh, en = with_note(
            ctx,
            f"{discovered}发现，{step.date}立案，为发现后第{late}个工作日，超过{n}个工作日"
            f"（应于{due}前立案），请在案卷中说明迟延原因",
            f"discovered {discovered}, filed {step.date}: working day {late} after discovery, "
            f"beyond {n} working days (due by {due}); record why filing was late",
            discovered,
            due,
            step.date,
        )
        yield r.finding(zh, en, severity=r.late)


@rule(
    "APL-17-COMPETENCE",
    steps=("register",),
    source="《行政处罚法》第十七条、第二十二条、第二十四条",
    title_zh="立案单位须有处罚权与管辖权",
    title_en="The filing unit holds the power and jurisdiction",
    settings={"levels": ["county", "city", "province"]},
)
def competence(r, record, step, ctx):
    unit = record.unit
    if unit.level == "street":
        # Art. 24: a township or street office acts only under a published delegation.
        if not unit.delegated:
            yield r.finding(
                f"{unit.name}为街道（乡镇）一级，未登记经公布的赋权决定，无权立案处罚",
                f"{unit.name} is a street office with no published delegation of power; "
                "it cannot file this case",
            )
        return
    if unit.level not in r.setting(ctx, "levels"):
        yield r.finding(
            f"{unit.name}的层级“{unit.level}”不在有处罚权的层级之内",
            f"{unit.name}: level '{unit.level}' holds no penalty power",
        )


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    lo, hi = dt.date.min, dt.date.max
    return (a_start or lo) <= (b_end or hi) and (b_start or lo) <= (a_end or hi)


@rule(
    "APL-29-NEBIS",
    steps=("register", "decide"),
    source="《行政处罚法》第二十九条",
    title_zh="同一违法行为不得给予两次以上罚款",
    title_en="One act is fined once",
)
def one_fine(r, record, step, ctx):
    for v in record.violations:
        for rc in record.related:
            if rc.state == "dropped" or (rc.state == "closed" and not rc.penalised):
                continue
            if v.code not in rc.violation_codes:
                continue
            if not _overlaps(v.act_start, v.act_end, rc.act_start, rc.act_end):
                continue
            yield r.finding(
                f"当事人{record.party.name}的{v.code}违法行为（{v.act_start}起）已在案件"
                f"{rc.case_number}（{rc.state}）中处理，同一行为不得再次罚款",
                f"{record.party.name}: {v.code} act from {v.act_start} is already handled in "
                f"case {rc.case_number} ({rc.state}); the same act cannot be fined twice",
                related=rc.case_number,
            )
