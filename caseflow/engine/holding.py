"""Steps held for acknowledgement: storing one, signing it, giving it back.

The bookkeeping (who must sign, signing, the work list) is caseflow.engine.pending;
this is the part of the engine that writes a pending step and resolves it, kept
apart from firing so each module holds one concern. :class:`PendingSteps` is mixed
into :class:`~caseflow.engine.engine.Engine`, whose ``_fire`` it calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from caseflow.engine import audit
from caseflow.engine import pending as pending_book
from caseflow.engine.corrections import CORRECT
from caseflow.engine.errors import Conflict, Forbidden, InvalidData, conflict_on_collision
from caseflow.engine.record import Step
from caseflow.models import PendingStatus, PendingStep, User

if TYPE_CHECKING:
    from caseflow.engine.engine import Outcome


class PendingSteps:
    """The engine's writes for pending steps (needs ``_fire`` and ``clock``)."""

    def _hold(self, session, case, proposed: Step, findings, actor, signatures) -> PendingStep:
        """Store a step with a defect outside the audit trail, waiting for its signers."""
        pending = PendingStep(
            case_id=case.id, step=proposed.step,
            data=audit.jsonable({**proposed.data, "date": proposed.date}),
            findings=[f.to_dict() for f in findings], entered_by_id=actor.id,
            entered_at=self.clock(), expected_version=case.version, signatures=signatures,
            status=PendingStatus.WAITING,
        )  # fmt: skip
        session.add(pending)
        session.flush()
        return pending

    def acknowledge(
        self, session: Session, pending: PendingStep, actor: User,
        ack: pending_book.Acknowledgement,
    ) -> Outcome:  # fmt: skip
        """``actor`` signs ``pending``. When every owed signature is there the rules are
        checked again on the case as it is now (an error refuses, nothing written) and the
        step is recorded as one event holding the acknowledgement; until then the
        signature is kept on the pending step. The caller commits."""
        self._still_waiting(pending)
        case = pending.case
        with conflict_on_collision():
            if pending.step == CORRECT:
                outcome = self._correct(
                    session, case, dict(pending.data), pending.entered_by, None,
                    resolving=pending, signer=actor, acknowledgement=ack,
                )  # fmt: skip
            else:
                outcome = self._fire(
                    session, case, pending.step, dict(pending.data), pending.entered_by, None,
                    True, False, None, ack, True, pending, actor,
                )  # fmt: skip
        if outcome.event is not None:
            pending.status = PendingStatus.RECORDED
            pending.resolved_by_id, pending.resolved_at = actor.id, self.clock()
            pending.event_seq = outcome.event.seq
            outcome.pending = pending
        session.flush()
        return outcome

    def give_back(self, session: Session, pending: PendingStep, actor: User, reason: str) -> None:
        """Return ``pending`` to whoever entered it: it is discarded, nothing is recorded
        on the case, and the row keeps who returned it and why."""
        self._still_waiting(pending)
        if not (reason or "").strip():
            raise InvalidData(
                "退回须说明理由", "returning a pending step needs a reason",
                field_errors={"reason": ["a reason is required"]},
            )  # fmt: skip
        case = pending.case
        may = any(
            pending_book.can_fill(session, case, actor, r, pending_book.pending_acting(pending))
            for r in pending_book.roles_owed(pending.findings)
        )
        if not may:
            raise Forbidden(
                "只有须确认此瑕疵的人员可以退回",
                "only someone who must acknowledge it may return it",
            )
        pending.status = PendingStatus.RETURNED
        pending.resolved_by_id, pending.resolved_at = actor.id, self.clock()
        pending.return_reason = reason.strip()
        session.flush()

    @staticmethod
    def _still_waiting(pending: PendingStep) -> None:
        if pending.status != PendingStatus.WAITING:
            raise Conflict(
                f"待确认步骤#{pending.id}已处理（{PendingStatus(pending.status).label_zh}）",
                f"pending step #{pending.id} is already {pending.status}",
            )
