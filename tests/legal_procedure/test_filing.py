"""A. Filing: limitation, prompt filing, competence, one act one fine."""

from .builders import find, general_case, rule_findings


def _ended(act_end: str, **flags) -> dict:
    doc = general_case()
    doc["violations"][0].update(act_start="2021-01-01", act_end=act_end, **flags)
    return doc


def test_act_ended_more_than_two_years_before_discovery_cannot_be_filed():
    (f,) = rule_findings(_ended("2022-03-04"), "APL-36-LIMIT")
    assert f.is_error and "2022-03-04" in f.message and "2024-03-05" in f.message


def test_act_discovered_on_the_second_anniversary_is_still_in_time():
    assert rule_findings(_ended("2022-03-05"), "APL-36-LIMIT") == []


def test_harm_to_life_and_health_extends_the_limit_to_five_years():
    doc = _ended("2020-03-04", life_health=True, harm=True)
    assert rule_findings(doc, "APL-36-LIMIT") == []


def test_continuing_act_has_not_started_its_limitation_period():
    doc = general_case()
    doc["violations"][0].update(act_start="2015-01-01", act_end=None)
    assert rule_findings(doc, "APL-36-LIMIT") == []


def _filed(discovered: str, filed: str) -> dict:
    doc = general_case()
    find(doc, "register").update(discovered=discovered, date=filed)
    return doc


def test_filing_on_the_sixth_working_day_after_discovery_is_a_defect_for_a_head():
    # Discovered Fri 27 Sep 2024: Sun 29 Sep is worked, 1-7 Oct are holidays.
    # Revision 2: late filing is a defect (瑕疵), acknowledged by a head, never refused.
    (f,) = rule_findings(_filed("2024-09-27", "2024-10-11"), "APL-54-FILE")
    assert f.is_defect and not f.is_error and "2024-10-10" in f.message


def test_filing_on_the_fifth_working_day_across_national_day_is_prompt():
    assert rule_findings(_filed("2024-09-27", "2024-10-10"), "APL-54-FILE") == []


def test_filing_approved_by_an_officer_instead_of_a_head_is_refused():
    doc = general_case()
    find(doc, "register")["approved_by"] = "A001"
    (f,) = rule_findings(doc, "APL-54-FILE")
    assert f.is_error and "A001" in f.message


def test_street_office_without_delegation_cannot_file():
    doc = general_case()
    doc["unit"].update(level="street", name="坂田街道办事处")
    (f,) = rule_findings(doc, "APL-17-COMPETENCE")
    assert f.is_error and "坂田街道办事处" in f.message


def test_street_office_acting_under_a_published_delegation_may_file():
    doc = general_case()
    doc["unit"].update(level="street", delegated=True)
    assert rule_findings(doc, "APL-17-COMPETENCE") == []


def _related(**changes) -> dict:
    doc = general_case()
    rc = {
        "case_number": "深龙应急罚〔2024〕3号",
        "violation_codes": ["AQL-97-3"],
        "act_start": "2023-12-01",
        "act_end": None,
        "state": "decided",
        "penalised": True,
    }
    doc["related"] = [{**rc, **changes}]
    return doc


def test_second_case_for_the_same_act_is_refused_at_filing_and_decision():
    found = rule_findings(_related(), "APL-29-NEBIS")
    assert [f.step for f in found] == [2, 11]
    assert "深龙应急罚〔2024〕3号" in found[0].message


def test_dropped_earlier_case_does_not_block_a_new_one():
    assert rule_findings(_related(state="dropped"), "APL-29-NEBIS") == []


def test_earlier_case_for_an_earlier_act_period_is_a_different_act():
    doc = _related(act_start="2022-01-01", act_end="2022-06-30")
    assert rule_findings(doc, "APL-29-NEBIS") == []


def test_rule_listing_shows_late_filing_as_a_defect_but_a_missing_approval_stays_an_error():
    import caseflow_plugins.legal_procedure as plugin
    from caseflow.engine.findings import Severity

    listed = {r.id: r for r in plugin.caseflow_register_rules()}
    assert {k for k, r in listed.items() if r.severity == Severity.WARNING} == {"AQ-113-CLOSE"}
    assert Severity.DEFECT in listed["APL-54-FILE"].severities
    doc = general_case()
    find(doc, "register")["approved_by"] = "A001"
    (f,) = rule_findings(doc, "APL-54-FILE")
    assert f.is_error


def test_the_rules_revision_2_names_give_a_defect_for_lateness():
    import caseflow_plugins.legal_procedure as plugin
    from caseflow.engine.findings import Severity

    listed = {r.id: r for r in plugin.caseflow_register_rules()}
    late = {"APL-61-SERVICE", "AQ-78-PUBLISH", "AQ-REVIEW", "APL-56-PRESERVE", "APL-51-SIMPLE",
            "APL-54-FILE", "APL-60-90DAY", "TRF-310-5"}  # fmt: skip
    assert {k for k, r in listed.items() if Severity.DEFECT in r.severities} == late
