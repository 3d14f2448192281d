"""APL-44-CONTENT: the pre-decision notice states facts, reasons, provisions, the proposed
penalty, rights and the statement period, and its service is proved."""

from .builders import find, findings, general_case

NOTICE = 9


def full_notice(doc):
    find(doc, "notify").update(
        facts="未按规定对员工进行安全生产教育和培训",
        basis=["AQL-97-3"],
        statement_days=3,
        method="direct",
        receipt_signed=True,
    )
    return doc


def older_file(doc):
    """The same case as a format-1.0 file writes it: the notice without the 1.1 keys."""
    for key in ("facts", "basis", "statement_days", "method", "receipt_signed"):
        find(doc, "notify").pop(key, None)
    return doc


def rule_findings(doc, **kw):
    return findings(doc, "APL-44-CONTENT", **kw)


def test_a_notice_stating_everything_and_served_with_a_receipt_passes():
    assert rule_findings(full_notice(general_case())) == []


def test_a_notice_whose_facts_are_empty_states_nothing():
    doc = full_notice(general_case())
    find(doc, "notify")["facts"] = "  "
    found = rule_findings(doc)
    assert [f.step for f in found] == [NOTICE, 11]
    assert all(f.is_error and "facts" in f.message_en for f in found)


def test_a_notice_citing_no_provision_is_an_error():
    doc = full_notice(general_case())
    find(doc, "notify")["basis"] = []
    (f, _on_decision) = rule_findings(doc)
    assert f.is_error and "basis" in f.message_en


def test_a_notice_not_citing_every_violation_is_an_error():
    doc = full_notice(general_case())
    doc["violations"].append({**doc["violations"][0], "code": "AQL-99-2"})
    (f, _d) = rule_findings(doc)
    assert "AQL-99-2" in f.message


def test_a_notice_served_without_a_signed_receipt_is_not_proved():
    doc = full_notice(general_case())
    find(doc, "notify")["receipt_signed"] = False
    (f, _d) = rule_findings(doc)
    assert "receipt" in f.message_en


def test_a_notice_omitting_the_right_of_defence_is_an_error():
    doc = full_notice(general_case())
    find(doc, "notify")["rights"] = ["statement"]
    (f, _d) = rule_findings(doc)
    assert "defence" in f.message_en


def test_an_older_file_without_the_new_keys_gets_one_warning_it_could_not_be_checked():
    (f,) = rule_findings(older_file(general_case()))
    assert f.severity == "warning" and f.step == NOTICE and "could not be checked" in f.message_en


def test_live_a_notice_without_the_new_keys_is_not_refused_by_this_rule():
    assert rule_findings(older_file(general_case()), mode="live") == []
