"""E. Review and decision."""

from .builders import (
    CATALOGUE,
    cut_after,
    drop,
    find,
    general_case,
    insert_before,
    rule_findings,
)


def test_decision_without_legal_review_is_refused():
    (f,) = rule_findings(drop(general_case(), "legal_review"), "APL-58-LEGALREVIEW")
    assert "2024-04-01" in f.message


def _index(doc, name):
    return next(i for i, s in enumerate(doc["steps"]) if s["step"] == name)


def test_reviewer_without_legal_qualification_cannot_review_nor_clear_a_decision():
    doc = general_case()
    find(doc, "legal_review")["reviewer"] = "L003"
    found = rule_findings(doc, "APL-58-LEGALREVIEW")
    # Refused at the review itself, and the decision it would clear is refused too.
    assert {f.step for f in found} == {_index(doc, "legal_review"), _index(doc, "decide")}
    assert all("赵敏(L003)" in f.message for f in found)


def test_investigating_officer_cannot_be_the_legal_reviewer():
    doc = general_case()
    find(doc, "legal_review")["reviewer"] = "A001"
    found = rule_findings(doc, "APL-58-LEGALREVIEW")
    assert any(
        "one of the case's officers" in f.message_en and f.step == _index(doc, "legal_review")
        for f in found
    )


def test_returned_legal_review_blocks_the_decision():
    doc = general_case()
    find(doc, "legal_review")["opinion"] = "return"
    (f,) = rule_findings(doc, "APL-58-LEGALREVIEW")
    assert "return" in f.message


def test_qualified_independent_approving_review_clears_the_decision():
    assert rule_findings(general_case(), "APL-58-LEGALREVIEW") == []


def test_fine_of_50000_without_collective_discussion_is_refused():
    (f,) = rule_findings(general_case(50000), "APL-57-COLLECTIVE")
    assert "50,000" in f.message


def test_fine_of_49999_needs_no_collective_discussion():
    assert rule_findings(general_case(49999), "APL-57-COLLECTIVE") == []


def test_fine_of_50000_discussed_by_the_heads_is_lawful():
    doc = general_case(50000)
    discussion = {
        "step": "collective_discussion",
        "date": "2024-03-29",
        "participants": ["H001", "H002"],
        "conclusion": "同意",
    }
    insert_before(doc, "decide", discussion)
    assert rule_findings(doc, "APL-57-COLLECTIVE") == []


def test_discussion_by_one_head_and_officers_is_not_collective():
    doc = general_case(50000)
    discussion = {
        "step": "collective_discussion",
        "date": "2024-03-29",
        "participants": ["H001", "A001"],
    }
    insert_before(doc, "decide", discussion)
    assert rule_findings(doc, "APL-57-COLLECTIVE")


def test_decision_with_an_unknown_outcome_is_refused():
    doc = general_case()
    find(doc, "decide")["outcome"] = "settled"
    (f,) = rule_findings(doc, "APL-57-OUTCOME")
    assert "settled" in f.message


def test_no_penalty_for_unproven_facts_is_a_lawful_outcome():
    doc = general_case()
    find(doc, "decide").update(outcome="no_penalty_unproven", penalty=None)
    assert rule_findings(doc, "APL-57-OUTCOME") == []


def _corrected(on: str, **flags) -> dict:
    doc = general_case()
    doc["violations"][0].update(corrected_on=on, **flags)
    return doc


def test_penalising_a_minor_harmless_promptly_corrected_act_is_refused():
    """APL art. 33(1) says 不予行政处罚: penalising such an act is an error."""
    (f,) = rule_findings(_corrected("2024-03-19", minor=True), "APL-33-NOPENALTY")
    assert f.is_error and "2024-03-19" in f.message


def test_correction_after_the_ordered_deadline_is_not_prompt():
    assert rule_findings(_corrected("2024-03-20", minor=True), "APL-33-NOPENALTY") == []


def test_first_offence_with_minor_harm_gets_a_may_waive_hint():
    doc = _corrected("2024-03-15", minor=True, harm=True, first_offense=True)
    (f,) = rule_findings(doc, "APL-33-NOPENALTY")
    assert not f.is_error and "may be waived" in f.message_en


def _in_force(effective: str, act_end=None, **entry) -> dict:
    doc = general_case()
    doc["violations"][0]["act_end"] = act_end
    return doc, {"AQL-97-3": {**CATALOGUE["AQL-97-3"], "effective": effective, **entry}}


def test_provision_in_force_only_after_the_act_ended_cannot_be_applied():
    doc, cat = _in_force("2024-01-01", act_end="2023-12-31")
    (f,) = rule_findings(doc, "APL-37-LAWTIME", violations=cat)
    assert "2023-12-31" in f.message and "2024-01-01" in f.message


def test_later_provision_that_is_lighter_applies():
    doc, cat = _in_force("2024-01-01", act_end="2023-12-31", lighter_than_previous=True)
    assert rule_findings(doc, "APL-37-LAWTIME", violations=cat) == []


def test_continuing_act_is_judged_by_the_law_in_force_while_it_runs():
    doc, cat = _in_force("2024-01-01")
    assert rule_findings(doc, "APL-37-LAWTIME", violations=cat) == []


def test_fine_above_the_statutory_maximum_is_refused():
    (f,) = rule_findings(general_case(100001), "APL-AMOUNT")
    assert "100,001" in f.message and "100,000" in f.message


def test_fine_at_the_statutory_maximum_is_within_range():
    assert rule_findings(general_case(100000), "APL-AMOUNT") == []


def test_violation_code_missing_from_the_catalogue_is_refused_at_review():
    doc = general_case()
    doc["violations"][0]["code"] = "AQL-999"
    found = rule_findings(doc, "APL-AMOUNT")
    assert [f.step for f in found] == [8, 11]


def _banded():
    bands = [{"min": 0, "max": 10000}, {"min": 50000, "max": 100000}]
    cat = {"AQL-97-3": {**CATALOGUE["AQL-97-3"]}}
    cat["AQL-97-3"]["tiers"] = {"initial": {"min": 0, "max": 100000, "bands": bands}}
    return cat


def test_fine_outside_every_discretion_band_without_reasons_is_a_warning():
    (f,) = rule_findings(general_case(20000), "APL-AMOUNT", violations=_banded())
    assert f.severity == "warning" and "discretion_reasons" in f.message_en
    assert rule_findings(general_case(60000), "APL-AMOUNT", violations=_banded()) == []


def test_fine_outside_the_band_with_written_reasons_passes():
    doc = general_case(20000)
    find(doc, "decide")["discretion_reasons"] = "当事人主动消除危害后果，从轻处罚"
    assert rule_findings(doc, "APL-AMOUNT", violations=_banded()) == []


def test_the_units_published_bands_replace_the_catalogues_split():
    published = {"AQL-97-3": {"initial": [{"name": "较轻", "min": 10000, "max": 30000}]}}
    found = rule_findings(
        general_case(5000), "APL-AMOUNT", settings={"APL-AMOUNT.bands": published}
    )
    assert [f.severity for f in found] == ["warning"]
    assert (
        rule_findings(general_case(20000), "APL-AMOUNT", settings={"APL-AMOUNT.bands": published})
        == []
    )


def test_a_fine_of_zero_is_an_error():
    (f,) = rule_findings(general_case(0), "APL-AMOUNT")
    assert f.is_error and "0" in f.message


def test_fine_above_the_statutory_maximum_is_an_error_not_a_warning():
    (f,) = rule_findings(general_case(100001), "APL-AMOUNT")
    assert f.is_error


def test_decision_document_without_remedies_is_refused():
    doc = general_case()
    find(doc, "decide")["contents"].remove("remedies")
    (f,) = rule_findings(doc, "APL-59-CONTENT")
    assert "remedies" in f.message


def test_warning_only_decision_needs_no_payment_instructions():
    doc = general_case()
    decision = find(doc, "decide")
    decision.update(penalty={"kinds": ["warning"], "fine": 0})
    decision["contents"].remove("payment")
    assert rule_findings(doc, "APL-59-CONTENT") == []


def _decided(day: str) -> dict:
    doc = general_case()
    find(doc, "decide")["date"] = day
    return doc


def test_decision_on_day_91_after_filing_without_extension_is_refused():
    # Filed 7 Mar 2024: day 90 is 5 Jun.
    (f,) = rule_findings(_decided("2024-06-06"), "APL-60-90DAY")
    assert (
        "第91日" in f.message and "2024-03-07" in f.message and "no approved extension" in f.message
    )


def test_decision_on_day_90_after_filing_is_in_time():
    assert rule_findings(_decided("2024-06-05"), "APL-60-90DAY") == []


def test_extension_approved_by_a_head_moves_the_limit():
    doc = _decided("2024-06-06")
    insert_before(
        doc,
        "decide",
        {"step": "extension", "date": "2024-05-30", "approved_by": "H001", "days": 30},
    )
    assert rule_findings(doc, "APL-60-90DAY") == []


def test_extension_approved_by_an_officer_does_not_count():
    doc = _decided("2024-06-06")
    insert_before(
        doc,
        "decide",
        {"step": "extension", "date": "2024-05-30", "approved_by": "A001", "days": 30},
    )
    assert rule_findings(doc, "APL-60-90DAY")


def test_open_case_past_day_90_without_a_decision_is_reported():
    doc = general_case()
    doc["steps"] = doc["steps"][:9]  # up to the legal review
    assert rule_findings(doc, "APL-60-90DAY", as_of="2024-06-05") == []
    (f,) = rule_findings(doc, "APL-60-90DAY", as_of="2024-06-06")
    assert f.step == 2 and "2024-06-05" in f.message


def _preview(doc: dict, name: str, day: str, **data) -> list:
    """What the engine's list of open steps sees: the step with only its actor fields."""
    import datetime as dt

    from caseflow.engine.checks import check_step
    from caseflow.engine.record import Step

    from .builders import build, context, manager

    record = build(doc)
    step = Step(len(record.steps), name, dt.date.fromisoformat(day), data)
    return check_step(manager(), record, step, context(mode="preview"))


def test_decision_step_is_shown_closed_while_the_legal_review_is_returned():
    doc = cut_after(general_case(), "statement")
    find(doc, "legal_review")["opinion"] = "return"
    found = _preview(doc, "decide", "2024-04-01", approved_by="H001")
    assert [f.rule for f in found if f.is_error] == ["APL-58-LEGALREVIEW"]


def test_legal_review_step_is_shown_closed_to_a_reviewer_who_investigated_the_case():
    doc = cut_after(general_case(), "conclude")
    doc["people"][0].update(roles=["officer", "reviewer"], legal_qualification=True)
    found = _preview(doc, "legal_review", "2024-03-22", reviewer="A001")
    assert [f.rule for f in found] == ["APL-58-LEGALREVIEW"]


def test_extension_approved_after_day_90_had_passed_does_not_revive_the_limit():
    # Filed 7 Mar 2024, day 90 is 5 Jun: an extension signed on 10 Jun comes too late.
    doc = _decided("2024-06-12")
    insert_before(
        doc,
        "decide",
        {"step": "extension", "date": "2024-06-10", "approved_by": "H001", "days": 30},
    )
    # The extension itself is now refused (issue 8: it used to pass with no finding while
    # the core moved the deadline), and the decision is still judged by the old limit.
    on_extension, on_decision = rule_findings(doc, "APL-60-90DAY")
    assert on_extension.is_error and "2024-06-05" in on_extension.message
    assert "2024-06-05" in on_decision.message and "2024-06-10" in on_decision.message


def test_second_extension_approved_within_the_first_extended_limit_counts():
    doc = _decided("2024-07-20")
    insert_before(
        doc,
        "decide",
        {"step": "extension", "date": "2024-05-30", "approved_by": "H001", "days": 30},
        {"step": "extension", "date": "2024-07-01", "approved_by": "H001", "days": 30},
    )
    assert rule_findings(doc, "APL-60-90DAY") == []
