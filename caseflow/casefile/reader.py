"""Reading a case file into the record rules read.

Whatever arrives — a path, JSON text, or a parsed dict — comes out as a
:class:`CaseFile` or a :class:`CaseFileError` listing every problem with its field
path. Nothing else escapes: a reviewer running ``audit-case`` over a folder of
exports must get a message per bad file, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from caseflow.casefile.schema import (
    ANY_STEP_KEYS,
    CaseFileSchema,
    flatten_errors,
    json_type,
    load_step,
)
from caseflow.casefile.vocabulary import PERSON_KEYS
from caseflow.engine.corrections import effective
from caseflow.engine.definition import FieldSpec
from caseflow.engine.record import (
    Accident,
    CaseRecord,
    Certificate,
    Party,
    Person,
    Step,
    Unit,
    Violation,
)


class CaseFileError(Exception):
    """A file that cannot be read; ``errors`` names each field and its problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass
class CaseFile:
    record: CaseRecord
    warnings: list[str] = field(default_factory=list)


# The fields plugins add to a step, by step name (see review.plugin_step_fields).
ExtraFields = Callable[[str], tuple[FieldSpec, ...]]


def read_case_file(
    source: str | os.PathLike | bytes | dict,
    kinds: Mapping,
    extra_fields: ExtraFields | None = None,
) -> CaseFile:
    """Read a case file from a path, a string of JSON, or a parsed document; its steps are
    read by the step vocabulary plugins define (``kinds``, :mod:`caseflow.engine.steps`).
    With ``extra_fields``, the keys plugins add to a step are kept, as they are live."""
    doc = _parse(source)
    if not isinstance(doc, dict):
        raise CaseFileError([f"top level must be an object, got {json_type(doc)}"])
    return _build(doc, kinds, extra_fields or (lambda step: ()))


def _parse(source: Any) -> Any:
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        text = source
    elif isinstance(source, str | os.PathLike):
        text = _read_text(source)
    elif isinstance(source, bytes | bytearray):
        text = _decode(bytes(source))
    else:
        return source
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from None
    except (ValueError, RecursionError) as exc:
        # Python's own limits: a 5,000-digit number, nesting too deep to parse.
        raise CaseFileError([f"not valid JSON: {exc}"]) from None


def _read_text(path: str | os.PathLike) -> str:
    try:
        return _decode(Path(path).read_bytes())
    except OSError as exc:
        raise CaseFileError([f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}"]) from None


def _decode(raw: bytes) -> str:
    try:
        # utf-8-sig: exports from Windows tools often begin with a byte-order mark.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError([f"not UTF-8 text: byte {exc.start} cannot be decoded"]) from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _build(doc: dict, kinds: Mapping, extra_fields: ExtraFields) -> CaseFile:
    errors: list[str] = []
    try:
        top = CaseFileSchema().load(doc)
    except ValidationError as exc:
        errors += flatten_errors(exc.messages)
        top = None

    # Steps are checked even when the top level failed, so one run lists everything.
    steps: list[dict | None] = []
    warnings: list[str] = []
    raw_steps = doc.get("steps")
    if isinstance(raw_steps, list):
        for i, raw in enumerate(raw_steps):
            name = raw.get("step") if isinstance(raw, dict) else None
            extra = extra_fields(name) if isinstance(name, str) else ()
            data, step_errors, step_warnings = load_step(i, raw, kinds, extra)
            steps.append(data)
            errors += step_errors
            warnings += step_warnings

    if top is not None:
        errors += _duplicate_people(top["people"])
        known = {p["id"] for p in top["people"]}
        for i, data in enumerate(steps):
            if data is not None:
                errors += _unknown_people(i, data, known)
                errors += _correction_target(i, data)
    if errors:
        raise CaseFileError(errors)
    assert top is not None
    return CaseFile(record=_record(top, steps), warnings=warnings)


def _duplicate_people(people: list[dict]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i, p in enumerate(people):
        if p["id"] in seen:
            out.append(f"people[{i}].id: duplicate person id {p['id']!r}")
        seen.add(p["id"])
    return out


def _unknown_people(index: int, data: dict, known: set[str]) -> list[str]:
    out = []
    for key in PERSON_KEYS:
        value = data.get(key)
        if value is None:
            continue
        where = f"steps[{index}].{key}"
        if isinstance(value, list):
            out += [
                f"{where}[{j}]: unknown person {pid!r} (not in people)"
                for j, pid in enumerate(value)
                if pid not in known
            ]
        elif value not in known:
            out.append(f"{where}: unknown person {value!r} (not in people)")
    ack = data.get("acknowledged") or {}
    out += [
        f"steps[{index}].acknowledged.by[{j}]: unknown person {pid!r} (not in people)"
        for j, pid in enumerate(ack.get("by") or ())
        if pid not in known
    ]
    return out


def _correction_target(index: int, data: dict) -> list[str]:
    """A step's ``target`` (format 1.1: the step a correction corrects) is, in a file, an
    index in ``steps`` (live, an event number): an earlier step, a file being in
    recording order."""
    target = data.get("target")
    if not isinstance(target, int) or 0 <= target < index:
        return []
    return [f"steps[{index}].target: no step {target} recorded before this one"]


def _record(top: dict, steps: list[dict | None]) -> CaseRecord:
    people = {}
    for p in top["people"]:
        cert = p["certificate"]
        people[p["id"]] = Person(
            id=p["id"],
            name=p["name"],
            roles=frozenset(p["roles"]),
            certificate=Certificate(**cert) if cert else None,
            legal_qualification=p["legal_qualification"],
            principal=p["principal"],
        )
    return CaseRecord(
        case_number=top["case_number"],
        procedure=top["procedure"],
        unit=Unit(**top["unit"]),
        party=Party(**top["party"]),
        people=people,
        violations=tuple(_violation(v) for v in top["violations"]),
        steps=_corrected(tuple(_step(i, data) for i, data in enumerate(steps) if data is not None)),
    )


def _corrected(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The history rules read (format 1.1, "Corrections"): a ``correct`` step's
    ``target`` is an index in the file's ``steps``; voided steps are gone, corrected
    keys replace the originals, and the steps are numbered afresh."""
    return effective(steps, [s.index for s in steps])


def _violation(v: dict) -> Violation:
    accident = v.get("accident")
    return Violation(**{**v, "accident": Accident(**accident) if accident else None})


def _step(index: int, data: dict) -> Step:
    when = data["date"]
    rest = {k: v for k, v in data.items() if k not in ("step", "date", *ANY_STEP_KEYS)}
    notes = {"acknowledged": data.get("acknowledged"), "recorded_on": data.get("recorded_on")}
    if isinstance(when, dt.datetime):
        return Step(index=index, step=data["step"], date=when.date(), data=rest, at=when, **notes)
    return Step(index=index, step=data["step"], date=when, data=rest, **notes)
