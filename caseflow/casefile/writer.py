"""Writing a record as a format-v1 document: the reader's inverse.

Export must round-trip (read, write, read gives the same record), or a case moved
between units would quietly change on the way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caseflow.casefile.vocabulary import FORMAT, ROLES
from caseflow.engine.record import CaseRecord, Person, Step, Violation


def record_to_dict(record: CaseRecord) -> dict:
    """The case file (a JSON-ready dict) for ``record``."""
    return {
        "format": FORMAT,
        "case_number": record.case_number,
        "procedure": record.procedure,
        "unit": {
            "name": record.unit.name,
            "level": record.unit.level,
            "delegated": record.unit.delegated,
        },
        "party": {
            "kind": record.party.kind,
            "name": record.party.name,
            "id_code": record.party.id_code,
            "address": record.party.address,
        },
        "people": [_person(p) for p in record.people.values()],
        "violations": [_violation(v) for v in record.violations],
        "steps": [_step(s) for s in sorted(record.steps, key=lambda s: s.index)],
    }


def _person(p: Person) -> dict:
    # Roles in the format's order, so exports of the same record are byte-identical.
    out: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "roles": [r for r in ROLES if r in p.roles] + sorted(p.roles - set(ROLES)),
    }
    if p.certificate is not None:
        c = p.certificate
        out["certificate"] = {
            "number": c.number,
            "valid_from": c.valid_from.isoformat(),
            "valid_to": c.valid_to.isoformat(),
        }
        if c.revoked_on is not None:
            out["certificate"]["revoked_on"] = c.revoked_on.isoformat()
    # Said explicitly for reviewers, where a missing qualification is the point.
    if p.legal_qualification or "reviewer" in p.roles:
        out["legal_qualification"] = p.legal_qualification
    if p.principal:
        out["principal"] = True
    return out


def _violation(v: Violation) -> dict:
    return {
        "code": v.code,
        "tier": v.tier,
        "act_start": _iso(v.act_start),
        "act_end": _iso(v.act_end),
        "life_health": v.life_health,
        "harm": v.harm,
        "first_offense": v.first_offense,
        "minor": v.minor,
        "corrected_on": _iso(v.corrected_on),
        **_violation_1_1(v),
    }


def _violation_1_1(v: Violation) -> dict:
    """The format-1.1 keys, written only when they say something, so a 1.0 record
    exports as it did."""
    out: dict[str, Any] = {}
    if v.liable != "unit":
        out["liable"] = v.liable
    if v.gains is not None:
        out["gains"] = v.gains
    if v.act is not None:
        out["act"] = v.act
    if v.accident is not None:
        out["accident"] = {
            "grade": v.accident.grade,
            "report_approved_on": _iso(v.accident.report_approved_on),
        }
    return out


def _step(s: Step) -> dict:
    when = s.at if s.at is not None else s.date
    out = {"step": s.step, "date": when.isoformat(), **{k: _plain(v) for k, v in s.data.items()}}
    if s.acknowledged:
        out["acknowledged"] = acknowledgement(s.acknowledged)
    if s.recorded_on is not None:
        out["recorded_on"] = s.recorded_on.isoformat()
    return out


def acknowledgement(ack: dict) -> dict:
    """The format's ``acknowledged`` (by, reason, category) of a step's acknowledgement;
    a live one also keeps its signatures and the defects signed, which stay in the
    audit trail."""
    out = {"by": list(ack["by"]), "reason": ack["reason"]}
    if ack.get("category"):
        out["category"] = ack["category"]
    return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _plain(value: Any) -> Any:
    """Dates to ISO strings, containers copied: what ``json.dumps`` accepts."""
    if isinstance(value, dt.date):  # datetime too: it is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value
