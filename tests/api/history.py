"""A clean general-procedure history, step by step, with the people of the test district.

Modelled on docs/domain/examples/general-small-clean.json (its dates, people
and amounts pass every rule of the legal-procedure plugin): A001/A002 are
officer1/officer2, H001 is head1, L001 is reviewer1.
"""

from __future__ import annotations

OFFICERS = {"by": ["officer1", "officer2"], "credentials_shown": True}

VIOLATIONS = [
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
]

# What the notice states and how it was served (format 1.1): a live notice carries them
# (APL-44-CONTENT); the facts as the 1.1 example states them.
NOTICE_CONTENTS = {
    "facts": "未按规定对员工进行安全生产教育和培训",
    "basis": ["AQL-97-3"],
    "statement_days": 3,
    "method": "direct",
    "receipt_signed": True,
}

# (who takes it, the step as the case-file format writes it)
CLEAN = [
    ("officer1", {"step": "inspect", "date": "2024-03-05", **OFFICERS, "place": "生产车间",
                  "signed_by_party": True}),
    ("officer1", {"step": "order_correction", "date": "2024-03-05", "deadline": "2024-03-19",
                  "major_hazard": False}),
    ("head1", {"step": "register", "date": "2024-03-07", "discovered": "2024-03-05",
               "approved_by": "head1"}),
    ("officer1", {"step": "evidence", "date": "2024-03-05", **OFFICERS, "id": "E1",
                  "kind": "inspection_record", "proves": ["party", "time", "place"],
                  "form_complete": True, "signed_by_party": True}),
    ("officer1", {"step": "evidence", "date": "2024-03-12", **OFFICERS, "id": "E2",
                  "kind": "interview_record", "proves": ["act", "consequence"],
                  "form_complete": True, "signed_by_party": True}),
    ("officer1", {"step": "evidence", "date": "2024-03-12", **OFFICERS, "id": "E3",
                  "kind": "document", "proves": ["act", "provision"], "form_complete": True}),
    ("officer1", {"step": "evidence", "date": "2024-03-12", **OFFICERS, "id": "E4",
                  "kind": "document", "proves": ["party"], "form_complete": True}),
    ("officer1", {"step": "reinspect", "date": "2024-03-20", **OFFICERS, "result": "corrected",
                  "opinion_signed": True}),
    ("officer1", {"step": "conclude", "date": "2024-03-20"}),
    ("reviewer1", {"step": "legal_review", "date": "2024-03-22", "reviewer": "reviewer1",
                   "opinion": "approve"}),
    ("officer1", {"step": "notify", "date": "2024-03-25", "served": "2024-03-26",
                  "proposed": {"kinds": ["fine"], "fine": 20000},
                  "rights": ["statement", "defence"], **NOTICE_CONTENTS}),
    ("officer1", {"step": "statement", "date": "2024-03-27", "reviewed": True, "adopted": False}),
    ("head1", {"step": "decide", "date": "2024-04-01", "approved_by": "head1",
               "outcome": "penalty", "penalty": {"kinds": ["fine"], "fine": 20000},
               "orders_correction": True,
               "contents": ["party", "facts", "evidence", "basis", "payment", "remedies", "unit",
                            "seal"]}),
    ("officer1", {"step": "serve", "date": "2024-04-03", "method": "direct",
                  "receipt_signed": True}),
    ("officer1", {"step": "publish", "date": "2024-04-08"}),
    ("officer1", {"step": "pay", "date": "2024-04-15", "amount": 20000}),
    ("head1", {"step": "close", "date": "2024-04-22", "approved_by": "head1"}),
]  # fmt: skip


def open_general_case(api, district, user: str = "officer1", violations=VIOLATIONS) -> dict:
    r = api.post(
        "/api/v1/cases",
        user,
        json={
            "workflow": "general_penalty",
            "party_id": district["party"].id,
            "violations": violations,
            "title": "未按规定对从业人员进行安全生产教育和培训",
        },
    )
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def take(api, clock, case_id: int, user: str, step: dict, **extra):
    """Take one step of the history on the day it was recorded, with the version just read:
    its own date, or the day the notice it records was served, whichever is later (a
    service cannot be recorded before it happened)."""
    clock.set(max(step["date"], step.get("served") or step["date"]))
    data = {k: v for k, v in step.items() if k != "step"}
    return api.fire(case_id, step["step"], user, {**data, **extra})


def drive(api, clock, case_id: int, steps, until: str | None = None) -> None:
    """Take ``steps`` in order, stopping before the first step named ``until``."""
    for user, step in steps:
        if step["step"] == until:
            return
        r = take(api, clock, case_id, user, step)
        assert r.status_code == 200, (step["step"], r.get_json())
