"""Loading the violation catalogue from its YAML file, checked before anyone fines by it.

A range typed the wrong way round or a band outside its range would let the
fine check pass a fine the law forbids, so a bad file stops loading, naming the
code and the field.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

from caseflow.plugin import violation_problems

CATALOGUE_FILE = Path(__file__).parent / "violations.yaml"


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the file, code and field."""


def load_catalogue(path: Path = CATALOGUE_FILE) -> list[dict]:
    """The entries of ``path``, each with the file's ``law`` and ``effective`` date.
    A fresh copy every call: callers may not change the cached catalogue."""
    return copy.deepcopy(_load(Path(path)))


@functools.cache
def _load(path: Path) -> list[dict]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("violations"), list):
        raise CatalogueError(f"{path.name}: must be a mapping with a 'violations' list")
    common = {"law": doc.get("law", ""), "effective": str(doc.get("effective", ""))}
    entries, seen = [], set()
    for i, entry in enumerate(doc["violations"]):
        code = entry.get("code") if isinstance(entry, dict) else None
        where = f"{path.name}: {code or f'violations[{i}]'}"
        problems = violation_problems(entry)
        if code in seen:
            problems.append("code listed twice")
        if problems:
            raise CatalogueError(f"{where}: " + "; ".join(problems))
        seen.add(code)
        entries.append({**common, **entry})
    return entries
