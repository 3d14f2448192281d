"""The violation catalogue format: what a plugin's ``caseflow_register_violations``
entries must look like, checked before anyone fines by them.

A range typed the wrong way round or a band outside its range would let the fine
check pass a fine the law forbids, so the built-in catalogue file and every
plugin's entries go through these same checks, each problem naming its field.
"""

from __future__ import annotations

from caseflow.casefile.vocabulary import PENALTY_KINDS, TIERS

ENTRY_KEYS = {"code", "title_zh", "title_en", "violated", "penalty_basis", "tiers", "note"}
# Added to each entry from its catalogue file's header (or given by a plugin directly).
COMMON_KEYS = {"law", "effective"}
BAND_NAMES = ("较轻", "一般", "较重")


def entry_problems(entry, extra_keys=frozenset()) -> list[str]:
    """Every problem with one catalogue entry; ``extra_keys`` are allowed besides
    the entry keys (a registered entry carries its file's ``law`` and ``effective``)."""
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"missing {k}" for k in sorted(ENTRY_KEYS - {"note"}) if not entry.get(k)]
    problems += [f"unknown key {k}" for k in sorted(set(entry) - ENTRY_KEYS - set(extra_keys))]
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
