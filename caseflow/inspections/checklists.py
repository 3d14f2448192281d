"""Which checklists an inspection offers: each plugin's checklists in force on the day,
those matching the party's industry or the tags (the party's and the campaign's) first.

A checklist says whom it is offered to in its ``match`` (industries, tags); the officer
may answer others as well. Items shared by two checklists (a ``ref``) are one
requirement: answered once, under the first checklist that lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pluggy

from caseflow.engine.catalogue import checklists as registered


def in_force(pm: pluggy.PluginManager, day: dt.date) -> list[dict]:
    """The latest version of each checklist in force on ``day``, by id."""
    best: dict[str, dict] = {}
    for c in registered(pm):
        if dt.date.fromisoformat(str(c["effective"])) > day:
            continue
        key = (str(c["effective"]), str(c["version"]))
        held = best.get(c["id"])
        if held is None or key > (str(held["effective"]), str(held["version"])):
            best[c["id"]] = c
    return sorted(best.values(), key=lambda c: c["id"])


def matches(checklist: dict, industry: str | None, tags: Iterable[str]) -> bool:
    match = checklist.get("match") or {}
    if industry and industry in (match.get("industries") or ()):
        return True
    return bool(set(tags) & set(match.get("tags") or ()))


def suggested(pm, day: dt.date, industry: str | None, tags: Iterable[str]) -> list[str]:
    """The ids of the checklists in force on ``day`` offered by default."""
    tags = list(tags)
    return [c["id"] for c in in_force(pm, day) if matches(c, industry, tags)]


def chosen_items(pm, day: dt.date, ids: Iterable[str]) -> tuple[list[dict], list[str]]:
    """The checklists named by ``ids`` as in force on ``day`` and their items in order,
    each once (with ``checklist`` = "id@version"); and the ids that name no checklist
    in force that day."""
    by_id = {c["id"]: c for c in in_force(pm, day)}
    items, seen, unknown = [], set(), []
    for cid in dict.fromkeys(ids):
        c = by_id.get(cid)
        if c is None:
            unknown.append(cid)
            continue
        for item in c.get("items", []):
            if item["id"] in seen:
                continue
            seen.add(item["id"])
            items.append({**item, "checklist": f"{c['id']}@{c['version']}"})
    return items, unknown
