"""The checklist format: what a plugin's ``caseflow_register_checklists`` entries
must look like, checked before anyone inspects by them.

An M item without its criterion would let an officer order a major-hazard
correction that cites nothing, so the built-in checklist files and every plugin's
checklists go through these same checks, each problem naming its item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

GRADES = ("M", "G")
CHECKLIST_KEYS = {"id", "version", "effective", "title_zh", "title_en", "applies_to", "sources"}
CHECKLIST_KEYS |= {"items", "note", "match"}
# ``match``: whom an inspection offers the checklist to by default: parties of these
# industries, or parties and inspections carrying these (campaign) tags.
MATCH_KEYS = {"industries", "tags"}
ITEM_REQUIRED = {"id", "text_zh", "text_en", "source", "grade"}
ITEM_KEYS = ITEM_REQUIRED | {
    "criterion",
    "conditional_grade",
    "superseded_by",
    "note",
    "review",
    "review_note",
    "defined_in",  # where a referred item is defined, once refs are resolved
}
CONDITION_KEYS = {"when_zh", "when_en", "otherwise"}
SOURCE_KEYS = {"ref", "title", "in_force", "superseded_by", "note", "review"}
ITEM_ID = re.compile(r"^[A-Z]+(-[A-Z]+)*-\d+$")


def checklist_problems(doc) -> list[str]:
    """Every problem with one registered checklist (a mapping, items included)."""
    if not isinstance(doc, dict):
        return ["must be a mapping"]
    problems = header_problems(doc)
    for where, _item, found in item_findings(doc):
        problems += [f"{where}: {p}" for p in found]
    return problems


def item_findings(doc: dict) -> Iterator[tuple[str, Any, list[str]]]:
    """Each item of a checklist with where it stands (its id, else its index) and what
    is wrong with it: a bad item, or one listed twice."""
    seen = set()
    for i, item in enumerate(doc.get("items") or []):
        named = (item.get("id") or item.get("ref")) if isinstance(item, dict) else None
        where = named or f"items[{i}]"
        found = item_problems(item)
        if where in seen:
            found.append("listed twice in this checklist")
        seen.add(where)
        yield where, item, found


def header_problems(doc: dict) -> list[str]:
    problems = [
        f"missing {k}" for k in sorted(CHECKLIST_KEYS - {"note", "match"}) if not doc.get(k)
    ]
    problems += [f"unknown key {k}" for k in sorted(set(doc) - CHECKLIST_KEYS)]
    # Unquoted, 2026.10 would load as the float 2026.1: a version is text.
    if "version" in doc and not isinstance(doc["version"], str):
        problems.append("version must be a quoted string")
    if doc.get("effective") and as_date(doc["effective"]) is None:
        problems.append(f"effective {doc['effective']!r} is not a date (YYYY-MM-DD)")
    applies = doc.get("applies_to")
    if applies and not (isinstance(applies, dict) and applies.get("zh") and applies.get("en")):
        problems.append("applies_to must have zh and en")
    match = doc.get("match")
    if match is not None and not (
        isinstance(match, dict)
        and set(match) <= MATCH_KEYS
        and all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in match.values())
    ):
        problems.append("match must map industries and/or tags to lists of names")
    for j, src in enumerate(doc.get("sources") or []):
        if not isinstance(src, dict) or not src.get("ref") or set(src) - SOURCE_KEYS:
            problems.append(f"sources[{j}]: needs ref; may have {', '.join(sorted(SOURCE_KEYS))}")
        elif "in_force" in src and as_date(src["in_force"]) is None:
            problems.append(f"sources[{j}]: in_force is not a date")
    if doc.get("items") and not isinstance(doc["items"], list):
        problems.append("items must be a list")
    return problems


def item_problems(item) -> list[str]:
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


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
