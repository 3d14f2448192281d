"""Documents after the decision, in Chinese: the deferral's approval form, and the
decision the party receives only when approved (行政处罚法 art. 66(2)); the closing
approval saying how the case ended."""

from __future__ import annotations

import pytest

from tests.web.test_documents import example, imported, printed

PLAN = [{"date": "2024-05-15", "amount": 10000}, {"date": "2024-06-14", "amount": 10000}]


@pytest.fixture(autouse=True)
def imported_later(clock):
    clock.set("2025-01-06")


def _deferred(approved: bool) -> dict:
    doc = example("small")
    doc["steps"] = [s for s in doc["steps"] if s["step"] not in ("pay", "close")]
    doc["steps"] += [
        {"step": "deferral_request", "date": "2024-04-10"},
        {"step": "deferral_decision", "date": "2024-04-12", "approved": approved,
         "kind": "instalments", "due": PLAN if approved else None, "approved_by": "H001"},
    ]  # fmt: skip
    if not approved:
        doc["steps"][-1].pop("due")
    return doc


def test_approved_instalments_print_the_approval_form_and_the_decision_with_each_date(
    app, client, auth
):
    case_id = imported(app, _deferred(True))
    auth.login("head1")
    docs = printed(app, client, case_id)
    assert "延期（分期）缴纳罚款审批表" in docs["deferral_approval"]
    decision = docs["deferral_decision"]
    assert "2024年5月15日前缴纳人民币10,000.00元" in decision
    assert "2024年6月14日前缴纳人民币10,000.00元" in decision
    assert "分期" in decision and "第六十六条" in decision


def test_a_refused_deferral_prints_the_approval_form_only(app, client, auth):
    case_id = imported(app, _deferred(False))
    auth.login("head1")
    docs = printed(app, client, case_id)
    assert "不同意" in docs["deferral_approval"] and "deferral_decision" not in docs


def test_the_closing_approval_of_a_case_the_court_refused_to_enforce_states_its_reasons(
    app, client, auth
):
    doc = example("small")
    doc["steps"] = [s for s in doc["steps"] if s["step"] not in ("pay", "close")]
    doc["steps"] += [
        {"step": "demand", "date": "2024-10-08"},
        {"step": "enforce_application", "date": "2024-10-22"},
        {"step": "court_ruling", "date": "2024-10-25", "granted": False,
         "reasons": "被申请人已申请破产"},
        {"step": "close", "date": "2024-10-30", "approved_by": "H001"},
    ]  # fmt: skip
    case_id = imported(app, doc)
    auth.login("head1")
    closing = printed(app, client, case_id)["closing_approval"]
    assert "人民法院裁定不准予强制执行，理由：被申请人已申请破产" in closing
    assert "已执行完毕" not in closing
