"""Importing case files: record keeps history with findings, live fires every step.

The same rule set serves both: live mode refuses exactly the step that review
flags as the first error, on the same files.
"""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from caseflow.casefile.export import export_case
from caseflow.casefile.importer import import_case
from caseflow.casefile.reader import read_case_file
from caseflow.casefile.review import make_review_context
from caseflow.engine.audit import verify_all
from caseflow.engine.checks import check_case, review
from caseflow.engine.errors import Conflict, Forbidden, RuleViolation
from caseflow.models import Case, Event
from caseflow_plugins.legal_procedure.steps import STEP_KINDS
from tests.conftest import table_counts
from tests.domain import EXAMPLES, with_notice_contents


def example(name: str) -> dict:
    doc = json.loads((EXAMPLES / f"general-{name}-clean.json").read_text(encoding="utf-8"))
    # The 1.0 hearing example predates revision 2, which asks for a legal review after the
    # hearing (APL 58(2)): the one it lacks, on the day of the heads' discussion.
    heard = [i for i, s in enumerate(doc["steps"]) if s["step"] == "hearing"]
    if heard:
        review = next(s for s in doc["steps"] if s["step"] == "legal_review")
        doc["steps"].insert(heard[0] + 1, {**review, "date": "2024-10-28"})
    return with_notice_contents(doc, name)


@pytest.fixture(autouse=True)
def imported_later(clock):
    """Old cases are imported after they happened."""
    clock.set("2025-01-06")


@pytest.fixture
def head(district):
    return district["head1"]


@pytest.mark.parametrize("name", ["small", "hearing"])
def test_a_clean_file_imports_live_step_by_step_and_exports_the_same_history(
    name, rt, session, head
):
    doc = example(name)
    result = import_case(rt, session, doc, mode="live", actor=head)
    assert result.refusal is None, result.refusal and result.refusal.to_dict()
    case = result.case
    assert case.state == "closed" and case.number == doc["case_number"]
    exported = export_case(rt, session, case)
    assert exported["steps"] == doc["steps"]
    assert exported["violations"] == doc["violations"] and exported["party"] == doc["party"]
    assert {p["id"] for p in exported["people"]} <= {p["id"] for p in doc["people"]}
    assert verify_all(session)[1] == []


def test_record_mode_keeps_a_defective_history_and_attaches_its_findings(rt, session, head):
    doc = example("small")
    decide = next(i for i, s in enumerate(doc["steps"]) if s["step"] == "decide")
    doc["steps"][decide]["penalty"]["fine"] = 25000  # heavier than the 20,000 noticed
    result = import_case(rt, session, doc, mode="record", actor=head)
    assert result.case is not None and result.case.state == "closed"
    assert ("APL-45-NOHEAVIER", decide) in {(f.rule, f.step) for f in result.findings}
    steps = session.scalars(
        select(Event).where(Event.case_id == result.case.id, Event.kind == "step")
    ).all()
    assert len(steps) == len(doc["steps"])


def test_a_case_number_already_present_is_a_conflict(rt, session, head):
    import_case(rt, session, example("small"), mode="record", actor=head)
    with pytest.raises(Conflict):
        import_case(rt, session, example("small"), mode="live", actor=head)


def test_an_officer_cannot_import_cases(rt, session, district):
    with pytest.raises(Forbidden):
        import_case(rt, session, example("small"), mode="record", actor=district["officer1"])


def _set(step_name, nth=0, **changes):
    def mutate(doc):
        hits = [s for s in doc["steps"] if s["step"] == step_name]
        hits[nth].update(changes)

    return mutate


def _drop(*step_names):
    def mutate(doc):
        doc["steps"] = [s for s in doc["steps"] if s["step"] not in step_names]

    return mutate


def _fine(amount):
    def mutate(doc):
        next(s for s in doc["steps"] if s["step"] == "decide")["penalty"]["fine"] = amount

    return mutate


DEFECTS = {
    "credentials not shown at the inspection": ("small", _set("inspect", credentials_shown=False)),
    "one officer recording evidence": ("small", _set("evidence", 1, by=["A001"])),
    "an officer with an expired certificate": ("small", _set("evidence", 2, by=["A001", "A003"])),
    "reviewer without legal qualification": ("small", _set("legal_review", reviewer="L003")),
    "decision heavier than noticed": ("small", _fine(25000)),
    "decision before the statement window": ("small", _set("decide", date="2024-03-27")),
    # Without a notice there is no statement either: the workflow refuses a statement
    # before any notice on its own, earlier than any rule would.
    "no pre-decision notice": ("small", _drop("notify", "statement")),
    "service 10 working days late": ("small", _set("serve", date="2024-04-16")),
    "filing approved by an officer": ("small", _set("register", approved_by="A001")),
    "no collective discussion for 60,000": ("hearing", _drop("collective_discussion")),
    "hearing presided by an investigator": ("hearing", _set("hearing", presider="A001")),
    "decision incomplete": ("hearing", _set("decide", contents=["party", "facts"])),
    "clean small": ("small", lambda doc: None),
    "clean hearing": ("hearing", lambda doc: None),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_live_mode_refuses_exactly_the_step_review_flags_first(defect, rt, session, head):
    name, mutate = DEFECTS[defect]
    doc = copy.deepcopy(example(name))
    mutate(doc)
    record = read_case_file(doc, STEP_KINDS).record
    ctx = make_review_context(rt.pm)
    # As-of findings (a fine still unpaid when the file ends) judge the whole file, not
    # a step anyone proposed: live mode has nothing to refuse for them.
    as_of_findings = check_case(rt.pm, record, ctx)
    findings = [f for f in review(rt.pm, record, ctx) if f not in as_of_findings]
    # A defect (a late service) is refused live too until someone acknowledges it
    # (format 1.1): the file carries no acknowledgement here.
    error_steps = sorted(
        {f.step for f in findings if (f.is_error or f.is_defect) and f.step is not None}
    )
    before = table_counts(session)

    result = import_case(rt, session, doc, mode="live", actor=head)

    if not error_steps:
        assert result.refusal is None and result.case.state == "closed", defect
        return
    assert result.refused_step == error_steps[0], (
        defect,
        result.refusal and result.refusal.to_dict(),
    )
    assert result.case is None
    if isinstance(result.refusal, RuleViolation):
        live_rules = {f.rule for f in result.refusal.findings if f.is_error}
        review_rules = {f.rule for f in findings if f.is_error and f.step == error_steps[0]}
        assert live_rules == review_rules
    session.expire_all()
    assert table_counts(session) == before
    assert session.scalar(select(Case).where(Case.number == doc["case_number"])) is None
