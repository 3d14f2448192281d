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

from caseflow.casefile.vocabulary import PENALTY_KINDS

CATALOGUE_FILE = Path(__file__).parent / "violations.yaml"
ENTRY_KEYS = {"code", "title_zh", "title_en", "violated", "penalty_basis", "tiers", "note"}
TIERS = ("initial", "overdue")
BAND_NAMES = ("较轻", "一般", "较重")


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
        problems = _entry_problems(entry)
        if code in seen:
            problems.append("code listed twice")
        if problems:
            raise CatalogueError(f"{where}: " + "; ".join(problems))
        seen.add(code)
        entries.append({**common, **entry})
    return entries


def _entry_problems(entry) -> list[str]:
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"missing {k}" for k in sorted(ENTRY_KEYS - {"note"}) if not entry.get(k)]
    problems += [f"unknown key {k}" for k in sorted(set(entry) - ENTRY_KEYS)]
    tiers = entry.get("tiers")
    if not isinstance(tiers, dict) or set(tiers) != set(TIERS):
        return [*problems, f"tiers must be exactly {', '.join(TIERS)}"]
    for name in TIERS:
        problems += _tier_problems(f"tiers.{name}", tiers[name])
    return problems


def _tier_problems(where: str, tier) -> list[str]:
    if not isinstance(tier, dict):
        return [f"{where}: must be a mapping"]
    kinds = tier.get("kinds")
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(PENALTY_KINDS):
        return [f"{where}.kinds: must list penalty kinds from {', '.join(PENALTY_KINDS)}"]
    problems = []
    has_range = "min" in tier or "max" in tier
    # The unit's fine range exists exactly when the tier fines the unit.
    if ("fine" in kinds) != has_range:
        problems.append(f"{where}: min and max belong with kind 'fine' and only with it")
    if has_range:
        problems += _range_problems(where, tier)
    if "persons_fine" in tier:
        problems += _range_problems(f"{where}.persons_fine", tier["persons_fine"])
    return problems


def _range_problems(where: str, rng) -> list[str]:
    if not isinstance(rng, dict):
        return [f"{where}: must be a mapping"]
    lo, hi = rng.get("min"), rng.get("max")
    if not _is_amount(lo) or not _is_amount(hi):
        return [f"{where}: min and max must be amounts in yuan"]
    if lo > hi:
        return [f"{where}: min {lo} > max {hi}"]
    problems = []
    for j, band in enumerate(rng.get("bands") or []):
        at = f"{where}.bands[{j}]"
        if not isinstance(band, dict) or band.get("name") not in BAND_NAMES:
            problems.append(f"{at}: name must be one of {', '.join(BAND_NAMES)}")
            continue
        b_lo, b_hi = band.get("min"), band.get("max")
        if not _is_amount(b_lo) or not _is_amount(b_hi) or b_lo > b_hi:
            problems.append(f"{at}: min and max must be amounts with min <= max")
        elif b_lo < lo or b_hi > hi:
            problems.append(f"{at}: {b_lo}-{b_hi} lies outside the range {lo}-{hi}")
    return problems


def _is_amount(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
