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
# The same codes priced by the 2014 law, for acts that ended before 2021-09-01 (APL 37).
EARLIER_FILES = (Path(__file__).parent / "violations-2014.yaml",)


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the file, code and field."""


def load_catalogue(
    path: Path = CATALOGUE_FILE, earlier: tuple[Path, ...] | None = None
) -> list[dict]:
    """The entries of ``path``, each with the file's ``law`` and ``effective`` date and,
    under ``earlier``, the versions of the files of earlier laws (by default the 2014
    law's, for the shipped catalogue). A fresh copy every call: callers may not change
    the cached catalogue."""
    if earlier is None:
        earlier = EARLIER_FILES if Path(path) == CATALOGUE_FILE else ()
    return copy.deepcopy(_with_earlier(Path(path), tuple(Path(p) for p in earlier)))


@functools.cache
def _with_earlier(path: Path, earlier: tuple[Path, ...]) -> list[dict]:
    entries = copy.deepcopy(_load(path))
    by_code = {e["code"]: e for e in entries}
    for old_path in earlier:
        for code, version in _load_earlier(old_path).items():
            if code not in by_code:
                raise CatalogueError(f"{old_path.name}: {code}: not a code of {path.name}")
            by_code[code].setdefault("earlier", []).append(version)
    for entry in entries:
        problems = violation_problems(entry, extra_keys={"law", "effective"})
        if problems:
            raise CatalogueError(f"{path.name}: {entry['code']}: " + "; ".join(problems))
    return entries


def _load_earlier(path: Path) -> dict[str, dict]:
    """An earlier law's file: its header (law, effective, until, to_confirm) and, by
    code, the tiers and penalty basis it priced the act by."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("violations"), list):
        raise CatalogueError(f"{path.name}: must be a mapping with a 'violations' list")
    head = {k: str(doc[k]) for k in ("law", "effective", "until", "to_confirm") if k in doc}
    out: dict[str, dict] = {}
    for i, entry in enumerate(doc["violations"]):
        if not isinstance(entry, dict) or not entry.get("code"):
            raise CatalogueError(f"{path.name}: violations[{i}]: needs a code")
        code = entry["code"]
        if code in out:
            raise CatalogueError(f"{path.name}: {code}: code listed twice")
        out[code] = {**head, **{k: v for k, v in entry.items() if k != "code"}}
    return out


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
