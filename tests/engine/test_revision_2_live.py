"""Revision 2 on a live case: the summary procedure's evidence records the party's
signature or refusal, and a case's violations carry the liable subject, gains, act and
accident to the rules."""

from __future__ import annotations

from caseflow.engine.history import record_for
from caseflow.models import Event
from caseflow_plugins.legal_procedure import procedure
from tests.engine.helpers import OFFICERS, committed, new_case


def test_summary_evidence_records_the_partys_refusal_to_sign(make_app, district, session):
    rt = make_app(extra_plugins=[procedure], PLUGINS_ALLOW=[]).extensions["caseflow"]
    case = new_case(rt, session, district, workflow="summary_penalty")
    data = {
        **OFFICERS,
        "id": "E1",
        "kind": "site_record",
        "proves": ["act"],
        "form_complete": True,
        "signed_by_party": False,
        "refusal_note": "当事人拒绝签名，已录像",
    }
    out = committed(session, rt.engine.fire(session, case, "evidence", data, district["officer1"]))
    event = session.get(Event, out.event.id)
    assert event.payload["data"]["refusal_note"] == "当事人拒绝签名，已录像"
    assert event.payload["data"]["signed_by_party"] is False


def test_a_cases_violations_reach_the_rules_with_the_format_1_1_keys(make_app, district, session):
    rt = make_app().extensions["caseflow"]  # every built-in plugin: the catalogue too
    violations = [
        {
            "code": "AQL-114",
            "tier": "initial",
            "liable": "unit",
            "gains": 1200,
            "act": "A1",
            "accident": {"grade": "larger", "report_approved_on": "2024-02-20"},
        }
    ]
    case = new_case(rt, session, district, violations=violations)
    (v,) = record_for(session, case).violations
    assert (v.liable, v.gains, v.act, v.accident.grade) == ("unit", 1200, "A1", "larger")
    assert str(v.accident.report_approved_on) == "2024-02-20"
