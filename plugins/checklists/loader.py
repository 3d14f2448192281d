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
import datetime as dt
import functools
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

HERE = Path(__file__).parent
GRADES = ("M", "G")
CHECKLIST_KEYS = {"id", "version", "effective", "title_zh", "title_en", "applies_to", "sources"}
CHECKLIST_KEYS |= {"items", "note"}
ITEM_REQUIRED = {"id", "text_zh", "text_en", "source", "grade"}
ITEM_KEYS = ITEM_REQUIRED | {
    "criterion",
    "conditional_grade",
    "superseded_by",
    "note",
    "review",
    "review_note",
}
CONDITION_KEYS = {"when_zh", "when_en", "otherwise"}
SOURCE_KEYS = {"ref", "title", "in_force", "superseded_by", "note", "review"}
ITEM_ID = re.compile(r"^[A-Z]+(-[A-Z]+)*-\d+$")


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
    problems = [f"{path.name}: {p}" for p in _checklist_problems(doc)]
    if problems:
        return None, problems
    sound, seen = [], set()
    for i, item in enumerate(doc["items"]):
        named = (item.get("id") or item.get("ref")) if isinstance(item, dict) else None
        where = named or f"items[{i}]"
        found = _item_problems(item)
        if where in seen:
            found.append("listed twice in this checklist")
        seen.add(where)
        problems += [f"{path.name}: {where}: {p}" for p in found]
        if not found:
            sound.append(item)
    # Sound items still go to the checks across files, so one run names every problem.
    return {**doc, "effective": _date(doc["effective"]), "items": sound}, problems


def _checklist_problems(doc: dict) -> list[str]:
    problems = [f"missing {k}" for k in sorted(CHECKLIST_KEYS - {"note"}) if not doc.get(k)]
    problems += [f"unknown key {k}" for k in sorted(set(doc) - CHECKLIST_KEYS)]
    # Unquoted, 2026.10 would load as the float 2026.1: a version is text.
    if "version" in doc and not isinstance(doc["version"], str):
        problems.append("version must be a quoted string")
    if doc.get("effective") and _date(doc["effective"]) is None:
        problems.append(f"effective {doc['effective']!r} is not a date (YYYY-MM-DD)")
    applies = doc.get("applies_to")
    if applies and not (isinstance(applies, dict) and applies.get("zh") and applies.get("en")):
        problems.append("applies_to must have zh and en")
    for j, src in enumerate(doc.get("sources") or []):
        if not isinstance(src, dict) or not src.get("ref") or set(src) - SOURCE_KEYS:
            problems.append(f"sources[{j}]: needs ref; may have {', '.join(sorted(SOURCE_KEYS))}")
        elif "in_force" in src and _date(src["in_force"]) is None:
            problems.append(f"sources[{j}]: in_force is not a date")
    if doc.get("items") and not isinstance(doc["items"], list):
        problems.append("items must be a list")
    return problems


def _item_problems(item) -> list[str]:
    if isinstance(item, dict) and set(item) == {"ref"}:
        return []  # resolved against the other checklists once all are read
    if not isinstance(item, dict):
        return ["must be a mapping"]
    problems = [f"missing {k}" for k in sorted(ITEM_REQUIRED) if not item.get(k)]
    problems += [f"unknown key {k}" for k in sorted(set(item) - ITEM_KEYS)]
    if item.get("id") and not ITEM_ID.match(str(item["id"])):
        problems.append(f"id {item['id']!r} is not like LI-S-01 or DU-07")
    grade = item.get("grade")
    if grade and grade not in GRADES:
        problems.append(f"grade must be M or G, not {grade!r}")
    # An M finding is only lawful with the criterion that makes it major.
    if grade == "M" and not item.get("criterion"):
        problems.append("grade M needs a criterion (e.g. 令10 8(7))")
    if grade == "G" and item.get("criterion"):
        problems.append("a criterion belongs only to an M item")
    cond = item.get("conditional_grade")
    if cond is not None:
        ok = isinstance(cond, dict) and set(cond) == CONDITION_KEYS and all(cond.values())
        if not ok:
            problems.append(f"conditional_grade needs exactly {', '.join(sorted(CONDITION_KEYS))}")
        elif grade != "M" or cond["otherwise"] != "G":
            problems.append("conditional_grade: the item is graded M, otherwise G")
    if "review" in item and item["review"] is not True:
        problems.append("review, when present, is true")
    return problems


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
        {**s, "in_force": _date(s["in_force"]).isoformat()} if "in_force" in s else s
        for s in doc["sources"]
    ]
    return {**doc, "effective": doc["effective"].isoformat(), "sources": sources, "items": items}


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
