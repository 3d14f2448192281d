"""Revision 2's work-safety fines: the daily continuous fine (WSL 112) and accident
penalties (WSL 95, 114), measured against what the catalogue and the file record."""

from __future__ import annotations

import datetime as dt

from .pricing import tier_for
from .registry import before_or_on, fine_of, latest, money, rule

GRADE_ZH = {"general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大"}


def _original(record, step):
    """The decision that imposed the fine the daily fine continues: the latest earlier
    decision with a fine that is not itself a daily fine."""
    found = [
        d
        for d in before_or_on(record, "decide", step.date)
        if d.index != step.index
        and not (d.get("penalty") or {}).get("daily")
        and fine_of(d.get("penalty")) > 0
    ]
    return latest(found)


def _day(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@rule(
    "AQ-112-AMOUNT",
    steps=("decide",),
    source="《安全生产法》第一百一十二条",
    title_zh="按日连续处罚按原处罚数额、自整改期限届满次日起计，仅适用于生产经营单位",
    title_en="A daily fine equals the original fine, runs from the day after the correction "
    "deadline, and falls only on a unit",
)
def daily_amount(r, record, step, ctx):
    """WSL 112: 生产经营单位……被责令改正且受到罚款处罚，拒不改正的，……可以自作出责令改正
    之日的次日起，按照原处罚数额按日连续处罚。"""
    penalty = step.get("penalty") or {}
    if step.get("outcome") != "penalty" or not penalty.get("daily"):
        return
    if record.party.kind != "organization":
        yield r.finding(
            f"按日连续处罚只适用于生产经营单位，当事人{record.party.name}是个人",
            f"a daily fine falls only on a unit; the party {record.party.name} is an individual",
        )
    original = _original(record, step)
    fine = fine_of(penalty)
    if original is not None and fine != fine_of(original.get("penalty")):
        was = fine_of(original.get("penalty"))
        yield r.finding(
            f"按日连续处罚每日{money(fine)}元，与{original.date}原处罚数额{money(was)}元不同",
            f"the daily fine of {money(fine)} differs from the original fine of {money(was)} "
            f"decided on {original.date}",
        )
    order = latest(
        [o for o in before_or_on(record, "order_correction", step.date) if o.get("deadline")]
    )
    start = _day(step.get("daily_from"))
    if start is None:
        yield r.finding(
            f"{step.date}的按日连续处罚未载明起算日期",
            f"the daily fine of {step.date} does not say from which day it runs",
        )
    elif order is not None:
        first = _day(order.get("deadline")) + dt.timedelta(days=1)
        if start < first:
            yield r.finding(
                f"按日连续处罚自{start}起算，早于整改期限（{order.get('deadline')}）届满次日{first}",
                f"the daily fine runs from {start}, before {first}, the day after the correction "
                f"deadline {order.get('deadline')}",
            )


@rule(
    "AQ-ACCIDENT-BATCH",
    steps=("register", "decide"),
    source="《安全生产法》第九十五条、第一百一十四条；《生产安全事故报告和调查处理条例》第三十二条",
    title_zh="事故罚款在人民政府批复事故调查报告后作出，罚款在事故等级的幅度内",
    title_en="Accident penalties only after the government approved the accident report, "
    "within the band of the accident's grade",
)
def accident(r, record, step, ctx):
    """WSL 114: 发生生产安全事故，对负有责任的生产经营单位……由应急管理部门依照下列规定处以
    罚款：（一）发生一般事故的，处三十万元以上一百万元以下的罚款……"""
    if step.step == "decide" and step.get("outcome") != "penalty":
        return
    for v in record.violations:
        entry = ctx.violations.get(v.code) or {}
        if not entry.get("accident") and v.accident is None:
            continue
        if v.accident is None:
            yield r.finding(
                f"{v.code}是事故罚款，案卷未记载事故等级及调查报告批复",
                f"{v.code} is an accident penalty; the file records no accident grade or "
                "report approval",
                code=v.code,
            )
            continue
        approved = v.accident.report_approved_on
        if approved is None or approved > step.date:
            yield r.finding(
                f"{v.code}：事故调查报告{('于' + str(approved) + '才') if approved else '尚未'}经人民政府批复，"
                f"{step.date}不得据此立案或处罚",
                f"{v.code}: the accident report was "
                f"{('approved only on ' + str(approved)) if approved else 'not approved'}; no "
                f"accident penalty case or decision on {step.date}",
                code=v.code,
            )
        if step.step != "decide":
            continue
        band = ((tier_for(ctx, v, step.date) or {}).get("grades") or {}).get(v.accident.grade)
        fine = fine_of(step.get("penalty"))
        if band and not band["min"] <= fine <= band["max"] and not step.get("discretion_reasons"):
            grade = GRADE_ZH.get(v.accident.grade, v.accident.grade)
            yield r.finding(
                f"{v.code}：{grade}事故罚款幅度为{money(band['min'])}–{money(band['max'])}元，"
                f"决定罚款{money(fine)}元",
                f"{v.code}: a {v.accident.grade} accident is fined {money(band['min'])}–"
                f"{money(band['max'])}; the decision fines {money(fine)}",
                code=v.code,
            )
