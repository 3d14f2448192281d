"""Loading the inspection checklists from their YAML files, checked before anyone inspects by them.

An M item without its criterion would let an officer order a major-hazard
correction that cites nothing, and an item id defined twice would let an
inspection record point at two different requirements. So a bad file stops
loading, naming the file and the item, with every problem found at once.

One file holds one version of one checklist. An item that belongs in two
checklists is defined once and referred to (``- ref: LI-S-01``) from the other,
so an item id always means one requirement.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from pathlib import Path

import yaml

from caseflow.plugin import as_date
from caseflow.plugin import checklist_header_problems as header_problems
from caseflow.plugin import checklist_item_findings as item_findings

HERE = Path(__file__).parent


class ChecklistError(ValueError):
    """A checklist file is malformed; the message names the file and item of each problem."""


def checklist_files() -> list[Path]:
    return sorted(HERE.glob("*.yaml"))


def load_checklists(paths: Iterable[Path] | None = None) -> list[dict]:
    """The checklists in ``paths`` (default: the files shipped here), refs resolved.
    A fresh copy every call: callers may not change the cached checklists."""
    files = tuple(Path(p) for p in (checklist_files() if paths is None else paths))
    return copy.deepcopy(_load(files))


@functools.cache
def _load(files: tuple[Path, ...]) -> list[dict]:
    problems: list[str] = []
    docs = []
    for path in files:
        doc, found = _read(path)
        problems += found
        if doc is not None:
            docs.append((path, doc))
    problems += _cross_problems(docs)
    if problems:
        raise ChecklistError("checklists refused:\n  " + "\n  ".join(problems))
    return [_resolved(doc, docs) for _path, doc in docs]


def _read(path: Path) -> tuple[dict | None, list[str]]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return None, [f"{path.name}: cannot be read: {exc}"]
    if not isinstance(doc, dict):
        return None, [f"{path.name}: must be a mapping"]
    problems = [f"{path.name}: {p}" for p in header_problems(doc)]
    if problems:
        return None, problems
    sound = []
    for where, item, found in item_findings(doc):
        problems += [f"{path.name}: {where}: {p}" for p in found]
        if not found:
            sound.append(item)
    # Sound items still go to the checks across files, so one run names every problem.
    return {**doc, "effective": as_date(doc["effective"]), "items": sound}, problems


def _cross_problems(docs: list[tuple[Path, dict]]) -> list[str]:
    problems, versions, home = [], {}, {}
    for path, doc in docs:
        key = (doc["id"], doc["version"])
        if key in versions:
            problems.append(
                f"{path.name}: {doc['id']} version {doc['version']} also in {versions[key]}"
            )
        versions[key] = path.name
        for item in doc["items"]:
            if "ref" in item:
                if _definition(item["ref"], doc, docs) is None:
                    problems.append(
                        f"{path.name}: {item['ref']}: ref names no item defined in another "
                        f"checklist in force by {doc['effective']}"
                    )
                continue
            owner = home.setdefault(item["id"], (doc["id"], path.name))
            # Versions of one checklist may restate an item; another checklist may only refer.
            if owner[0] != doc["id"]:
                problems.append(
                    f"{path.name}: {item['id']}: id already defined in {owner[1]}; use ref"
                )
    return problems


def _definition(item_id: str, referrer: dict, docs) -> tuple[dict, dict] | None:
    """The item as defined in the latest version of its home checklist that was in force
    when ``referrer`` took effect, so a later version never changes a recorded one."""
    found = [
        (doc, item)
        for _path, doc in docs
        if doc["id"] != referrer["id"] and doc["effective"] <= referrer["effective"]
        for item in doc["items"]
        if item.get("id") == item_id
    ]
    return max(found, key=lambda f: (f[0]["effective"], f[0]["version"]), default=None)


def _resolved(doc: dict, docs) -> dict:
    items = []
    for item in doc["items"]:
        if "ref" in item:
            home, item = _definition(item["ref"], doc, docs)
            item = {**item, "defined_in": f"{home['id']}@{home['version']}"}
        items.append(item)
    sources = [
        {**s, "in_force": as_date(s["in_force"]).isoformat()} if "in_force" in s else s
        for s in doc["sources"]
    ]
    return {**doc, "effective": doc["effective"].isoformat(), "sources": sources, "items": items}
