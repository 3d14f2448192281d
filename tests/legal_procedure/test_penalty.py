"""Revision 2: what a penalty may be — its kinds, its subject, one fine for one act, and
illegal gains confiscated (APL-AMOUNT-KINDS, APL-40-SUBJECT, APL-29-MULTI, APL-28-GAINS)."""

from caseflow_plugins.work_safety_law import load_catalogue

from .builders import decide, find, findings, fine, general_case

CATALOGUE = {e["code"]: e for e in load_catalogue()}


def rule_findings(doc, rule):
    return findings(doc, rule, violations=CATALOGUE)


def _penalise(doc, penalty):
    find(doc, "notify")["proposed"] = penalty
    find(doc, "decide")["penalty"] = penalty
    return doc


def _overdue(doc, code="AQL-97-3"):
    doc["violations"][0].update(code=code, tier="overdue")
    return doc


# -- APL-AMOUNT-KINDS ---------------------------------------------------------------


def test_a_county_bureau_cannot_decide_a_closure_itself():
    doc = _penalise(general_case(), fine(20000, "fine", "closure"))
    found = rule_findings(doc, "APL-AMOUNT-KINDS")
    assert {f.step for f in found} == {9, 11}  # the notice and the decision
    assert all("人民政府" in f.message for f in found)


def test_overdue_training_failure_must_also_order_suspension():
    doc = _penalise(_overdue(general_case(150000)), fine(150000))
    (f, _decision) = rule_findings(doc, "APL-AMOUNT-KINDS")
    assert "责令停产停业整顿" in f.message_zh and "suspension" in f.message_en


def test_overdue_fine_with_suspension_is_the_kind_the_law_sets():
    doc = _penalise(_overdue(general_case(150000)), fine(150000, "fine", "suspension"))
    assert rule_findings(doc, "APL-AMOUNT-KINDS") == []


def test_a_practice_ban_is_not_a_penalty_article_99_provides():
    doc = general_case()
    doc["violations"][0]["code"] = "AQL-99-2"
    _penalise(doc, fine(20000, "fine", "practice_ban"))
    found = rule_findings(doc, "APL-AMOUNT-KINDS")
    assert found and all("practice_ban" in f.message_en for f in found)


def test_article_99_may_add_a_suspension_where_serious():
    doc = general_case()
    doc["violations"][0]["code"] = "AQL-99-2"
    _penalise(doc, fine(20000, "fine", "suspension"))
    assert rule_findings(doc, "APL-AMOUNT-KINDS") == []


# -- APL-40-SUBJECT -----------------------------------------------------------------


def test_a_company_fined_for_its_principal_heads_own_duty_is_the_wrong_party():
    doc = general_case(30000)
    doc["violations"][0].update(code="AQL-94", liable="principal_head")
    (concluded, decided) = rule_findings(doc, "APL-40-SUBJECT")
    assert "主要负责人" in decided.message_zh and decided.step == 11


def test_the_principal_head_fined_personally_is_the_liable_subject():
    doc = general_case(30000)
    doc["party"] = {"kind": "individual", "name": "黄某", "id_code": "11010519491231002X"}
    doc["violations"][0].update(code="AQL-94", liable="principal_head")
    assert rule_findings(doc, "APL-40-SUBJECT") == []


def test_a_liable_subject_other_than_the_provisions_is_an_error():
    doc = general_case()
    doc["violations"][0]["liable"] = "principal_head"  # art. 97 makes the unit liable
    found = rule_findings(doc, "APL-40-SUBJECT")
    assert found and all("AQL-97-3" in f.message for f in found)


def test_a_party_no_evidence_identifies_cannot_be_penalised():
    doc = general_case()
    for s in doc["steps"]:
        if s["step"] == "evidence":
            s["proves"] = [p for p in s["proves"] if p != "party"]
    found = rule_findings(doc, "APL-40-SUBJECT")
    assert found and "身份" in found[-1].message_zh


def test_the_clean_case_proves_its_party_and_subject():
    assert rule_findings(general_case(), "APL-40-SUBJECT") == []


# -- APL-29-MULTI --------------------------------------------------------------------


def _one_act_two_provisions(amount):
    doc = general_case(amount)
    first = doc["violations"][0]
    first["act"] = "A1"
    doc["violations"].append({**first, "code": "AQL-99-2"})  # up to 100,000 and 50,000
    find(doc, "notify")["basis"] = ["AQL-97-3", "AQL-99-2"]
    return doc


def test_one_act_breaching_two_provisions_is_not_fined_under_both():
    (f,) = rule_findings(_one_act_two_provisions(120000), "APL-29-MULTI")
    assert "AQL-97-3" in f.message and "100,000" in f.message


def test_one_act_fined_once_within_the_heavier_provision_passes():
    assert rule_findings(_one_act_two_provisions(100000), "APL-29-MULTI") == []


def test_two_separate_acts_may_each_be_fined():
    doc = _one_act_two_provisions(120000)
    for v in doc["violations"]:
        v["act"] = None
    assert rule_findings(doc, "APL-29-MULTI") == []


# -- APL-28-GAINS --------------------------------------------------------------------


def test_illegal_gains_recorded_must_be_confiscated():
    doc = general_case()
    doc["violations"][0]["gains"] = 8000
    (f,) = rule_findings(doc, "APL-28-GAINS")
    assert "8,000" in f.message


def test_illegal_gains_confiscated_with_the_fine_pass():
    doc = general_case()
    doc["violations"][0]["gains"] = 8000
    doc["steps"][11] = decide("2024-04-01", penalty=fine(20000, "fine", "confiscation"))
    assert rule_findings(doc, "APL-28-GAINS") == []


def test_an_on_the_spot_decision_needs_no_filed_evidence_of_the_partys_identity():
    from .builders import summary_case

    assert rule_findings(summary_case(), "APL-40-SUBJECT") == []
