"""What the printed documents read: the addressees no unit row records, and the
file's facts as the procedure reads them.

Each installation names them once (``caseflow.toml`` ``[settings]``); until it does
the documents leave a line to fill by hand rather than print another district's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from caseflow.settings import Declared

from .payments import decision_in_force, due_date, late_days, lawful_surcharge, paid, served_on
from .periods import judge
from .registry import fine_of

DOCUMENT_SETTINGS = {
    "documents.review_bodies": Declared(
        {},
        type=dict,
        to_confirm="the people's government of each bureau, by unit code; without it the "
        "government of the unit's region (行政复议法 2023 art. 24)",
        note="复议机关 named in decisions, by the acting unit's code",
    ),
    "documents.police": Declared(
        "",
        to_confirm="the public security organ receiving transfers (国务院令第310号 art. 3)",
        note="公安机关 a 案件移送书 is addressed to",
    ),
    "documents.court": Declared(
        "",
        to_confirm="the basic people's court where the unit sits (行政诉讼法解释 art. 157)",
        note="人民法院 a 强制执行申请书 is addressed to",
    ),
    "documents.payment_method": Declared(
        "缴至指定银行或者通过电子支付系统缴纳",
        to_confirm="the designated bank and account (行政处罚法 art. 67)",
        note="how a fine is paid, as decisions and payment demands state it",
    ),
}


@dataclass
class PaymentDemand:
    """What a 催告书 states (行政强制法 art. 35; 行政处罚法 arts. 67, 72)."""

    fine: float
    paid: float
    served: dt.date | None  # the decision's service, as it counts
    due: dt.date | None  # the last day to pay the fine (APL 67)
    late_days: int
    rate: float
    surcharge: float  # accrued by the demand's date, never above the fine
    pay_by: dt.date | None  # the demand's period (ACL 35(1))

    @property
    def owed(self) -> float:
        return max(0.0, self.fine + self.surcharge - self.paid)


def payment_demand(record, day: dt.date, ctx) -> PaymentDemand:
    """The figures on ``day``, read as APL-72-SURCHARGE and APL-67-PAY15 read them."""
    decision = decision_in_force(record, day)
    fine = fine_of(decision.get("penalty")) if decision else 0.0
    served = served_on(ctx, record, decision, day) if decision else None
    rate = float(ctx.setting("APL-72-SURCHARGE.rate_per_day", 0.03))
    pay_by = judge("demand", day, None, ctx).due
    return PaymentDemand(
        fine, paid(record, day), served, due_date(record, ctx, day), late_days(record, ctx, day),
        rate, lawful_surcharge(record, ctx, day), pay_by,
    )  # fmt: skip


def document_facts(kind: str, record, day: dt.date, ctx) -> dict:
    """What the documents print from the file as it stood on ``day``: the facts found
    (the notice's, else the investigation's, else the catalogue's words for the acts),
    the evidence with kinds and ids, the last notice, legal review and decision."""
    upto = [s for s in record.steps if s.date <= day]
    stated = [s.get("facts") for s in upto if s.step in ("conclude", "notify") and s.get("facts")]
    titles = [
        (ctx.violations.get(v.code) or {}).get("title_zh") or v.code for v in record.violations
    ]
    out = {
        "findings": stated[-1] if stated else "；".join(titles),
        "evidence": [s.data for s in upto if s.step == "evidence"],
        "notice": _last(upto, "notify"),
        "legal_review": _last(upto, "legal_review"),
        "decision": _last(upto, "decide"),
    }
    if kind in ("payment_demand", "enforcement_application"):
        out["demand"] = payment_demand(record, day, ctx)
    if kind == "closing_approval":
        from .closing import how_it_ended  # closing reads the rules' figures too

        out["ending"] = how_it_ended(replace(record, steps=tuple(upto)))
    return out


def _last(steps, name: str) -> dict | None:
    named = [s for s in steps if s.step == name]
    return max(named, key=lambda s: (s.date, s.index)).data if named else None
