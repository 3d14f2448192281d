"""Hazard controls under the Compulsion Law and the Work Safety Law: seizure
(查封扣押, 安全生产法 art. 65(1)(4); 行政强制法 arts. 18, 24, 25, 27) and the power cut
(停止供电, 安全生产法 art. 70)."""

from __future__ import annotations

import datetime as dt

from .periods import PERIODS, seizure_limit
from .registry import as_of, before_or_on, is_head, latest, rule, who, with_note
from .registry import case_check as on_case

# 行政强制法 art. 25: an extension adds at most thirty days, and is granted once.
EXTENSION_CAP = 30
# 安全生产法 art. 70(2): the unit is told 24 hours before the power is cut.
POWER_NOTICE = dt.timedelta(hours=24)


def _seizure_of(record, step):
    """The seizure a later step acts on: the latest one before it, if any."""
    return latest(
        [s for s in before_or_on(record, "seize", step.date) if s.index < step.index]
        or before_or_on(record, "seize", step.date)
    )


@rule(
    "ACL-SEIZE",
    steps=("seize", "seize_extend", "seize_dispose"),
    source="《安全生产法》第六十五条第一款第四项；《行政强制法》第十八条、第二十四条、第二十五条、第二十七条",
    title_zh="查封扣押经负责人批准、两名执法人员实施、当场交付决定书和清单，30日内（经批准可延长30日）作出处理决定",
    title_en="Seizure: head approval, two officers, decision and inventory, 30 days (+30), then a disposal",
    settings={"min_officers": 2},
)
def seizure(r, record, step, ctx):
    """行政强制法 art. 18: 实施前须向行政机关负责人报告并经批准；由两名以上行政执法人员实施；
    制作现场笔录. Art. 24: 制作并当场交付查封、扣押决定书和清单 (名称、数量). Art. 25:
    查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限
    不得超过三十日. Art. 27: 在本法第二十五条规定的期限内作出处理决定; art. 28(4): a period
    that has run out is ended by releasing (解除). Art. 69: periods of ten days or less
    are working days."""
    approver = step.get("approved_by")
    if not is_head(record, approver):
        yield r.finding(
            f"{step.date}的{_WHAT[step.step][0]}未经行政机关负责人批准（批准人：{who(record, approver) if approver else '无'}）",
            f"the {_WHAT[step.step][1]} of {step.date} was not approved by a head "
            f"(approver: {who(record, approver) if approver else 'none'})",
        )
    if step.step == "seize":
        yield from _seize(r, step, ctx)
        return
    seize = _seizure_of(record, step)
    if seize is None:
        yield r.finding(
            f"{step.date}的{_WHAT[step.step][0]}没有在先的查封扣押",
            f"the {_WHAT[step.step][1]} of {step.date} follows no seizure",
        )
        return
    _, due, counted = seizure_limit(record, ctx, step.date)
    if step.step == "seize_extend":
        days = int(step.get("days") or 0)
        if not 1 <= days <= EXTENSION_CAP:
            yield r.finding(
                f"延长查封扣押{days}日，应为1至{EXTENSION_CAP}日",
                f"seizure extended by {days} days: 1 to {EXTENSION_CAP} allowed",
            )
        if counted is not None:
            yield r.finding(
                f"查封扣押期限已于{counted.date}延长过一次，不得再次延长",
                f"the seizure was already extended once (on {counted.date})",
            )
        elif step.date > due:
            yield r.finding(
                f"查封扣押期限已于{due}届满，{step.date}不能再延长，应解除或作出处理决定",
                f"the seizure ended on {due}; it cannot be extended on {step.date}",
            )
        return
    if step.date > due and step.get("kind") != "release":
        # Art. 28(4): once the period has run out the only lawful decision is to release.
        zh, en = with_note(
            ctx,
            f"{seize.date}查封扣押，期限至{due}已届满，{step.date}只能作出解除查封扣押的决定",
            f"seized on {seize.date}, the period ended {due}: on {step.date} the only lawful "
            "decision is to release",
            seize.date,
            due,
        )
        yield r.finding(zh, en)


_WHAT = {
    "seize": ("查封扣押", "seizure"),
    "seize_extend": ("延长查封扣押期限", "extension of the seizure"),
    "seize_dispose": ("查封扣押处理决定", "disposal decision"),
}


def _seize(r, step, ctx):
    by = set(step.by)
    if len(by) < r.setting(ctx, "min_officers"):
        yield r.finding(
            f"{step.date}的查封扣押仅有{len(by)}名执法人员实施，应不少于两名并制作现场笔录",
            f"the seizure of {step.date} was carried out by {len(by)} officer(s); two at least",
        )
    items = [
        i for i in step.get("items") or () if (i or {}).get("name") and (i or {}).get("quantity")
    ]
    if not items:
        yield r.finding(
            f"{step.date}的查封扣押决定没有载明物品名称和数量的清单",
            f"the seizure decision of {step.date} has no inventory of items and quantities",
        )
    if not step.get("place"):
        yield r.finding(
            f"{step.date}的查封扣押现场笔录未记明地点",
            f"the on-site record of the seizure of {step.date} names no place",
        )
    days = int(step.get("days") or 0)
    cap = int(PERIODS["seizure"].length(step.date, ctx.settings))
    if not 1 <= days <= cap:
        yield r.finding(
            f"查封扣押期限{days}日，应为1至{cap}日",
            f"a seizure of {days} days: 1 to {cap} allowed",
        )


@on_case("ACL-SEIZE")
def seizure_pending(r, record, ctx):
    today = as_of(record, ctx)
    seize, due, _ = seizure_limit(record, ctx)
    if seize is None or today is None or due is None:
        return
    if any(
        (s.date, s.index) > (seize.date, seize.index) for s in record.steps_named("seize_dispose")
    ):
        return
    if today > due:
        zh, en = with_note(
            ctx,
            f"{seize.date}查封扣押，期限至{due}，截至{today}未作出处理决定",
            f"seized on {seize.date}, the period ended {due}; no disposal decision as of {today}",
            seize.date,
            due,
        )
        yield r.finding(zh, en).at(seize.index)


def _moment(value) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


@rule(
    "WSL-70-POWER",
    steps=("power_cut_notice",),
    source="《安全生产法》第七十条",
    title_zh="停止供电须经本部门主要负责人批准，并提前二十四小时书面通知生产经营单位",
    title_en="A power cut needs the principal head's approval and 24 hours' written notice",
)
def power_cut(r, record, step, ctx):
    """安全生产法 art. 70: 经本部门主要负责人批准 ... 可以采取通知有关单位停止供电 ... 通知
    应当采用书面形式; 采取停止供电措施，除有危及生产安全的紧急情形外，应当提前二十四小时通知
    生产经营单位."""
    approver = step.get("approved_by")
    if not record.is_principal_head(approver):
        yield r.finding(
            f"{step.date}的停止供电未经本部门主要负责人批准（批准人：{who(record, approver) if approver else '无'}）",
            f"the power cut of {step.date} was not approved by the principal head "
            f"(approver: {who(record, approver) if approver else 'none'})",
        )
    served, cut = _moment(step.get("notice_served")), _moment(step.get("cut_at"))
    if served is None or cut is None:
        yield r.finding(
            "停止供电须记明书面通知送达时间和停止供电时间",
            "a power cut records when the written notice was served and when power is cut",
        )
        return
    if cut - served < POWER_NOTICE:
        hours = (cut - served).total_seconds() / 3600
        yield r.finding(
            f"书面通知送达后{hours:g}小时即停止供电，应提前二十四小时通知",
            f"power cut {hours:g} hours after the written notice; 24 hours are required",
            hours=hours,
        )
