"""The demo's hidden dangers in every state of the loop (隐患整改闭环), each step entered
on its own day: an earlier lithium-battery inspection whose two hazards part ways (one
corrected and closed, one not and escalated into a penalty case), a hazard reported
corrected and awaiting re-inspection, a major hazard with its plan, the suspension and
the review before resuming, and a seizure with its inventory and its disposal.

``caseflow demo`` seeds them after the cases (hazards found and ordered are there).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.models import Case

LITHIUM_FAILS = {
    # item id: (violation code, what was found)
    "LI-S-04": ("AQL-99-2", "电池仓库内设有配电箱和插座"),
    "LI-S-05": ("AQL-102", "电池仓库靠近烘烤工位，无温湿度监测"),
}


def seed_hazard_stories(rt, session, parties, people, today, echo) -> dict:
    """The hazard stories; returns the cases made by name (``escalated`` is the hazard,
    ``penalty`` the case it escalated into)."""
    from caseflow.demo import Story, entered_on, open_demo_case

    o1, head = people["officer1"], people["head1"]
    pair = {"by": ["officer1", "officer2"], "credentials_shown": True}
    calendar = rt.engine.calendar(session)

    def back(days: int) -> dt.date:
        """The latest day from which ``days`` working days end on or before today."""
        start = today - dt.timedelta(days=days)
        while calendar.add_working_days(start, days) > today:
            start -= dt.timedelta(days=1)
        return start

    # Lithium-battery makers officer2 need not recuse from (parties[0] is), other than
    # the one inspected today.
    lithium = [p for p in parties[6:] if p.industry == "锂电池"]
    told = _escalation(rt, session, lithium[1], o1, back(20), today, echo)
    made = dict(zip(("closed", "escalated", "penalty"), told, strict=True))

    def story(party, title, start, tags=("锂电池",)):
        with entered_on(rt.engine, start):
            case = open_demo_case(rt, session, workflow="hazard_rectification", party=party,
                                  unit=party.unit, actor=o1, violations=[{"code": "AQL-102"}],
                                  title=f"{party.name}{title}", tags=tags)  # fmt: skip
        s = Story(rt, session, case, start, today, echo)
        s.step("inspect", o1, place="电池仓库", signed_by_party=True, **pair)
        return s

    # Reported corrected by the party; the re-inspection is due.
    s = story(lithium[2], "成品电池堆垛过高、间距不足", back(9))
    s.step("order_correction", o1, deadline=s.later(10), major_hazard=False)
    s.step("request_review", o1, after=6)
    made["review_requested"] = s.case

    # A major hazard (令10 8(7)): suspension, the plan, the measures, the review to resume.
    s = story(lithium[3], "故障电池与合格品混放、未设隔离区（重大事故隐患）", back(15))
    s.step("order_correction", o1, deadline=s.later(20), major_hazard=True,
           criterion="令10 8(7)", suspension_ordered=True)  # fmt: skip
    s.step("on_site_measures", head, measures=["suspend_operation"], approved_by="head1")
    s.step("hazard_plan", o1, after=2, responsible="企业主要负责人", funds=80000,
           measures="设置独立故障电池隔离间及防火分隔，配置自动报警和灭火装置，清理混放电池",
           deadline=s.later(18))  # fmt: skip
    s.step("resume_review", head, after=10, approved=True, approved_by="head1", **pair)
    made["major"] = s.case

    # A seizure (WSL 65(4)): unsafe cells held for the test, then released.
    s = story(lithium[4], "存放不符合保障安全生产的国家标准的电池", back(12))
    s.step("order_correction", o1, deadline=s.later(15), major_hazard=False)
    s.step("seize", o1, approved_by="head1", days=30, place="企业电池仓库（就地查封）",
           items=[{"name": "鼓包锂离子电芯", "quantity": "1200只"},
                  {"name": "无合格证电池模组", "quantity": "36组"}], **pair)  # fmt: skip
    s.step("seize_dispose", head, after=8, kind="release", approved_by="head1")
    made["seized"] = s.case
    return made


def _escalation(rt, session, party, officer, day, today, echo):
    """Issue 13's story in the demo: an inspection fails two lithium items; one hazard is
    corrected and closes, the other is not and escalates. Returns (closed, escalated,
    penalty)."""
    from caseflow.demo import Story, entered_on
    from caseflow.inspections.checklists import chosen_items
    from caseflow.inspections.record import InspectionInput, ItemAnswer, record_inspection

    calendar = rt.engine.calendar(session)
    due = calendar.add_working_days(day, 10)
    checklists = ["lithium-battery-producers"]
    items, _ = chosen_items(rt.engine.pm, day, checklists)
    answers = {i["id"]: ItemAnswer("pass") for i in items}
    for item, (code, note) in LITHIUM_FAILS.items():
        answers[item] = ItemAnswer("fail", note=note, deadline=due, violation_code=code)
    data = InspectionInput(
        party_id=party.id, date=day, place="电芯仓库", officers=["officer1", "officer2"],
        checklists=checklists, answers=answers, tags=["锂电池"], credentials_shown=True,
        signed_by_party=True,
    )  # fmt: skip
    with entered_on(rt.engine, day):
        inspection = record_inspection(rt.engine, session, data, officer)
    corrected, overdue = (a.hazard for a in inspection.failed)
    again = {"by": ["officer1", "officer2"], "credentials_shown": True, "opinion_signed": True}
    s = Story(rt, session, corrected, day, today, echo)
    s.step("request_review", officer, after=8)
    s.step("reinspect", officer, after=2, result="corrected", **again)
    s = Story(rt, session, overdue, due, today, echo)
    s.step("reinspect", officer, after=1, result="not_corrected", **again)
    penalty = session.scalar(select(Case).where(Case.origin_case_id == overdue.id))
    return corrected, overdue, penalty
