"""Fine ranges and kinds follow the date the violation ended (APL art. 37): an act that
ended before 2021-09-01 is priced by the 2014 law unless the 2021 law is lighter."""

from caseflow_plugins.work_safety_law import load_catalogue

from .builders import find, findings, fine, general_case

CATALOGUE = {e["code"]: e for e in load_catalogue()}


def ended_2021_06(amount, code="AQL-97-3", tier="initial", kinds=("fine",)):
    doc = general_case(amount)
    doc["violations"][0].update(code=code, tier=tier, act_start="2021-03-01", act_end="2021-06-30")
    find(doc, "notify")["proposed"] = fine(amount, *kinds)
    find(doc, "decide")["penalty"] = fine(amount, *kinds)
    return doc


def rule_findings(doc, rule):
    return findings(doc, rule, violations=CATALOGUE)


def test_an_act_that_ended_under_the_2014_law_is_fined_within_its_lower_range():
    (f,) = rule_findings(ended_2021_06(80000), "APL-AMOUNT")
    assert "50,000" in f.message
    assert rule_findings(ended_2021_06(40000), "APL-AMOUNT") == []


def test_pricing_an_old_act_by_the_law_then_is_no_law_in_time_finding():
    assert rule_findings(ended_2021_06(40000), "APL-37-LAWTIME") == []


def test_an_act_continuing_past_2021_09_01_is_priced_by_the_2021_law():
    doc = ended_2021_06(80000)
    doc["violations"][0]["act_end"] = None
    assert rule_findings(doc, "APL-AMOUNT") == []


def test_where_the_2021_law_is_lighter_it_applies_to_the_old_act():
    # Refusing to eliminate a hidden danger: 2014 suspension and 100,000–500,000; 2021
    # suspension only (the persons are fined). The lighter 2021 kinds apply.
    doc = ended_2021_06(200000, code="AQL-102", tier="overdue", kinds=("fine", "suspension"))
    found = rule_findings(doc, "APL-AMOUNT-KINDS")
    assert found and all("fine" in f.message_en for f in found)
    ok = ended_2021_06(0, code="AQL-102", tier="overdue", kinds=("suspension",))
    assert rule_findings(ok, "APL-AMOUNT-KINDS") == []
