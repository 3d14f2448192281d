"""Record-keeping invariants the core holds whatever the domain: nothing recorded twice.

An evidence id names one piece of evidence on a case. A second ``evidence`` step
with an id already recorded is almost always the same entry posted twice (a
back-button resubmit, an import run again): live, it is refused at entry with a
field error naming the earlier step; in a case-file review (案卷评查) the same
check is a finding, since an old file cannot be refused, only judged. A duplicate
entered before this check existed is withdrawn by a ``correct`` step that voids it.
"""

from __future__ import annotations

from caseflow.engine.errors import InvalidData
from caseflow.engine.findings import Finding, error
from caseflow.engine.record import CaseRecord, Step

RULE_EVIDENCE_ID = "CORE-EVIDENCE-ID-UNIQUE"
EVIDENCE_STEP = "evidence"


def earlier_evidence(record: CaseRecord, step: Step) -> Step | None:
    """The recorded ``evidence`` step that already holds ``step``'s id, or None."""
    eid = step.get("id") if step.step == EVIDENCE_STEP else None
    if eid in (None, ""):
        return None
    return next((s for s in record.steps_named(EVIDENCE_STEP) if s.get("id") == eid), None)


def _describe(earlier: Step) -> tuple[str, str]:
    # Step indexes are 0-based in the case-file format; people count from 1.
    n = earlier.index + 1
    return (f"第{n}步“evidence”（{earlier.date}）", f"step {n} 'evidence' of {earlier.date}")


def check_step(record: CaseRecord, step: Step) -> list[Finding]:
    """The invariants as findings, for the review and for any caller that judges
    rather than refuses."""
    earlier = earlier_evidence(record, step)
    if earlier is None:
        return []
    zh, en = _describe(earlier)
    eid = step.get("id")
    return [
        error(
            RULE_EVIDENCE_ID,
            f"证据编号{eid}已由{zh}记录，同一证据不得重复登记",
            f"evidence id {eid} is already recorded by {en}; nothing is recorded twice",
            "案卷管理：证据编号在案内唯一",
            evidence_id=eid,
            earlier_step=earlier.index,
        )
    ]


def refuse_duplicate(record: CaseRecord, step: Step) -> None:
    """Refuse ``step`` at entry, on its ``id`` field, if its evidence id is taken."""
    earlier = earlier_evidence(record, step)
    if earlier is None:
        return
    zh, en = _describe(earlier)
    eid = step.get("id")
    raise InvalidData(
        f"证据编号{eid}已由{zh}记录",
        f"evidence id {eid} is already recorded by {en}",
        field_errors={"id": [f"证据编号{eid}已由{zh}记录 / {eid} is already recorded by {en}"]},
    )
