"""Taking a ``correct`` step live: void a recorded step or correct some of its keys.

The semantics are the case-file format's (version 1.1, "Corrections"); what the rules
then read is :mod:`caseflow.engine.corrections`. A step that did not move the state
may be voided at any time; of those that moved it only the latest, and the case
returns to the state before it. A void cancels the deadlines the step opened, reopens
those it closed, and withdraws its documents (still listed); it is refused while a
case the step spawned is open. A correction of keys never moves the state, and a key
that chose the route or opened a deadline cannot be corrected (void and retake).

A correction needs a reason and a head's approval: a head takes it himself; anyone
else's is held as a pending step (caseflow.engine.pending) for a head to approve.
Both the original and the ``correct`` step stay in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.db import savepoint
from caseflow.engine import audit
from caseflow.engine import deadlines as deadline_book
from caseflow.engine import pending as pending_book
from caseflow.engine.checks import check_step
from caseflow.engine.corrections import CORRECT, ROUTING_KEYS, amendments, effective
from caseflow.engine.definition import StepSpec
from caseflow.engine.errors import (
    Conflict,
    Forbidden,
    InvalidData,
    NotAvailable,
    Refused,
    RuleViolation,
)
from caseflow.engine.fields import load_step_data
from caseflow.engine.findings import defect
from caseflow.engine.history import record_for, steps_of
from caseflow.engine.record import Step
from caseflow.models import Case, Deadline, Document, Event, PendingStatus, PendingStep, User
from caseflow.plugin_guard import PluginError

# Who may propose a correction; a head approves it.
PROPOSERS = ("officer", "head", "reviewer")
APPROVAL_RULE = "CORRECT-APPROVAL"


def _voided(steps, keys) -> set[int]:
    return {k for k, a in amendments(steps, keys).items() if a.voided_by is not None}


def target_date(target: Event) -> dt.date:
    return dt.date.fromisoformat(target.payload["date"])


def approval_needed() -> list:
    """The finding that holds a proposed correction for a head (its ``defect`` severity
    is what makes the pending-step machinery ask a head to sign)."""
    return [
        defect(
            APPROVAL_RULE,
            "更正须经负责人批准",
            "a correction needs a head's approval",
            "case-file-format.md 1.1, Corrections",
        )
    ]


class Corrections:
    """The engine's ``correct`` step (mixed into Engine: needs ``definition``,
    ``can_see``, ``bump``, ``context``, ``periods``, ``pm``, ``clock``, ``today``)."""

    def correct_spec(self) -> StepSpec:
        kind = self.kinds.get(CORRECT)
        if kind is None:
            raise NotAvailable("未定义“更正”步骤", "no plugin defines the 'correct' step kind")
        return StepSpec(
            name=CORRECT, label=kind.label, sources=(), dest=None, roles=PROPOSERS,
            fields=kind.fields,
        )  # fmt: skip

    def _correct(
        self, session: Session, case: Case, data: dict, actor: User, expected_version=None,
        resolving: PendingStep | None = None, signer: User | None = None,
        acknowledgement: pending_book.Acknowledgement | None = None,
    ):  # fmt: skip
        if expected_version is not None and expected_version != case.version:
            raise Conflict(
                f"案件版本已变为{case.version}（您看到的是{expected_version}），请刷新后重试",
                f"case is at version {case.version}, you read {expected_version}; reload and retry",
            )
        spec = self.correct_spec()
        if not self.can_see(actor, case):
            raise Forbidden("无权办理其他单位的案件", "the case belongs to a unit outside your jurisdiction")  # fmt: skip
        if not set(actor.roles) & set(PROPOSERS):
            raise Forbidden("只有执法人员或负责人可以提出更正", "a correction is proposed by an officer or a head")  # fmt: skip
        approver = signer if resolving is not None else actor
        head = pending_book.HEAD in approver.roles
        loaded = self._correction_data(spec, data, approver.username if head else None)
        target, events = self._target(session, case, loaded["target"])
        dest = self._check_correction(session, case, target, events, loaded)
        waiting = pending_book.waiting_on(session, case)
        if waiting is not None and waiting is not resolving and dest != case.state:
            raise pending_book.blocked(spec.label.zh, waiting)
        now = self.clock()
        if resolving is not None:
            # The head signs as for a defect: in reach, with the head's role.
            resolving.signatures = pending_book.sign(
                session, case, list(resolving.signatures), [pending_book.HEAD], signer,
                acknowledgement or pending_book.Acknowledgement(loaded["reason"], "internal"),
                pending_book.acting_in(actor.username, loaded), now,
            )  # fmt: skip
        elif not head:
            from caseflow.engine.engine import Outcome

            findings = approval_needed()
            pending = PendingStep(
                case_id=case.id, step=CORRECT, data=audit.jsonable(loaded),
                findings=[f.to_dict() for f in findings], entered_by_id=actor.id,
                entered_at=now, expected_version=case.version, signatures=[],
                status=PendingStatus.WAITING,
            )  # fmt: skip
            session.add(pending)
            session.flush()
            return Outcome(case=case, event=None, warnings=findings, pending=pending)
        try:
            with savepoint(session):
                return self._record_correction(session, case, target, loaded, actor, dest, now)
        except BaseException:
            session.expire(case)
            raise

    def _correction_data(self, spec: StepSpec, data: dict, head: str | None) -> dict:
        data = dict(data or {})
        given = data.get("approved_by")
        if head is None:
            # A proposal: the head who approves it is its approver, named then.
            data.pop("approved_by", None)
            spec = replace(spec, fields=tuple(
                replace(f, required=False) if f.name == "approved_by" else f for f in spec.fields
            ))  # fmt: skip
        elif given in (None, ""):
            data["approved_by"] = head
        elif given != head:
            raise InvalidData(
                "批准人必须是本人", "an approval is given by the acting user",
                field_errors={"approved_by": [f"must be you ({head})"]},
            )  # fmt: skip
        data.setdefault("date", self.today().isoformat())
        try:
            loaded = load_step_data(spec, data)
        except ValidationError as exc:
            raise InvalidData(
                "填写的内容有误", "the correction's data is invalid", field_errors=exc.messages
            ) from None
        if loaded["date"] > self.today():
            raise InvalidData(
                "步骤日期不能晚于今天", "a step cannot be dated after today",
                field_errors={"date": [f"{loaded['date']} is after today ({self.today()})"]},
            )  # fmt: skip
        if not (loaded.get("reason") or "").strip():
            raise InvalidData("更正须说明理由", "a correction needs a reason", field_errors={"reason": ["a reason is required"]})  # fmt: skip
        void, keys = bool(loaded.get("void")), loaded.get("data")
        if void == bool(keys):
            raise InvalidData(
                "更正须选择作废该步骤，或填写更正后的内容（二者选一）",
                "a correction either voids the step or gives corrected keys, one of the two",
                field_errors={"data": ["give either void or data"]},
            )  # fmt: skip
        loaded = {k: v for k, v in loaded.items() if v is not None}
        return loaded

    def _target(self, session: Session, case: Case, seq) -> tuple[Event, list[Event]]:
        events = list(
            session.scalars(
                select(Event)
                .where(Event.case_id == case.id, Event.kind == "step")
                .order_by(Event.seq)
            )
        )
        target = next((e for e in events if e.seq == seq), None)
        if target is None or target.step == CORRECT:
            raise InvalidData(
                f"审计序号#{seq}不是本案已记录的步骤", f"event #{seq} is not a recorded step of the case",
                field_errors={"target": ["not a recorded step of this case (give its event number)"]},
            )  # fmt: skip
        return target, events

    def _check_correction(self, session, case, target: Event, events, loaded) -> str:
        """The state the case will be in, or why the correction is refused."""
        said = amendments(steps_of(events), [e.seq for e in events])
        voided = {k for k, a in said.items() if a.voided_by is not None}
        if target.seq in voided:
            raise NotAvailable(
                f"步骤#{target.seq}已被作废", f"step #{target.seq} is already voided",
                field_errors={"target": ["already voided"]},
            )  # fmt: skip
        definition = self.definition(case)
        spec = next((s for s in definition.steps if s.name == target.step), None)
        if not loaded.get("void"):
            self._check_keys(definition, target, spec, loaded["data"])
            self._recheck(session, case, events, target, loaded["data"])
            return case.state
        moved = target.payload.get("from") != target.payload.get("to")
        if moved:
            latest = next(
                e for e in reversed(events)
                if e.step != CORRECT and e.seq not in voided
                and e.payload.get("from") != e.payload.get("to")
            )  # fmt: skip
            if latest.seq != target.seq or case.state != target.payload.get("to"):
                raise NotAvailable(
                    f"只能作废最近一个使案件流转的步骤（#{latest.seq}“{latest.step}”），"
                    f"步骤#{target.seq}之后案件已继续办理",
                    f"of the steps that moved the case only the latest (#{latest.seq} "
                    f"'{latest.step}') may be voided; the case has moved on since #{target.seq}",
                    field_errors={"target": [f"not the latest step that moved the case (#{latest.seq} is)"]},
                )  # fmt: skip
        if spec is not None and spec.spawns:
            spawned = session.scalars(
                select(Case).where(
                    Case.origin_case_id == case.id, Case.closed_at.is_(None),
                    Case.opened_at >= target.at,
                )
            ).first()  # fmt: skip
            if spawned is not None:
                raise NotAvailable(
                    f"该步骤引发的案件{spawned.label}尚未办结，不能作废",
                    f"the case this step opened ({spawned.label}) is still open",
                    field_errors={"target": [f"spawned case {spawned.label} is open"]},
                )  # fmt: skip
        return target.payload.get("from") if moved else case.state

    def _check_keys(self, definition, target: Event, spec: StepSpec | None, keys: dict) -> None:
        kind = self.kinds.get(target.step)
        known = {f.name for f in (spec.fields if spec is not None else kind.fields if kind else ())}
        fixed = set(ROUTING_KEYS)
        if spec is not None:
            fixed |= {spec.dest_field} - {None}
            if spec.dest_route in self.routes:
                fixed |= set(self.routes[spec.dest_route].reads)
            fixed |= {d.due_field for d in spec.opens} - {None}
            if spec.opens:
                fixed.add("date")  # the periods it opened count from it
        errors = {}
        for key in keys:
            if key in fixed:
                errors[key] = ["chose the route or opened a deadline: void the step and take it again"]  # fmt: skip
            elif key not in known | {"date"}:
                errors[key] = [f"'{target.step}' has no such key"]
        if errors:
            raise InvalidData(
                "所更正的内容决定了案件流转或期限，不能更正，请作废该步骤后重新办理"
                if any(k in fixed for k in errors) else "所更正的内容不属于该步骤",
                "a key that chose the route or opened a deadline is not corrected: void the "
                "step and take it again" if any(k in fixed for k in errors)
                else "the corrected keys are not keys of the step",
                field_errors={"data": errors},
            )  # fmt: skip
        if spec is not None:
            merged = {**target.payload.get("data", {}), "date": target.payload["date"], **keys}
            try:
                load_step_data(spec, merged, self.extra_fields(definition, spec))
            except ValidationError as exc:
                raise InvalidData(
                    "更正后的内容有误", "the corrected keys are invalid",
                    field_errors={"data": {k: v for k, v in exc.messages.items() if k in keys} or exc.messages},
                ) from None  # fmt: skip

    def _recheck(self, session, case, events, target: Event, keys: dict) -> None:
        """The rules judge the corrected step on the corrected history as they judged the
        original: a correction that would have had it refused (an officer without a
        valid certificate named in ``by``, say) is refused. Only errors the original did
        not have refuse; the original's own findings were dealt with when it was taken."""
        steps = steps_of(events)
        keyed = [e.seq for e in events]
        proposal = Step(index=len(steps), step=CORRECT, date=self.today(),
                        data={"target": target.seq, "data": keys})  # fmt: skip
        before = effective(steps, keyed)
        after = effective((*steps, proposal), (*keyed, -1))
        standing = [
            e.seq for e in events if e.step != CORRECT and e.seq not in _voided(steps, keyed)
        ]
        at = standing.index(target.seq)
        record = record_for(session, case)
        ctx = self.context(session, as_of=target_date(target))

        def errors(history) -> dict[str, object]:
            found = check_step(self.pm, replace(record, steps=history[:at]), history[at], ctx)
            return {f.rule: f for f in found if f.is_error}

        new = [f for rule, f in errors(after).items() if rule not in errors(before)]
        if new:
            raise RuleViolation(
                "更正后的内容违反法定程序，已拒绝", "the corrected step is refused by the rules",
                findings=new,
            )  # fmt: skip

    def _record_correction(self, session, case, target: Event, loaded, actor, dest, now):
        from caseflow.engine.engine import Outcome

        definition = self.definition(case)
        before = case.state
        if dest == before and definition.states[dest].final:
            closed_at = case.closed_at
        else:
            closed_at = now if definition.states[dest].final else None
        self.bump(session, case, state=dest, closed_at=closed_at)
        day = loaded.pop("date")
        payload = {"date": day, "data": loaded, "from": before, "to": dest,
                   "warnings": [], "documents": []}  # fmt: skip
        event = audit.append(
            session, case, "step", actor.username, step=CORRECT, at=now, payload=payload
        )
        session.flush()
        if loaded.get("void"):
            self._reverse(session, case, target, event.seq, now)
        step = Step(index=-1, step=CORRECT, date=day, data=loaded)
        try:
            self.pm.hook.caseflow_step_recorded(case=case, step=step, session=session)
        except PluginError as exc:
            raise Refused(f"插件“{exc.plugin}”出错，更正未记录", str(exc)) from exc
        return Outcome(case=case, event=event, warnings=[])

    def _reverse(self, session, case, target: Event, seq: int, now) -> None:
        """Undo what the voided step did to deadlines and documents."""
        for d in session.scalars(
            select(Deadline).where(Deadline.case_id == case.id, Deadline.opened_seq == target.seq)
        ):
            d.cancelled_seq = seq
            if d.closed_seq is None:
                d.closed_seq, d.closed_at = seq, now
        for d in session.scalars(
            select(Deadline).where(Deadline.case_id == case.id, Deadline.closed_seq == target.seq)
        ):
            d.closed_seq, d.closed_at = None, None
        for doc in session.scalars(
            select(Document).where(Document.case_id == case.id, Document.event_seq == target.seq)
        ):
            doc.withdrawn_seq = seq
        deadline_book.recount(
            session, case, target.step, record_for(session, case), self.context(session),
            self.periods,
        )  # fmt: skip
        session.flush()
