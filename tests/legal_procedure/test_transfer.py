"""G. Transfer of suspected crimes to the police."""

from .builders import cut_after, evidence, general_case, rule_findings

FULL = ["transfer_letter", "investigation_report", "item_inventory"]


def _transfer(*steps: dict, reported: str = "2024-09-27") -> dict:
    doc = cut_after(general_case(), "conclude")
    doc["steps"].append({"step": "transfer_report", "date": reported})
    doc["steps"].extend(steps)
    return doc


def _decided(on: str, **keys) -> dict:
    return {
        "step": "transfer_decision",
        "date": on,
        "approved": True,
        "approved_by": "H001",
        **keys,
    }


def test_head_deciding_on_the_third_calendar_day_is_in_time():
    # Reported Fri 27 Sep 2024: the third day is Mon 30 Sep (310号令's days are calendar days).
    assert rule_findings(_transfer(_decided("2024-09-30")), "TRF-310-5") == []


def test_head_deciding_after_the_third_calendar_day_is_late():
    (f,) = rule_findings(_transfer(_decided("2024-10-08")), "TRF-310-5")
    assert "2024-09-30" in f.message and f.is_defect


def test_three_days_ending_on_a_rest_day_roll_to_the_next_working_day():
    # Reported Wed 4 Sep 2024: the third day is Sat 7 Sep, so Mon 9 Sep is in time.
    doc = _transfer(_decided("2024-09-09"), reported="2024-09-04")
    assert rule_findings(doc, "TRF-310-5") == []


def test_transfer_decided_by_a_deputy_head_is_refused():
    """310号令 art. 5: the principal head (正职负责人) decides on the transfer."""
    (f,) = rule_findings(_transfer(_decided("2024-09-30", approved_by="H002")), "TRF-310-5")
    assert f.is_error and "周涛(H002)" in f.message


def test_transfer_decided_by_the_principal_head_is_lawful():
    assert rule_findings(_transfer(_decided("2024-09-30", approved_by="H001")), "TRF-310-5") == []


def test_refused_transfer_without_reasons_is_refused():
    doc = _transfer(_decided("2024-09-30", approved=False))
    (f,) = rule_findings(doc, "TRF-310-5")
    assert "reasons" in f.message_en


def test_transfer_the_day_after_approval_is_within_24_hours_by_date():
    doc = _transfer(
        _decided("2024-09-30"), {"step": "transfer", "date": "2024-10-01", "attachments": FULL}
    )
    assert rule_findings(doc, "TRF-310-5") == []


def test_transfer_25_hours_after_approval_is_late():
    doc = _transfer(
        _decided("2024-09-30T10:00:00+08:00"),
        {"step": "transfer", "date": "2024-10-01T11:00:00+08:00", "attachments": FULL},
    )
    (f,) = rule_findings(doc, "TRF-310-5")
    assert "24" in f.message


def test_report_left_undecided_past_three_working_days_is_reported():
    doc = _transfer()
    assert rule_findings(doc, "TRF-310-5", as_of="2024-09-30") == []
    assert rule_findings(doc, "TRF-310-5", as_of="2024-10-01")


def test_transfer_without_the_item_inventory_is_refused():
    doc = _transfer(
        _decided("2024-09-30"),
        {"step": "transfer", "date": "2024-09-30", "attachments": FULL[:2]},
    )
    (f,) = rule_findings(doc, "TRF-310-6")
    assert "item_inventory" in f.message


def test_transfer_with_letter_report_and_inventory_is_complete():
    doc = _transfer(
        _decided("2024-09-30"), {"step": "transfer", "date": "2024-09-30", "attachments": FULL}
    )
    assert rule_findings(doc, "TRF-310-6") == []


def test_case_with_sampling_must_send_the_test_reports():
    doc = _transfer(
        _decided("2024-09-30"), {"step": "transfer", "date": "2024-09-30", "attachments": FULL}
    )
    doc["steps"].insert(3, evidence("2024-03-12", "E8", "sampling", ["act"]))
    assert rule_findings(doc, "TRF-310-6")


def _declined(*after: dict) -> dict:
    return _transfer(
        _decided("2024-09-26"),
        {"step": "transfer", "date": "2024-09-26", "attachments": FULL},
        {"step": "police_reply", "date": "2024-09-27", "accepted": False},
        *after,
        reported="2024-09-25",
    )


def test_reconsideration_asked_on_the_third_day_after_a_police_refusal_is_in_time():
    doc = _declined({"step": "reconsideration_request", "date": "2024-09-30"})
    assert rule_findings(doc, "TRF-310-9-12") == []


def test_reconsideration_asked_later_is_only_a_reminder():
    """310号令 art. 9 says 可以: asking the police again is an option, never a block."""
    doc = _declined({"step": "reconsideration_request", "date": "2024-10-08"})
    (f,) = rule_findings(doc, "TRF-310-9-12")
    assert "2024-09-30" in f.message and f.severity == "warning"


def test_police_refusal_left_unanswered_is_a_reminder_once_the_window_ran_out():
    doc = _declined()
    assert rule_findings(doc, "TRF-310-9-12", as_of="2024-09-30") == []
    (f,) = rule_findings(doc, "TRF-310-9-12", as_of="2024-10-01")
    assert f.severity == "warning"


def test_closing_after_a_police_refusal_without_handling_the_case_is_refused():
    """310号令 art. 10: the unit handles a case the police declined itself."""
    doc = _declined({"step": "close", "date": "2024-10-09", "approved_by": "H001"})
    found = [f for f in rule_findings(doc, "TRF-310-9-12") if f.is_error]
    assert len(found) == 1 and "declined" in found[0].message_en


def test_closing_after_a_police_refusal_and_a_penalty_decision_is_lawful():
    doc = _declined(
        {"step": "decide", "date": "2024-10-08", "outcome": "penalty",
         "penalty": {"kinds": ["fine"], "fine": 20000}},
        {"step": "close", "date": "2024-10-09", "approved_by": "H001"},
    )  # fmt: skip
    assert [f for f in rule_findings(doc, "TRF-310-9-12") if f.is_error] == []


def test_items_handed_over_after_three_days_of_police_acceptance_stay_an_error():
    doc = _declined()
    doc["steps"][-1]["accepted"] = True
    doc["steps"].append({"step": "handover", "date": "2024-10-08"})
    (f,) = rule_findings(doc, "TRF-310-9-12")
    assert f.is_error


def test_police_reply_to_a_case_never_transferred_is_refused():
    doc = _transfer({"step": "police_reply", "date": "2024-10-08", "accepted": True})
    assert rule_findings(doc, "TRF-310-9-12")


def test_penalty_decided_while_the_transfer_awaits_the_police_is_refused():
    doc = _transfer(
        _decided("2024-09-30"),
        {"step": "transfer", "date": "2024-09-30", "attachments": FULL},
        {
            "step": "decide",
            "date": "2024-10-08",
            "outcome": "penalty",
            "penalty": {"kinds": ["fine"], "fine": 20000},
        },
        {"step": "close", "date": "2024-10-09", "approved_by": "H001"},
    )
    found = rule_findings(doc, "TRF-NOSUB")
    assert [f.step for f in found] == [11, 12]


def test_case_may_close_once_the_police_accepted_it():
    doc = _transfer(
        _decided("2024-09-30"),
        {"step": "transfer", "date": "2024-09-30", "attachments": FULL},
        {"step": "police_reply", "date": "2024-10-08", "accepted": True},
        {"step": "close", "date": "2024-10-09", "approved_by": "H001"},
    )
    assert rule_findings(doc, "TRF-NOSUB") == []


def test_refused_transfer_leaves_the_penalty_route_open():
    doc = _transfer(
        _decided("2024-09-30", approved=False, reasons="未达追诉标准"),
        {
            "step": "decide",
            "date": "2024-10-08",
            "outcome": "penalty",
            "penalty": {"kinds": ["fine"], "fine": 20000},
        },
    )
    assert rule_findings(doc, "TRF-NOSUB") == []


def test_transfer_timed_with_an_offset_after_an_approval_timed_without_one_is_judged():
    # A time without an offset is China Standard Time: 10:00 to 11:00+08:00 the next day
    # is 25 hours. Mixing the two used to crash the rule (naive minus aware datetime).
    late = _transfer(
        _decided("2024-09-30T10:00:00"),
        {"step": "transfer", "date": "2024-10-01T11:00:00+08:00", "attachments": FULL},
    )
    (f,) = rule_findings(late, "TRF-310-5")
    assert "24" in f.message
    in_time = _transfer(
        _decided("2024-09-30T10:00:00+08:00"),
        {"step": "transfer", "date": "2024-10-01T09:00:00", "attachments": FULL},
    )
    assert rule_findings(in_time, "TRF-310-5") == []


def _open_with(*kinds: str) -> dict:
    return _transfer(
        _decided("2024-09-30"),
        {"step": "transfer", "date": "2024-09-30", "attachments": FULL},
        {"step": "decide", "date": "2024-10-08", "outcome": "penalty",
         "penalty": {"kinds": list(kinds), "fine": 20000 if "fine" in kinds else 0}},
    )  # fmt: skip


def test_suspension_while_a_transfer_is_open_is_lawful():
    """310号令 art. 11(2): warnings, suspension and permit actions stay lawful."""
    assert rule_findings(_open_with("warning", "suspension"), "TRF-NOSUB") == []


def test_confiscation_while_a_transfer_is_open_is_refused():
    (f,) = rule_findings(_open_with("confiscation"), "TRF-NOSUB")
    assert f.is_error
