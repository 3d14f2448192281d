"""The demo's inspections: the campaigns, and inspections recorded by their checklists,
one with failed items that open hazards (``caseflow demo`` seeds them after the cases)."""

from __future__ import annotations

import datetime as dt

CAMPAIGNS = [("锂电池", "锂电池安全专项整治"), ("有限空间", "有限空间作业安全专项整治"),
             ("粉尘涉爆", "粉尘涉爆企业专项整治"), ("危化品", "危险化学品安全专项整治")]  # fmt: skip


def seed_inspections(rt, session, parties, people, cases, today) -> list:
    """The campaigns, and inspections with their checklists: a lithium-battery maker
    with two failed items (two hazards, one correction order), and clean visits to the
    party penalised in case 4 and to an electronics maker. Dated by the engine's clock,
    on the day they are recorded, so nothing reads as entered late."""
    from caseflow.inspections.checklists import chosen_items, suggested
    from caseflow.inspections.record import InspectionInput, ItemAnswer, record_inspection
    from caseflow.models import Campaign

    now = rt.engine.clock()
    for tag, title in CAMPAIGNS:
        session.add(Campaign(tag=tag, title=title, active=True, created_at=now))
    pm, o1 = rt.engine.pm, people["officer1"]

    def inspect(party, tags, failed=None, place="生产车间及仓库"):
        chosen = suggested(pm, today, party.industry, [*party.tags, *tags])
        chosen = chosen or ["industry-trade-major-hazards"]
        items, _ = chosen_items(pm, today, chosen)
        answers = {i["id"]: ItemAnswer("pass") for i in items}
        answers.update(failed or {})
        data = InspectionInput(
            party_id=party.id, date=today, place=place, officers=["officer1", "officer2"],
            checklists=chosen, answers=answers, tags=list(tags), credentials_shown=True,
            signed_by_party=True,
        )  # fmt: skip
        return record_inspection(rt.engine, session, data, o1)

    # parties[6] is a lithium-battery maker officer2 need not recuse from (parties[0] is).
    lithium = next(p for p in parties[6:] if p.industry == "锂电池")
    made = [
        inspect(
            lithium,
            ["锂电池"],
            place="电芯仓库及化成车间",
            failed={
                "LI-S-04": ItemAnswer(
                    "fail",
                    note="电池仓库内设有配电箱和插座",
                    deadline=today + dt.timedelta(days=15),
                ),
                "LI-S-05": ItemAnswer(
                    "fail", note="仓库无温湿度监测，靠近烘烤工位", immediate=True
                ),
            },
        ),  # fmt: skip
        inspect(cases[3].party, []),
        inspect(next(p for p in parties if p.industry == "电子制造"), ["有限空间"]),
    ]
    return made
