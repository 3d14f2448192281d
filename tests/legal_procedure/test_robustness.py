"""No rule ever raises: the example case files, mutated every way a case file may be.

A case file's step keys are all optional and may be null, its dates may lie anywhere
(beyond the known official calendar too), and its steps may be listed out of date
order. Whatever arrives, every rule answers with findings or none; a rule that raises
becomes a PLUGIN-FAILED finding, which refuses a live step for no legal reason.

Each mutated file is reviewed (review mode) and each of its steps is checked against
the history before it in live and preview modes, as the engine does.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import caseflow_plugins.legal_procedure as plugin
from caseflow.casefile.reader import CaseFileError, read_case_file
from caseflow.engine.catalogue import rule_settings, violation_catalogue
from caseflow.engine.checks import CheckContext, check_step, review
from caseflow.engine.record import STEP_DATE_KEYS
from caseflow.plugins import make_manager
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.domain import EXAMPLES as EXAMPLE_DIR

EXAMPLES = sorted(EXAMPLE_DIR.glob("*.json"))

SHIFTS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14, 15, 16, 30, 31, 60, 61, 90, 91, 180, 181, 365, 400)
VIOLATION_DATES = ("act_start", "act_end", "corrected_on")

_PM = None
_CATALOGUE = None


def _manager():
    global _PM, _CATALOGUE
    if _PM is None:
        _PM = make_manager(autoload=False, extra=[plugin])
        _CATALOGUE = violation_catalogue(make_manager())
    return _PM


def _context(pm, mode: str) -> CheckContext:
    return CheckContext(settings=rule_settings(pm), violations=_CATALOGUE, mode=mode)


def _crashes(record, stepwise: bool = False) -> list[str]:
    """PLUGIN-FAILED messages of a review of ``record`` (and of each step live and in preview)."""
    pm = _manager()
    found = list(review(pm, record, _context(pm, "review")))
    if stepwise:
        for mode in ("live", "preview"):
            ctx = _context(pm, mode)
            for i, step in enumerate(record.steps):
                found += check_step(pm, record.before(i), step, ctx)
    return [f.message for f in found if f.rule == "PLUGIN-FAILED"]


def _shift(value: str, days: int) -> str:
    if len(value) > 10:
        moment = dt.datetime.fromisoformat(value) + dt.timedelta(days=days)
        return moment.isoformat()
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def _date_slots(doc: dict) -> Iterator[tuple[dict, str]]:
    """Every (container, key) in ``doc`` that holds a date a rule may compare."""
    for s in doc["steps"]:
        yield s, "date"
        for k in STEP_DATE_KEYS:
            if isinstance(s.get(k), str):
                yield s, k
    for v in doc["violations"]:
        for k in VIOLATION_DATES:
            if isinstance(v.get(k), str):
                yield v, k


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _key_mutations(doc: dict) -> Iterator[tuple[str, dict]]:
    for i, s in enumerate(doc["steps"]):
        for k in [k for k in s if k not in ("step", "date")]:
            gone = copy.deepcopy(doc)
            del gone["steps"][i][k]
            yield f"steps[{i}] ({s['step']}) without {k}", gone
            null = copy.deepcopy(doc)
            null["steps"][i][k] = None
            yield f"steps[{i}] ({s['step']}) {k}=null", null
        for k in ("proposed", "penalty"):
            if isinstance(s.get(k), dict):
                for sub, value in (("fine", None), ("kinds", []), ("daily", True)):
                    m = copy.deepcopy(doc)
                    m["steps"][i][k][sub] = value
                    yield f"steps[{i}] {k}.{sub}={value!r}", m
        bare = copy.deepcopy(doc)
        bare["steps"][i] = {"step": s["step"], "date": s["date"]}
        yield f"steps[{i}] ({s['step']}) with no keys", bare
    for j in range(len(doc["violations"])):
        for k in VIOLATION_DATES:
            m = copy.deepcopy(doc)
            m["violations"][j][k] = None
            yield f"violations[{j}].{k}=null", m
    for j, p in enumerate(doc["people"]):
        if p.get("certificate"):
            m = copy.deepcopy(doc)
            m["people"][j]["certificate"] = None
            yield f"people[{j}] without certificate", m
    m = copy.deepcopy(doc)
    m["violations"] = []
    yield "no violations", m


def _date_mutations(doc: dict) -> Iterator[tuple[str, dict]]:
    n = len(list(_date_slots(doc)))
    for slot in range(n):
        for days in SHIFTS:
            for sign in (1, -1):
                m = copy.deepcopy(doc)
                where, key = list(_date_slots(m))[slot]
                where[key] = _shift(where[key], sign * days)
                yield (
                    f"date slot {slot} ({where.get('step', 'violation')}.{key}) {sign * days:+d}",
                    m,
                )
    # The whole file beyond the known calendar, both ways (weekends-only fallback).
    for years in (-25, 3, 30):
        m = copy.deepcopy(doc)
        for where, key in _date_slots(m):
            where[key] = _shift(where[key], round(years * 365.25))
        for p in m["people"]:
            if p.get("certificate"):
                p["certificate"]["valid_from"] = "1990-01-01"
                p["certificate"]["valid_to"] = "2099-12-31"
        yield f"whole file shifted {years} years", m


def _order_mutations(doc: dict) -> Iterator[tuple[str, dict]]:
    steps = doc["steps"]
    for i in range(len(steps) - 1):
        m = copy.deepcopy(doc)
        m["steps"][i], m["steps"][i + 1] = m["steps"][i + 1], m["steps"][i]
        yield f"steps {i} and {i + 1} swapped", m
    for i in range(len(steps)):
        m = copy.deepcopy(doc)
        m["steps"].append(m["steps"].pop(i))
        yield f"step {i} moved to the end", m
        m = copy.deepcopy(doc)
        m["steps"].insert(0, m["steps"].pop(i))
        yield f"step {i} moved to the front", m
    m = copy.deepcopy(doc)
    m["steps"].reverse()
    yield "steps reversed", m
    m = copy.deepcopy(doc)
    m["steps"] = []
    yield "no steps", m


def _inserted_steps(doc: dict) -> Iterator[tuple[str, dict]]:
    """Every step kind, bare (only ``step`` and ``date``), at the start, middle and end."""
    steps = doc["steps"]
    for name in STEP_KINDS:
        for pos in (0, len(steps) // 2, len(steps)):
            day = steps[min(pos, len(steps) - 1)]["date"]
            m = copy.deepcopy(doc)
            m["steps"].insert(pos, {"step": name, "date": day})
            yield f"bare {name} inserted at {pos}", m


def _transfer_mutations(doc: dict) -> Iterator[tuple[str, dict]]:
    """A transfer path with times: with and without offsets, mixed, out of order."""
    last = doc["steps"][-1]["date"][:10]
    times = (
        ("T09:00:00+08:00", "T10:00:00+08:00", "T09:00:00+08:00"),
        ("T09:00:00", "T10:00:00+08:00", "T09:00:00"),
        ("T09:00:00+08:00", "T10:00:00", "T11:00:00+08:00"),
        ("", "T10:00:00", ""),
        ("T23:00:00+00:00", "", "T01:00:00+08:00"),
    )
    for k, (a, b, c) in enumerate(times):
        m = copy.deepcopy(doc)
        m["steps"] += [
            {"step": "transfer_report", "date": last + a},
            {"step": "transfer_decision", "date": last + b, "approved": True},
            {"step": "transfer", "date": _shift(last + c, 1), "attachments": ["transfer_letter"]},
            {"step": "police_reply", "date": _shift(last, 3), "accepted": None},
            {"step": "close", "date": _shift(last, 4)},
        ]
        yield f"transfer with times {k}", m


FAMILIES = {
    "keys": _key_mutations,
    "dates": _date_mutations,
    "order": _order_mutations,
    "inserted": _inserted_steps,
    "transfer": _transfer_mutations,
}


def _check(path: Path, family: str, stepwise: bool) -> None:
    doc = _load(path)
    failures = []
    read = 0
    for what, mutated in FAMILIES[family](doc):
        try:
            record = read_case_file(mutated, STEP_KINDS).record
        except CaseFileError:
            continue  # the reader refuses it: rules never see it
        read += 1
        crashed = _crashes(record, stepwise=stepwise)
        if crashed:
            failures.append(f"{what}: {crashed[0]}")
    assert read, "every mutation was refused by the reader: the test tested nothing"
    assert failures == [], f"{len(failures)} mutation(s) made a rule raise:\n" + "\n".join(
        failures[:40]
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("family", ["keys", "order", "inserted", "transfer"])
def test_no_rule_raises_on_a_mutated_example_in_any_mode(path, family):
    _check(path, family, stepwise=True)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_rule_raises_whatever_the_dates_of_a_reviewed_example(path):
    _check(path, "dates", stepwise=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_unmutated_example_is_read_and_reviewed_without_a_crash(path):
    assert _crashes(read_case_file(_load(path), STEP_KINDS).record, stepwise=True) == []
