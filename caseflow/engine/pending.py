"""Acknowledging defects (瑕疵): who must sign a pending step, signing it, returning it.

A step whose findings include a defect is neither refused nor recorded: the law
treats lateness of a service, publication, re-inspection or report as a minor
flaw (行政诉讼法 art. 74; 2018 interpretation art. 96), so the act is still
recorded, but only once a head has acknowledged the flaw with a reason — and,
where it touches the decision itself (a rule marks such a finding with
``touches_decision``), a legal reviewer who is not an officer of the case as
well (legal-rules.md, revision 2). Until then it waits as a
:class:`~caseflow.models.PendingStep` outside the audit trail, and no step that
would move the case can be taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine.errors import Forbidden, InvalidData, NotAvailable
from caseflow.engine.findings import Finding
from caseflow.models import Case, Event, PendingStatus, PendingStep, User

# case-file-format.md 1.1, ``acknowledged.category``.
CATEGORIES = {
    "force_majeure": ("不可抗力", "force majeure"),
    "party": ("当事人原因", "the party's doing"),
    "internal": ("内部原因", "internal"),
    "other": ("其他", "other"),
}

# The roles that may sign, in the order they are asked for.
HEAD, REVIEWER = "head", "reviewer"


@dataclass(frozen=True)
class Acknowledgement:
    """What a signer states: why the defect is accepted, and of which kind."""

    reason: str
    category: str

    def checked(self) -> Acknowledgement:
        errors = {}
        reason = (self.reason or "").strip()
        if not reason:
            errors["reason"] = ["a reason is required to acknowledge a defect"]
        if self.category not in CATEGORIES:
            errors["category"] = [f"must be one of {', '.join(CATEGORIES)}"]
        if errors:
            raise InvalidData("确认瑕疵须填写理由和类别", "acknowledging a defect needs a reason and a category", field_errors=errors)  # fmt: skip
        return Acknowledgement(reason, self.category)


def roles_owed(findings) -> list[str]:
    """Who must sign these findings' defects: a head always, a legal reviewer too
    where a defect touches the decision."""
    defects = [f for f in findings if _is_defect(f)]
    if not defects:
        return []
    touches = any(_data(f).get("touches_decision") for f in defects)
    return [HEAD, REVIEWER] if touches else [HEAD]


def defect_note(owed: list[str]) -> tuple[str, str]:
    """The preview's word on a step allowed with a defect: who must acknowledge it."""
    if REVIEWER in owed:
        return (
            "允许，但有瑕疵：需负责人和法制审核人员确认",
            "allowed with a defect: needs a head's and a legal reviewer's acknowledgement",
        )
    return "允许，但有瑕疵：需负责人确认", "allowed with a defect: needs a head's acknowledgement"


def _is_defect(f) -> bool:
    return f.is_defect if isinstance(f, Finding) else f.get("severity") == "defect"


def _data(f) -> dict:
    return f.data if isinstance(f, Finding) else (f.get("data") or {})


def officers_of(session: Session, case: Case) -> set[str]:
    """The officers of the case: everyone named as acting in one of its investigative
    acts (APL-42's ``by``)."""
    names = set()
    for (payload,) in session.execute(
        select(Event.payload).where(Event.case_id == case.id, Event.kind == "step")
    ):
        by = (payload.get("data") or {}).get("by") or []
        names.update(by if isinstance(by, list) else [by])
    return names


def acting_in(actor: str, data: dict) -> set[str]:
    """Who takes a step: whoever enters it and the officers it names."""
    by = data.get("by") or []
    return {actor, *(by if isinstance(by, list) else [by])}


def can_fill(session: Session, case: Case, user: User, role: str, acting: set[str]) -> bool:
    """Whether ``user`` may sign in ``role`` a step taken by ``acting``."""
    if case.unit_id not in user.unit.subtree_ids() or role not in user.roles:
        return False
    if role == REVIEWER:
        # The review of the decision is independent of the investigation (APL art. 58).
        return user.username not in acting | officers_of(session, case)
    return True


def sign(
    session: Session, case: Case, signatures: list[dict], owed: list[str], user: User,
    ack: Acknowledgement, acting: set[str], now,
) -> list[dict]:  # fmt: skip
    """``signatures`` with ``user``'s added in the first owed role he may fill."""
    ack = ack.checked()
    if any(s["by"] == user.username for s in signatures):
        raise Forbidden("您已确认过此瑕疵", "you have already acknowledged this defect")
    signed = {s["role"] for s in signatures}
    for role in owed:
        if role not in signed and can_fill(session, case, user, role, acting):
            return [*signatures, {"by": user.username, "role": role, "reason": ack.reason,
                                  "category": ack.category, "at": now.isoformat()}]  # fmt: skip
    raise Forbidden(
        "瑕疵须由负责人确认（涉及决定的，还须由非本案执法人员的法制审核人员确认）",
        "a defect is acknowledged by a head (and, where it touches the decision, by a "
        f"legal reviewer who is not an officer of the case); still owed: {', '.join(r for r in owed if r not in signed)}",
    )


def complete(signatures: list[dict], owed: list[str]) -> bool:
    return set(owed) <= {s["role"] for s in signatures}


def acknowledged(signatures: list[dict], findings: list[Finding]) -> dict:
    """The ``acknowledged`` key of the recorded step (case-file format 1.1)."""
    first = signatures[0]
    return {
        "by": [s["by"] for s in signatures],
        "reason": first["reason"],
        "category": first["category"],
        "signatures": signatures,
        "defects": [f.to_dict() for f in findings if f.is_defect],
    }


def waiting_on(session: Session, case: Case) -> PendingStep | None:
    return session.scalars(
        select(PendingStep)
        .where(PendingStep.case_id == case.id, PendingStep.status == PendingStatus.WAITING)
        .order_by(PendingStep.id)
    ).first()


def blocked(zh_step: str, pending: PendingStep) -> NotAvailable:
    return NotAvailable(
        f"本案有待负责人确认的步骤“{pending.step}”（待确认#{pending.id}），确认或退回前不能执行“{zh_step}”",
        f"pending step #{pending.id} ('{pending.step}') awaits acknowledgement; no step that "
        f"moves the case can be taken until it is acknowledged or returned",
    )


def pending_acting(pending: PendingStep) -> set[str]:
    return acting_in(pending.entered_by.username, pending.data)


def owed_now(pending: PendingStep) -> list[str]:
    signed = {s["role"] for s in pending.signatures}
    return [r for r in roles_owed(pending.findings) if r not in signed]


def work_list(session: Session, user: User) -> list[PendingStep]:
    """The waiting steps ``user`` may sign now, oldest first."""
    rows = session.scalars(
        select(PendingStep)
        .join(Case, Case.id == PendingStep.case_id)
        .where(
            PendingStep.status == PendingStatus.WAITING,
            Case.unit_id.in_(user.unit.subtree_ids()),
        )
        .order_by(PendingStep.entered_at, PendingStep.id)
    ).all()
    return [
        p for p in rows
        if all(s["by"] != user.username for s in p.signatures)
        and any(can_fill(session, p.case, user, r, pending_acting(p)) for r in owed_now(p))
    ]  # fmt: skip
