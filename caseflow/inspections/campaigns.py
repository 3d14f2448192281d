"""Campaign figures (专项整治): per campaign, the inspections made, the hazards found
(open, overdue, closed) and the other cases carrying its tag, in the viewer's reach.

A campaign is a tag; the list of campaigns is the ``campaigns`` table (active ones).
Tags are JSON lists, matched here the same way on every database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.inspections.hazards import WORKFLOW
from caseflow.models import Campaign, Case, Deadline, Inspection


@dataclass(frozen=True)
class CampaignFigures:
    tag: str
    title: str
    inspections: int = 0
    hazards_open: int = 0
    hazards_overdue: int = 0
    hazards_closed: int = 0
    cases: int = 0

    BARS = ("inspections", "hazards_open", "hazards_overdue", "hazards_closed", "cases")

    @property
    def largest(self) -> int:
        return max(getattr(self, b) for b in self.BARS)


def campaign_figures(session, unit_ids: Collection[int], today: dt.date) -> list[CampaignFigures]:
    campaigns = session.scalars(
        select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id)
    ).all()
    if not campaigns:
        return []
    ids = list(unit_ids)
    counts = {c.tag: dict.fromkeys(CampaignFigures.BARS, 0) for c in campaigns}
    for (tags,) in session.execute(select(Inspection.tags).where(Inspection.unit_id.in_(ids))):
        for tag in set(tags or ()) & counts.keys():
            counts[tag]["inspections"] += 1
    overdue = set(
        session.scalars(
            select(Deadline.case_id)
            .join(Case, Case.id == Deadline.case_id)
            .where(Case.unit_id.in_(ids), Deadline.overdue(today))
        )
    )
    rows = session.execute(
        select(Case.id, Case.tags, Case.workflow_name, Case.closed_at).where(Case.unit_id.in_(ids))
    )
    for case_id, tags, workflow, closed_at in rows:
        for tag in set(tags or ()) & counts.keys():
            if workflow != WORKFLOW:
                counts[tag]["cases"] += 1
            elif closed_at is not None:
                counts[tag]["hazards_closed"] += 1
            elif case_id in overdue:
                counts[tag]["hazards_overdue"] += 1
            else:
                counts[tag]["hazards_open"] += 1
    return [CampaignFigures(c.tag, c.title, **counts[c.tag]) for c in campaigns]
