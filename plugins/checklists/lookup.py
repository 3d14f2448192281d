"""Finding the checklist item an inspection records against, across every plugin."""

from __future__ import annotations

import datetime as dt

import pluggy

from caseflow.plugin import checklists


def find_item(
    pm: pluggy.PluginManager,
    item_id: str,
    *,
    checklist: str | None = None,
    as_of: dt.date | None = None,
) -> dict:
    """The item ``item_id`` with the ``checklist``, ``version``, ``effective`` date and
    ``plugin`` it comes from: from the latest version in force on ``as_of`` (default:
    the latest version). Raises ``LookupError`` when no checklist has it, or when two
    checklists do and ``checklist`` does not say which: an inspection must never be
    recorded against a requirement chosen by plugin load order. An item another
    checklist only refers to is found in the checklist that defines it."""
    found = []
    for c in checklists(pm):
        effective = dt.date.fromisoformat(str(c.get("effective")))
        if checklist not in (None, c["id"]) or (as_of is not None and effective > as_of):
            continue
        for item in c.get("items", []):
            if item.get("id") == item_id:
                found.append((effective, str(c["version"]), c, item))
    if not found:
        where = f" in checklist {checklist}" if checklist else ""
        when = f" in force on {as_of}" if as_of else ""
        raise LookupError(f"no checklist item {item_id}{where}{when}")
    # A checklist that refers to another's item holds the same requirement, not a rival.
    owners = sorted({_home(c, item) for _e, _v, c, item in found})
    if len(owners) > 1:
        raise LookupError(f"item {item_id} is in checklists {', '.join(owners)}: name one")
    if checklist is None:
        found = [f for f in found if f[2]["id"] == owners[0]] or found
    effective, version, c, item = max(found, key=lambda f: (f[0], f[1]))
    return {
        **item,
        "checklist": c["id"],
        "version": version,
        "effective": effective.isoformat(),
        "plugin": c["plugin"],
    }


def _home(checklist: dict, item: dict) -> str:
    """The id of the checklist that defines ``item`` (``defined_in`` is ``id@version``)."""
    return item.get("defined_in", checklist["id"]).split("@")[0]
