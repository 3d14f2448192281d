"""Factories for legal-procedure tests: case files as dicts, turned into records.

``general_case()`` is a clean general-procedure case (the shape of the
small example, with its 2024 dates); tests change one thing and look for the
one rule that should notice.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import caseflow_plugins.legal_procedure as plugin
from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.checks import CheckContext, review
from caseflow.engine.record import (
    STEP_DATE_KEYS,
    Accident,
    CaseRecord,
    Certificate,
    Party,
    Person,
    RelatedCase,
    Step,
    Unit,
    Violation,
)
from caseflow.plugins import make_manager

OFFICERS = ["A001", "A002"]
ALL_CONTENTS = ["party", "facts", "evidence", "basis", "payment", "remedies", "unit", "seal"]

# A small catalogue, so APL-AMOUNT has ranges whether or not the work-safety plugin is done.
CATALOGUE = {
    "AQL-97-3": {
        "code": "AQL-97-3",
        "violated": "《安全生产法》第二十八条第一款",
        "penalty_basis": "《安全生产法》第九十七条第三项",
        "tiers": {"initial": {"min": 0, "max": 100000}, "overdue": {"min": 100000, "max": 200000}},
    },
    "AQL-99-2": {
        "code": "AQL-99-2",
        "violated": "《安全生产法》第三十六条第二款",
        "penalty_basis": "《安全生产法》第九十九条第二项",
        "tiers": {"initial": {"min": 0, "max": 50000}, "overdue": {"min": 50000, "max": 200000}},
    },
}


def _people() -> list[dict]:
    cert = {"valid_from": "2022-01-01", "valid_to": "2026-12-31"}
    return [
        {
            "id": "A001",
            "name": "张伟",
            "roles": ["officer"],
            "certificate": {"number": "1", **cert},
        },
        {
            "id": "A002",
            "name": "李娜",
            "roles": ["officer"],
            "certificate": {"number": "2", **cert},
        },
        {
            "id": "A003",
            "name": "王磊",
            "roles": ["officer"],
            "certificate": {"number": "3", "valid_from": "2021-06-01", "valid_to": "2024-06-30"},
        },
        {"id": "L001", "name": "陈静", "roles": ["reviewer"], "legal_qualification": True},
        {"id": "L002", "name": "刘洋", "roles": ["reviewer"], "legal_qualification": True},
        {"id": "L003", "name": "赵敏", "roles": ["reviewer"], "legal_qualification": False},
        {"id": "H001", "name": "黄强", "roles": ["head"], "principal": True},
        {"id": "H002", "name": "周涛", "roles": ["head"]},
        {"id": "H003", "name": "吴婷", "roles": ["head"]},
    ]


def act(step: str, date: str, **keys) -> dict:
    """An investigative act by the two certified officers, credentials shown."""
    return {"step": step, "date": date, "by": list(OFFICERS), "credentials_shown": True, **keys}


def evidence(date: str, eid: str, kind: str, proves: list[str], **keys) -> dict:
    return act("evidence", date, id=eid, kind=kind, proves=proves, form_complete=True, **keys) | (
        {"signed_by_party": True} if kind.endswith("record") else {}
    )


def fine(amount: float, *kinds: str) -> dict:
    return {"kinds": list(kinds or ("fine",)), "fine": amount}


def notice_contents(facts: str, basis=("AQL-97-3",), days: int = 3) -> dict:
    """What a pre-decision notice states and how it was served (format 1.1, APL-44-CONTENT):
    a live notice always carries these keys."""
    return {
        "facts": facts,
        "basis": list(basis),
        "statement_days": days,
        "method": "direct",
        "receipt_signed": True,
    }


def general_case(amount: float = 20000) -> dict:
    """A clean general-procedure case: organisation, AQL-97-3 initial tier, 2024."""
    return {
        "format": "caseflow-case-file/1",
        "case_number": "深龙应急罚〔2024〕12号",
        "procedure": "general",
        "unit": {"name": "深圳市龙岗区应急管理局", "level": "county", "delegated": False},
        "party": {
            "kind": "organization",
            "name": "示例电池科技有限公司",
            "id_code": "91440300MA5FXXXX1Y",
            "address": "深圳市龙岗区坂田街道示例路1号",
        },
        "people": _people(),
        "violations": [
            {
                "code": "AQL-97-3",
                "tier": "initial",
                "act_start": "2023-11-01",
                "act_end": None,
                "life_health": False,
                "harm": False,
                "first_offense": False,
                "minor": False,
                "corrected_on": "2024-03-19",
            }
        ],
        "steps": [
            act("inspect", "2024-03-05", place="生产车间", signed_by_party=True),
            {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19"},
            {
                "step": "register",
                "date": "2024-03-07",
                "discovered": "2024-03-05",
                "approved_by": "H001",
            },
            evidence("2024-03-05", "E1", "inspection_record", ["party", "time", "place"]),
            evidence("2024-03-12", "E2", "interview_record", ["act", "consequence"]),
            evidence("2024-03-12", "E3", "document", ["act", "provision"]),
            act("reinspect", "2024-03-20", result="corrected", opinion_signed=True),
            {"step": "conclude", "date": "2024-03-20"},
            {
                "step": "legal_review",
                "date": "2024-03-22",
                "reviewer": "L001",
                "opinion": "approve",
            },
            {
                "step": "notify",
                "date": "2024-03-25",
                "served": "2024-03-26",
                "proposed": fine(amount),
                "rights": ["statement", "defence"],
                **notice_contents("未按规定对员工进行安全生产教育和培训"),
            },
            {"step": "statement", "date": "2024-03-27", "reviewed": True, "adopted": False},
            decide("2024-04-01", amount),
            {"step": "serve", "date": "2024-04-03", "method": "direct", "receipt_signed": True},
            {"step": "publish", "date": "2024-04-08"},
            {"step": "pay", "date": "2024-04-15", "amount": amount},
            {"step": "close", "date": "2024-04-22", "approved_by": "H001"},
        ],
    }


def decide(date: str, amount: float = 20000, **keys) -> dict:
    return {
        "step": "decide",
        "date": date,
        "approved_by": "H001",
        "outcome": "penalty",
        "penalty": fine(amount),
        "orders_correction": True,
        "contents": list(ALL_CONTENTS),
        **keys,
    }


def summary_case(amount: float = 2000) -> dict:
    doc = general_case()
    doc["procedure"] = "summary"
    doc["steps"] = [
        act("inspect", "2024-03-05", place="仓库", signed_by_party=True),
        {**decide("2024-03-05", amount), "by": list(OFFICERS), "credentials_shown": True},
        {"step": "serve", "date": "2024-03-05", "method": "on_the_spot", "receipt_signed": True},
        {"step": "report", "date": "2024-03-07"},
        {"step": "pay", "date": "2024-03-08", "amount": amount},
        {"step": "close", "date": "2024-03-11", "approved_by": "H001"},
    ]
    return doc


# ---------------------------------------------------------------------------
# Editing a case dict
# ---------------------------------------------------------------------------


def find(doc: dict, name: str, n: int = 0) -> dict:
    """The ``n``th step called ``name`` (mutable)."""
    return [s for s in doc["steps"] if s["step"] == name][n]


def insert_before(doc: dict, name: str, *steps: dict) -> dict:
    i = next(i for i, s in enumerate(doc["steps"]) if s["step"] == name)
    doc["steps"][i:i] = [copy.deepcopy(s) for s in steps]
    return doc


def drop(doc: dict, *names: str) -> dict:
    doc["steps"] = [s for s in doc["steps"] if s["step"] not in names]
    return doc


def cut_after(doc: dict, name: str) -> dict:
    """Keep the steps up to and including the first ``name``: an open case."""
    i = next(i for i, s in enumerate(doc["steps"]) if s["step"] == name)
    doc["steps"] = doc["steps"][: i + 1]
    return doc


# ---------------------------------------------------------------------------
# dict -> CaseRecord (the reader's job; kept here so these tests stand alone)
# ---------------------------------------------------------------------------


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _at(value) -> dt.datetime | None:
    text = str(value)
    return dt.datetime.fromisoformat(text) if len(text) > 10 else None


def _accident(v: dict) -> dict:
    a = v.get("accident")
    if not a:
        return {}
    return {"accident": Accident(a["grade"], _day(a.get("report_approved_on")))}


def build(doc: dict) -> CaseRecord:
    people = {}
    for p in doc["people"]:
        c = p.get("certificate")
        cert = (
            Certificate(
                c["number"], _day(c["valid_from"]), _day(c["valid_to"]), _day(c.get("revoked_on"))
            )
            if c
            else None
        )
        people[p["id"]] = Person(
            p["id"],
            p["name"],
            frozenset(p["roles"]),
            cert,
            bool(p.get("legal_qualification")),
            bool(p.get("principal")),
        )
    violations = tuple(
        Violation(
            **{
                **v,
                **{k: _day(v.get(k)) for k in ("act_start", "act_end", "corrected_on")},
                **_accident(v),
            }
        )
        for v in doc["violations"]
    )
    steps = []
    for i, s in enumerate(doc["steps"]):
        data: dict[str, Any] = {k: v for k, v in s.items() if k not in ("step", "date")}
        for k in STEP_DATE_KEYS & data.keys():
            data[k] = _day(data[k])
        steps.append(Step(i, s["step"], _day(s["date"]), data, _at(s["date"])))
    related = tuple(
        RelatedCase(
            **{
                **rc,
                "violation_codes": tuple(rc["violation_codes"]),
                **{k: _day(rc.get(k)) for k in ("act_start", "act_end", "decided_on")},
            }
        )
        for rc in doc.get("related", ())
    )
    return CaseRecord(
        case_number=doc["case_number"],
        procedure=doc["procedure"],
        unit=Unit(**doc["unit"]),
        party=Party(**doc["party"]),
        people=people,
        violations=violations,
        steps=tuple(steps),
        related=related,
        trail_intact=doc.get("trail_intact", True),
    )


# ---------------------------------------------------------------------------
# Running the rules
# ---------------------------------------------------------------------------

_PM = None


def manager():
    global _PM
    if _PM is None:
        _PM = make_manager(autoload=False, extra=[plugin])
    return _PM


def context(settings: dict | None = None, as_of: str | None = None, violations=None, mode="review"):
    return CheckContext(
        settings={**plugin.default_settings(), **(settings or {})},
        calendar=BusinessCalendar(),
        violations=CATALOGUE if violations is None else violations,
        as_of=_day(as_of),
        mode=mode,
    )


def findings(doc: dict, rule: str | None = None, **ctx_args) -> list:
    """Every finding of a review of ``doc`` (only ``rule``'s when given)."""
    found = review(manager(), build(doc), context(**ctx_args))
    crashed = [f.message for f in found if f.rule == "PLUGIN-FAILED"]
    assert not crashed, crashed
    return [f for f in found if rule is None or f.rule == rule]


def errors(doc: dict, **ctx_args) -> list:
    return [f for f in findings(doc, **ctx_args) if f.is_error]


def hearing_case(amount: float = 60000) -> dict:
    """A clean case with a hearing (the hearing example's 2024 autumn timeline)."""
    doc = general_case(amount)
    doc["steps"] = [
        act("inspect", "2024-09-02", place="仓库", signed_by_party=True),
        {"step": "order_correction", "date": "2024-09-02", "deadline": "2024-09-16"},
        evidence("2024-09-02", "E1", "inspection_record", ["party", "time", "place", "act"]),
        act("reinspect", "2024-09-18", result="corrected", opinion_signed=True),
        {
            "step": "register",
            "date": "2024-09-19",
            "discovered": "2024-09-18",
            "approved_by": "H001",
        },
        evidence("2024-09-24", "E2", "interview_record", ["act", "consequence"]),
        evidence("2024-09-24", "E3", "document", ["provision", "party"]),
        {"step": "conclude", "date": "2024-10-08"},
        {"step": "legal_review", "date": "2024-10-09", "reviewer": "L001", "opinion": "approve"},
        {
            "step": "notify",
            "date": "2024-10-10",
            "served": "2024-10-11",
            "proposed": fine(amount),
            "rights": ["statement", "defence", "hearing"],
            **notice_contents("未按规定对员工进行安全生产教育和培训"),
        },
        {"step": "hearing_request", "date": "2024-10-14"},
        {"step": "hearing_notice", "date": "2024-10-15", "hearing_date": "2024-10-25"},
        {"step": "hearing", "date": "2024-10-25", "presider": "L002", "record_signed": True},
        {"step": "hearing_report", "date": "2024-10-25", "presider": "L002", "conclusion": "维持"},
        # Revision 2: a legal review after the hearing (APL 58(2)), then the heads' discussion.
        {"step": "legal_review", "date": "2024-10-28", "reviewer": "L001", "opinion": "approve"},
        {
            "step": "collective_discussion",
            "date": "2024-10-28",
            "participants": ["H001", "H002"],
            "conclusion": "同意按拟处罚意见作出决定",
        },
        decide("2024-10-29", amount),
        {"step": "serve", "date": "2024-10-30", "method": "direct", "receipt_signed": True},
        {"step": "publish", "date": "2024-11-04"},
        {"step": "pay", "date": "2024-11-08", "amount": amount},
        {"step": "close", "date": "2024-11-12", "approved_by": "H001"},
    ]
    return doc


def rule_findings(doc: dict, rule: str, **ctx_args) -> list:
    return findings(doc, rule, **ctx_args)
