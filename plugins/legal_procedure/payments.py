"""What the party owes and has paid (罚款的缴纳): the fine, the surcharge, a deferral.

One reading serves the route that says when a case is paid, the rules on payment
and surcharge, the payment deadline and the printed demand:

- the decision in force is the latest ``decide`` that no later review or lawsuit
  revoked (行政处罚法 art. 48(2); 行政复议法 art. 64);
- it is due 15 days after service (APL art. 67), or by the dates of an approved
  deferral or instalment plan (APL art. 66);
- late, the surcharge runs at 3% a day up to the fine (APL art. 72), not counting
  the days a reconsideration or lawsuit is pending (APL art. 73(3));
- paid means the fine plus any surcharge the unit chose to collect (the setting
  ``APL-72-SURCHARGE.collect``); several payments that reach it by the due date
  need no instalment approval (legal-rules revision 2).
"""

from __future__ import annotations

import datetime as dt

from caseflow.engine.routes import Route

from .periods import judge
from .registry import fine_of, is_head, latest

RATE, CAP, COLLECT, PUBLIC_DAYS = (
    ("APL-72-SURCHARGE.rate_per_day", 0.03),
    ("APL-72-SURCHARGE.cap_ratio", 1.0),
    ("APL-72-SURCHARGE.collect", False),
    ("APL-61-SERVICE.public_notice_days", 30),
)
# Results after which the decision no longer stands (撤销); changed or confirmed
# illegal decisions stand as changed, or stand with the finding (APL 48(2) still has
# their publication withdrawn).
REVOKING = ("revoked",)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def revoked_after(record, decision, upto: dt.date | None = None):
    """The review or lawsuit result that revoked ``decision``, if any (by ``upto``)."""
    results = [
        s
        for s in record.steps_named("review_result")
        if s.get("result") in REVOKING
        and (s.date, s.index) >= (decision.date, decision.index)
        and (upto is None or s.date <= upto)
    ]
    return latest(results)


def decision_in_force(record, upto: dt.date | None = None):
    """The latest decision (on or before ``upto``) unless a later result revoked it."""
    decided = [s for s in record.steps_named("decide") if upto is None or s.date <= upto]
    d = latest(decided)
    if d is None or revoked_after(record, d, upto) is not None:
        return None
    return d


def fine_due(record, upto: dt.date | None = None) -> float:
    d = decision_in_force(record, upto)
    return fine_of(d.get("penalty")) if d is not None and d.get("outcome") != "transfer" else 0.0


def paid(record, upto: dt.date | None = None, also=None) -> float:
    """The sum of the payments recorded (by ``upto``), ``also`` a proposed one."""
    steps = [p for p in record.steps_named("pay") if upto is None or p.date <= upto]
    if also is not None and also.step == "pay":
        steps.append(also)
    return sum(float(p.get("amount") or 0) for p in steps)


def served_on(ctx, record, decision, upto: dt.date | None = None):
    """The day the decision counts as served (public notice counts after N days), or None."""
    serves = [s for s in record.steps_named("serve") if s.date >= decision.date]
    if upto is not None:
        serves = [s for s in serves if s.date <= upto]
    s = latest(serves)
    if s is None:
        return None
    if s.get("method") == "public_notice":
        return s.date + dt.timedelta(days=ctx.setting(*PUBLIC_DAYS))
    return s.date


def plan(record, upto: dt.date | None = None) -> list[tuple[dt.date, float]]:
    """The approved deferral or instalment plan in force: (date, amount due by then in
    all), by date; empty without one. Only a head's approval counts (APL art. 66)."""
    approved = [
        s
        for s in record.steps_named("deferral_decision")
        if s.get("approved") is True
        and is_head(record, s.get("approved_by"))
        and s.get("due")
        and (upto is None or s.date <= upto)
    ]
    chosen = latest(approved)
    if chosen is None:
        return []
    out, total = [], 0.0
    for item in sorted(chosen.get("due"), key=lambda i: _day(i["date"])):
        total += float(item["amount"])
        out.append((_day(item["date"]), total))
    return out


def due_date(record, ctx, upto: dt.date | None = None) -> dt.date | None:
    """The last day to pay the whole fine: the plan's last date, else 15 days after
    service (APL arts. 66, 67); None before the decision is served."""
    schedule = plan(record, upto)
    if schedule:
        return schedule[-1][0]
    d = decision_in_force(record, upto)
    served = served_on(ctx, record, d, upto) if d is not None else None
    return judge("payment", served, None, ctx).due if served else None


def next_due(record, ctx) -> dt.date | None:
    """Where the payment deadline now ends: the first date of the plan whose amount the
    payments have not reached, else the last day; None once paid in full."""
    fine = fine_due(record)
    if not fine or paid(record) >= owed(record, ctx, None):
        return None
    got = paid(record)
    for day, amount in plan(record):
        if got < amount:
            return day
    return due_date(record, ctx)


def review_spans(record, upto: dt.date) -> list[tuple[dt.date, dt.date | None]]:
    """[filed, result) spans of reconsideration or lawsuit, up to ``upto``."""
    results = sorted(s.date for s in record.steps_named("review_result") if s.date <= upto)
    spans = []
    for filed in sorted(s.date for s in record.steps_named("review_filed") if s.date <= upto):
        ended = next((r for r in results if r >= filed), None)
        spans.append((filed, ended))
    return spans


def late_days(record, ctx, day: dt.date) -> int:
    """Days past the due date by ``day`` that count for the surcharge (APL art. 73(3):
    not those while a reconsideration or lawsuit is pending)."""
    due = due_date(record, ctx, day)
    if due is None or day <= due:
        return 0
    spans = review_spans(record, day)
    n, d = 0, due
    while d < day:
        d += dt.timedelta(days=1)
        if not any(a <= d and (b is None or d < b) for a, b in spans):
            n += 1
    return n


def lawful_surcharge(record, ctx, day: dt.date) -> float:
    """The most the surcharge may be on ``day``: 3% of the fine a day, capped at the fine."""
    fine = fine_due(record, day)
    rate, cap = float(ctx.setting(*RATE)), float(ctx.setting(*CAP))
    return round(min(fine * rate * late_days(record, ctx, day), fine * cap), 2)


def owed(record, ctx, day: dt.date | None) -> float:
    """What ``paid`` must reach: the fine, plus the lawful surcharge on ``day`` where the
    unit chose to collect it."""
    fine = fine_due(record, day)
    if not fine:
        return 0.0
    if day is not None and ctx.setting(*COLLECT):
        return fine + lawful_surcharge(record, ctx, day)
    return fine


def settled(record, step, ctx) -> str:
    """The ``fine_settled`` route: "paid" once the payments, this one included, reach what is
    owed on its date; "partial" until then (the case stays where it was)."""
    total = paid(record, None, also=step)
    due = owed(record, ctx, step.date)
    return "paid" if due and total >= due - 0.005 else "partial"


ROUTES = [
    Route(
        "fine_settled",
        ("paid", "partial"),
        settled,
        "《行政处罚法》第六十六条、第六十七条、第七十二条",
        reads=("amount",),
    )
]
