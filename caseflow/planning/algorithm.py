"""The draw (双随机): which parties are inspected, and by which two officers.

Stated so that anyone can re-run it by hand from what the draw records:

Inputs
  seed      any text, recorded with the draw.
  parties   the pool, each by its key: the unified social credit code (or ID number).
  officers  each by their key (user name): officers whose certificate covers every day
            of the planned inspection window; the others are excluded ("certificate").
  excluded  for each party, officers who must not inspect it: the officers of its last
            inspection ("last_inspection") and recorded recusals ("recusal").
  n         how many parties to draw.

Steps
  1. rank(key) = SHA-256 of the UTF-8 text  seed + ":" + key,  in hexadecimal.
  2. Order the parties by rank, smallest first. Order the officers by rank too: that
     order is the queue.
  3. Take the parties in order. For each, walk the queue from the front and take the
     first two officers not excluded for that party; move those two to the back of the
     queue, so the work goes round. If fewer than two are left, pass the party over
     and say so: no constraint is ever relaxed.
  4. Stop when n parties have their officers, or the pool is used up.

The fingerprint is SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8) of
the algorithm's name, the seed, n, the sorted pool, the sorted officers, the sorted
exclusions and the result. The same inputs give the same draw and fingerprint; a
changed pool, officer or exclusion changes the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

ALGORITHM = "sha256-rank-queue-v1"
REASONS = ("certificate", "last_inspection", "recusal")


def rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a draw reads: every value a key, so the draw can be re-run without a database."""

    parties: tuple[str, ...]
    officers: tuple[str, ...]
    # (party key or "" for an officer excluded from every party, officer key, reason)
    exclusions: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, parties: Iterable[str], officers: Iterable[str], exclusions: Iterable) -> Inputs:
        return cls(
            tuple(sorted(set(parties))),
            tuple(sorted(set(officers))),
            tuple(sorted({(p or "", o, r) for p, o, r in exclusions})),
        )

    def to_json(self) -> dict:
        return {
            "parties": list(self.parties),
            "officers": list(self.officers),
            "exclusions": [list(e) for e in self.exclusions],
        }

    @classmethod
    def from_json(cls, data: dict) -> Inputs:
        return cls.of(data["parties"], data["officers"], [tuple(e) for e in data["exclusions"]])


@dataclass(frozen=True)
class Shortfall:
    """Why a draw holds fewer parties than asked for: a code, its figures, two messages."""

    code: str
    zh: str
    en: str
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, "zh": self.zh, "en": self.en, "data": self.data}


@dataclass(frozen=True)
class Result:
    assignments: tuple[tuple[str, str, str], ...]  # (party, officer, officer) in draw order
    passed_over: tuple[str, ...]  # parties skipped for want of two officers
    shortfall: tuple[Shortfall, ...]
    fingerprint: str


def draw(inputs: Inputs, seed: str, n: int) -> Result:
    excluded: dict[str, set[str]] = {}
    for party, officer, _reason in inputs.exclusions:
        if party:
            excluded.setdefault(party, set()).add(officer)
    queue = sorted(inputs.officers, key=lambda o: rank(seed, o))
    parties = sorted(inputs.parties, key=lambda p: rank(seed, p))
    chosen: list[tuple[str, str, str]] = []
    passed: list[str] = []
    if len(queue) >= 2:
        for party in parties:
            if len(chosen) == n:
                break
            barred = excluded.get(party, ())
            picks = [i for i, o in enumerate(queue) if o not in barred][:2]
            if len(picks) < 2:
                passed.append(party)
                continue
            pair = (queue[picks[0]], queue[picks[1]])
            del queue[picks[1]], queue[picks[0]]
            queue.extend(pair)
            chosen.append((party, *pair))
    result = tuple(chosen)
    return Result(
        assignments=result,
        passed_over=tuple(passed),
        shortfall=tuple(_shortfall(inputs, n, len(result), passed)),
        fingerprint=fingerprint(inputs, seed, n, result),
    )


def fingerprint(inputs: Inputs, seed: str, n: int, assignments) -> str:
    doc = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "n": n,
        **inputs.to_json(),
        "result": [list(a) for a in assignments],
    }
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _shortfall(inputs: Inputs, n: int, drawn: int, passed: list[str]) -> list[Shortfall]:
    if drawn >= n:
        return []
    out = []
    uncertified = sum(1 for p, _o, r in inputs.exclusions if not p and r == "certificate")
    if len(inputs.officers) < 2:
        out.append(Shortfall(
            "too_few_officers",
            f"证件在整个检查期间有效的执法人员只有 {len(inputs.officers)} 名（另有 {uncertified} 名"
            f"证件不能覆盖检查期间），每户需要 2 名",
            f"only {len(inputs.officers)} officer(s) hold a certificate valid over the whole "
            f"inspection window ({uncertified} more do not); each party needs 2",
            {"officers": len(inputs.officers), "uncertified": uncertified},
        ))  # fmt: skip
    if passed:
        out.append(Shortfall(
            "parties_passed_over",
            f"{len(passed)} 户因排除上次检查人员和回避人员后不足 2 名执法人员而跳过",
            f"{len(passed)} part(ies) passed over: fewer than 2 officers remain once the "
            f"last inspection's officers and recusals are excluded",
            {"parties": list(passed)},
        ))  # fmt: skip
    if len(inputs.parties) < n:
        out.append(Shortfall(
            "pool_too_small",
            f"抽查对象库只有 {len(inputs.parties)} 户，少于要抽取的 {n} 户",
            f"the pool holds only {len(inputs.parties)} part(ies), fewer than the {n} asked for",
            {"pool": len(inputs.parties)},
        ))  # fmt: skip
    return out
