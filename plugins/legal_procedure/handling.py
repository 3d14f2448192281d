"""E. The handling period (办案期限, APL art. 60): 90 calendar days from filing.

The period itself (roll-forward, suspension and hearing spans, extension levels) is
``periods.decision_limit``; this module judges the extensions and the decision by it.
"""

from __future__ import annotations

from .periods import decision_limit, extension_problem
from .registry import DEFECT, as_of, rule, who
from .registry import case_check as on_case


def _extension_in_time(r, record, step, ctx):
    """An extension signed once the limit has run out moves nothing: say so on it, so the
    deadline the case page shows and the limit the decision is judged by stay one date."""
    problem = extension_problem(record.with_step(step), ctx, step)
    if problem == "head":
        yield r.finding(
            f"{step.date}的延期未经负责人批准（批准人：{who(record, step.get('approved_by'))}）",
            f"the extension of {step.date} is not approved by a head "
            f"(approver: {who(record, step.get('approved_by'))})",
        )
        return
    if problem == "superior":
        yield r.finding(
            f"{step.date}的延期使办案期限超过负责人可批准的总期限，须经上一级行政机关批准（superior）",
            f"the extension of {step.date} takes the handling period beyond what a head may "
            "grant: it needs the higher authority's approval (superior)",
        )
        return
    reg, limit, _extra, _late = decision_limit(record, ctx, step.date)
    if reg is None or step.date <= limit:
        return
    yield r.finding(
        f"办案期限已于{limit}届满，{step.date}的延期审批不发生延期效力",
        f"the limit to decide ran out on {limit}: the extension of {step.date} comes too late "
        "and extends nothing",
    )


def _late_note(late) -> tuple[str, str]:
    if not late:
        return "", ""
    days = "、".join(str(e.date) for e in late)
    return (
        f"；{days}的延期审批晚于期限届满，不发生延期效力",
        f"; the extension approved on {', '.join(str(e.date) for e in late)} came after the "
        "limit had run out and does not count",
    )


@rule(
    "APL-60-90DAY",
    steps=("decide", "extension"),
    source="《行政处罚法》第六十条",
    title_zh="立案之日起九十日内作出决定，延期须经批准",
    title_en="Decide within 90 days of filing unless an extension is approved",
    late=DEFECT,  # touches the decision: a legal reviewer acknowledges it too
)
def ninety_days(r, record, step, ctx):
    if step.step == "extension":
        yield from _extension_in_time(r, record, step, ctx)
        return
    reg, limit, extra, late = decision_limit(record, ctx, step.date)
    if reg is None or step.date <= limit:
        return
    day = (step.date - reg.date).days
    ext_zh = f"已批准延期{extra}日" if extra else "且无有效的延期审批"
    ext_en = f"approved extension {extra} days" if extra else "no approved extension"
    note_zh, note_en = _late_note(late)
    yield r.finding(
        f"决定作出于立案（{reg.date}）后第{day}日，超过期限（{limit}）{ext_zh}{note_zh}",
        f"decision {day} days after filing on {reg.date}, beyond the limit {limit}; {ext_en}"
        f"{note_en}",
        severity=r.late,
        touches_decision=True,
    )


@on_case("APL-60-90DAY")
def ninety_days_running(r, record, ctx):
    today = as_of(record, ctx)
    if record.steps_named("decide", "transfer") or today is None:
        return
    reg, limit, _extra, late = decision_limit(record, ctx, today)
    if reg is not None and today > limit:
        note_zh, note_en = _late_note(late)
        yield r.finding(
            f"立案于{reg.date}，截至{today}（第{(today - reg.date).days}日）仍未作出决定，"
            f"已超过期限{limit}{note_zh}",
            f"filed {reg.date}, no decision as of {today} (day {(today - reg.date).days}); "
            f"the limit was {limit}{note_en}",
            severity=r.late,
        ).at(reg.index)
