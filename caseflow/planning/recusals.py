"""The recusal register: recording that an officer must not act on a party, and lifting it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import Party, Recusal, User


def record_recusal(
    session, *, officer: User, party: Party, reason: str, actor: User, now: dt.datetime
) -> Recusal:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData(
            "请写明回避理由", "a reason is required", field_errors={"reason": ["required"]}
        )
    if "officer" not in (officer.roles or []):
        raise InvalidData(
            "只能为执法人员登记回避",
            "only an officer can be recused",
            field_errors={"officer_id": ["not an officer"]},
        )
    open_ = session.scalar(
        select(Recusal.id).where(
            Recusal.officer_id == officer.id,
            Recusal.party_id == party.id,
            Recusal.lifted_at.is_(None),
        )
    )
    if open_:
        raise Conflict("该回避已登记", "this officer is already recused from this party")
    row = Recusal(
        officer_id=officer.id,
        party_id=party.id,
        reason=reason[:300],
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def lift_recusal(row: Recusal, actor: User, now: dt.datetime) -> None:
    if row.lifted_at is not None:
        raise Conflict("该回避已解除", "this recusal was already lifted")
    row.lifted_at, row.lifted_by_id = now, actor.id
