"""The violation catalogue format: what a plugin's ``caseflow_register_violations``
entries must look like, checked before anyone fines by them.

A range typed the wrong way round or a band outside its range would let the fine
check pass a fine the law forbids, so the built-in catalogue file and every
plugin's entries go through these same checks, each problem naming its field.
"""

from __future__ import annotations

import datetime as dt

from caseflow.casefile.vocabulary import ACCIDENT_GRADES, LIABLE, PENALTY_KINDS, TIERS

ENTRY_KEYS = {"code", "title_zh", "title_en", "violated", "penalty_basis", "tiers", "note"}
# Optional: who the provision makes liable (default the unit), and an accident penalty's
# marker (WSL 95, 114: imposed only on an approved accident report).
OPTIONAL_KEYS = {"note", "liable", "accident", "earlier"}
# An earlier version of an entry: the law that priced the code's act until ``until``.
EARLIER_KEYS = {"law", "effective", "until", "penalty_basis", "tiers", "to_confirm"}
# Added to each entry from its catalogue file's header (or given by a plugin directly).
COMMON_KEYS = {"law", "effective"}
BAND_NAMES = ("较轻", "一般", "较重")


def entry_problems(entry, extra_keys=frozenset()) -> list[str]:
    """Every problem with one catalogue entry; ``extra_keys`` are allowed besides
    the entry keys (a registered entry carries its file's ``law`` and ``effective``)."""
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"missing {k}" for k in sorted(ENTRY_KEYS - {"note"}) if not entry.get(k)]
    known = ENTRY_KEYS | OPTIONAL_KEYS | set(extra_keys)
    problems += [f"unknown key {k}" for k in sorted(set(entry) - known)]
    if entry.get("liable", "unit") not in LIABLE:
        problems.append(f"liable must be one of {', '.join(LIABLE)}")
    for j, old in enumerate(entry.get("earlier") or ()):
        problems += [f"earlier[{j}]: {p}" for p in _earlier_problems(old)]
    return problems + _tiers_problems(entry.get("tiers"))


def _tiers_problems(tiers) -> list[str]:
    if not isinstance(tiers, dict) or set(tiers) != set(TIERS):
        return [f"tiers must be exactly {', '.join(TIERS)}"]
    problems = []
    for name in TIERS:
        problems += _tier_problems(f"tiers.{name}", tiers[name])
    return problems


def _earlier_problems(old) -> list[str]:
    if not isinstance(old, dict):
        return ["must be a mapping"]
    problems = [f"unknown key {k}" for k in sorted(set(old) - EARLIER_KEYS)]
    try:
        dt.date.fromisoformat(str(old.get("until")))
    except ValueError:
        problems.append("until must be a date")
    return problems + _tiers_problems(old.get("tiers"))


def _tier_problems(where: str, tier) -> list[str]:
    if not isinstance(tier, dict):
        return [f"{where}: must be a mapping"]
    kinds = tier.get("kinds")
    # An empty list: the provision only orders correction at this tier (WSL 108).
    if not isinstance(kinds, list) or not set(kinds) <= set(PENALTY_KINDS):
        return [f"{where}.kinds: must list penalty kinds from {', '.join(PENALTY_KINDS)}"]
    problems = []
    may = tier.get("may_kinds", [])
    if not isinstance(may, list) or not set(may) <= set(PENALTY_KINDS):
        problems.append(f"{where}.may_kinds: must list penalty kinds")
    has_range = "min" in tier or "max" in tier
    # Fines by a share of last year's income (WSL 95, 96) have no range in yuan.
    by_income = "income_share" in tier
    # The unit's fine range exists exactly when the tier fines (or may fine) the unit.
    fines = "fine" in kinds or "fine" in (may if isinstance(may, list) else ())
    if fines != (has_range or by_income):
        problems.append(f"{where}: min and max belong with kind 'fine' and only with it")
    if has_range:
        problems += _range_problems(where, tier)
        if fines and not tier.get("max"):
            problems.append(f"{where}: a fine must be above zero (max 0)")
    for grade, rng in (tier.get("grades") or {}).items():
        if grade not in ACCIDENT_GRADES:
            problems.append(f"{where}.grades: unknown grade {grade}")
        else:
            problems += _range_problems(f"{where}.grades.{grade}", rng)
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
