"""What the violation catalogue says a violation may cost, at the law that applies to it.

A catalogue entry prices a violation by the law in force now; an entry may carry
``earlier`` versions (the 2014 law before 2021-09-01), each with the last day it
applied. Fine ranges and kinds follow the date the violation ended (APL art. 37:
the law at the time of the act, unless the later law is lighter), so every rule
that measures a penalty asks here rather than reading the entry's tiers itself.
"""

from __future__ import annotations

import datetime as dt

from .registry import kinds_of


def _day(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _heaviness(tier: dict) -> tuple:
    """How heavy a tier is: its harshest kinds first, then its highest fine."""
    severe = len(set(tier.get("kinds") or ()) - {"warning", "fine"})
    return (severe, float(tier.get("max") or 0))


def _earlier_at(entry: dict, ended: dt.date) -> dict | None:
    """The earlier version of ``entry`` in force on ``ended``, if the entry has one."""
    for old in sorted(entry.get("earlier") or (), key=lambda e: str(e.get("until"))):
        until, start = _day(old.get("until")), _day(old.get("effective"))
        if until is not None and ended <= until and (start is None or start <= ended):
            return old
    return None


def covered_by_earlier(entry: dict, ended: dt.date) -> bool:
    return _earlier_at(entry, ended) is not None


def version_for(entry: dict, v, day: dt.date | None) -> dict:
    """The version of ``entry`` (itself or one of its ``earlier``) that prices ``v``: the
    law in force when the act ended (``day`` for a continuing act), unless the current
    law is lighter for the violation's tier (APL art. 37)."""
    ended = v.act_end or day
    if ended is None:
        return entry
    old = _earlier_at(entry, ended)
    if old is None:
        return entry
    then = (old.get("tiers") or {}).get(v.tier) or {}
    now = (entry.get("tiers") or {}).get(v.tier) or {}
    return entry if _heaviness(now) < _heaviness(then) else {**entry, **old}


def tier_for(ctx, v, day: dt.date | None) -> dict | None:
    """The tier of the catalogue that prices violation ``v`` decided on ``day``, or None
    when its code is not in the catalogue."""
    entry = ctx.violations.get(v.code)
    if entry is None:
        return None
    return (version_for(entry, v, day).get("tiers") or {}).get(v.tier) or {}


def law_of(ctx, v, day: dt.date | None) -> str:
    entry = ctx.violations.get(v.code) or {}
    return str(version_for(entry, v, day).get("law") or "") if entry else ""


def penalty_of(step):
    """The penalty a step imposes or proposes: ``penalty`` on a decision, ``proposed`` on
    a notice or an investigation report; None when the step imposes none."""
    if step.step == "decide":
        return step.get("penalty") if step.get("outcome") == "penalty" else None
    return step.get("proposed")


def groups(violations) -> list[list]:
    """The violations by act: those sharing an ``act`` label are one act breaching
    several provisions (APL art. 29); every other violation is an act of its own."""
    out: dict[str, list] = {}
    alone = []
    for v in violations:
        if v.act:
            out.setdefault(v.act, []).append(v)
        else:
            alone.append([v])
    return [*out.values(), *alone]


def heaviest(ctx, vs, day) -> tuple:
    """The violation of a group whose provision is the heaviest, with its tier."""
    priced = [(v, tier_for(ctx, v, day)) for v in vs]
    priced = [(v, t) for v, t in priced if t is not None]
    if not priced:
        return None, None
    return max(priced, key=lambda vt: _heaviness(vt[1]))


__all__ = [
    "covered_by_earlier",
    "groups",
    "heaviest",
    "kinds_of",
    "law_of",
    "penalty_of",
    "tier_for",
    "version_for",
]
