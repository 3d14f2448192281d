"""Corrections (更正): the history rules read once later steps said what was wrong.

Nothing recorded is edited. A ``correct`` step names an earlier step (``target``:
its index in a case file's ``steps``, its event number live) and either voids it
(``void``: the step is gone from what rules see, e.g. evidence entered twice) or
corrects some of its keys (``data``: those keys replace the originals). Both the
live history (caseflow.engine.history) and the case-file reader call
:func:`effective`, so a rule reads the same corrected history in both modes
(case-file-format.md, version 1.1, "Corrections").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from caseflow.engine.record import STEP_DATE_KEYS, Step

CORRECT = "correct"

# Keys that chose a route or opened a deadline: correcting one would leave the case in a
# state or under a deadline its history no longer gives, so such a step is voided and
# taken again instead. A workflow's own ``dest_field`` and ``due_field`` keys are added
# to these where the step is known (caseflow.engine.correcting).
ROUTING_KEYS = frozenset({"result", "outcome", "deadline", "served"})


@dataclass
class Amendments:
    """What later ``correct`` steps say about one step."""

    voided_by: int | None = None  # the key (index or event number) of the void
    corrected: dict = field(default_factory=dict)  # key -> corrected value, latest wins
    by: list[int] = field(default_factory=list)  # the keys of the corrections, in order


def amendments(steps: Sequence[Step], keys: Sequence[int] | None = None) -> dict[int, Amendments]:
    """Per key of a corrected step (``keys[i]`` names ``steps[i]``; the index by
    default), what the ``correct`` steps among ``steps`` say of it. A correction naming
    no earlier step, another correction, or a step already voided says nothing."""
    keys = list(keys) if keys is not None else [s.index for s in steps]
    position = {k: i for i, k in enumerate(keys)}
    out: dict[int, Amendments] = {}
    for pos, s in enumerate(steps):
        if s.step != CORRECT:
            continue
        target = position.get(s.get("target"))
        if target is None or target >= pos or steps[target].step == CORRECT:
            continue
        entry = out.setdefault(keys[target], Amendments())
        if entry.voided_by is not None:
            continue
        if s.get("void"):
            entry.voided_by = keys[pos]
            entry.by.append(keys[pos])
        elif isinstance(s.get("data"), dict):
            entry.corrected.update(s.get("data"))
            entry.by.append(keys[pos])
    return out


def effective(steps: Sequence[Step], keys: Sequence[int] | None = None) -> tuple[Step, ...]:
    """The steps as rules read them: without the ``correct`` steps and the steps they
    void, corrected keys in place of the originals, numbered afresh in order."""
    keys = list(keys) if keys is not None else [s.index for s in steps]
    said = amendments(steps, keys)
    out: list[Step] = []
    for key, s in zip(keys, steps, strict=True):
        entry = said.get(key)
        if s.step == CORRECT or (entry is not None and entry.voided_by is not None):
            continue
        step = replace(s, index=len(out))
        if entry is not None and entry.corrected:
            step = corrected(step, entry.corrected)
        out.append(step)
    return tuple(out)


def corrected(step: Step, data: dict) -> Step:
    """``step`` with the keys of ``data`` replaced (dates read as dates)."""
    new = dict(step.data)
    day = step.date
    for key, value in data.items():
        if key == "date":
            day = _day(value) or day
            continue
        new[key] = _day(value) if key in STEP_DATE_KEYS and isinstance(value, str) else value
    return replace(step, date=day, data=new)


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
