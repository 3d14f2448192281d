"""The engine: fire a step for an actor, or say which steps are allowed and why not.

Check the step exists from the current state, the actor's role and
jurisdiction, the step's data, then every plugin's findings; refuse on any error
(or an unacknowledged warning) having written nothing; hold a step with a defect
until it is acknowledged (caseflow.engine.pending); otherwise record the step
as an audit event, move the state with a version check, open and close
deadlines, issue documents, let plugins react, and flush. The transaction is the
caller's (the request, the CLI command, the importer): it commits or rolls back
once. The writes of one step sit in a savepoint, so a step refused after they
began (a stale version, a plugin failing as it reacts) leaves the caller's
transaction exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pluggy
from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from caseflow.db import savepoint
from caseflow.engine import audit, catalogue, escalation, numbers, record_keeping
from caseflow.engine import deadlines as deadline_book
from caseflow.engine import documents as document_book
from caseflow.engine import pending as pending_book
from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.cases import open_case
from caseflow.engine.checks import CheckContext, check_step
from caseflow.engine.correcting import Corrections
from caseflow.engine.corrections import CORRECT
from caseflow.engine.definition import (
    PREVIOUS,
    STAY,
    FieldSpec,
    StepSpec,
    WorkflowDefinition,
)
from caseflow.engine.errors import (
    Conflict,
    Forbidden,
    InvalidData,
    NotAvailable,
    Refused,
    RuleViolation,
    UnacknowledgedDefects,
    UnacknowledgedWarnings,
    conflict_on_collision,
)
from caseflow.engine.fields import load_step_data, person_fields
from caseflow.engine.findings import Finding
from caseflow.engine.history import record_for
from caseflow.engine.holding import PendingSteps
from caseflow.engine.loader import field_spec
from caseflow.engine.machines import next_state
from caseflow.engine.periods import check_periods, collect_periods
from caseflow.engine.record import Step
from caseflow.engine.registry import WorkflowRegistry
from caseflow.engine.routes import check_routes, collect_routes
from caseflow.engine.steps import collect_steps
from caseflow.models import CalendarDay, Case, Event, PendingStep, User
from caseflow.models.person import ROLE_LABELS
from caseflow.plugin_guard import PluginError, plugin_failure
from caseflow.settings import Settings

# China has one time zone and no daylight saving: dates of acts are Beijing dates.
CST = dt.timezone(dt.timedelta(hours=8), "CST")


@dataclass
class Outcome:
    """A recorded step (``event``) or, for a step with a defect, the pending step
    that holds it (``pending``; ``event`` is then None)."""

    case: Case
    event: Event | None
    warnings: list[Finding] = field(default_factory=list)
    spawned: Case | None = None
    pending: PendingStep | None = None


@dataclass
class Action:
    step: StepSpec
    allowed: bool
    findings: list[Finding] = field(default_factory=list)
    reason: Refused | None = None

    @property
    def owed(self) -> list[str]:
        """Who must acknowledge the defect taking it now would carry (none: no defect)."""
        return pending_book.roles_owed(self.findings) if self.allowed else []

    @property
    def note(self) -> tuple[str, str] | None:
        """What the preview says of an allowed step that carries a defect (zh, en)."""
        return pending_book.defect_note(self.owed) if self.owed else None


class Engine(PendingSteps, Corrections):
    def __init__(
        self,
        registry: WorkflowRegistry,
        pm: pluggy.PluginManager,
        settings: Mapping | None = None,
        clock=None,
    ):
        """``settings``: the process's resolved settings (caseflow.settings), or plain
        values checked against the plugins' declarations here."""
        self.registry = registry
        self.pm = pm
        self.settings = (
            settings if isinstance(settings, Settings) else catalogue.rule_settings(pm, settings)
        )
        self.periods = collect_periods(pm)
        check_periods(registry, self.periods)
        self.routes = collect_routes(pm)
        check_routes(registry, self.routes)
        self.violations = catalogue.violation_catalogue(pm)
        self.kinds = collect_steps(pm)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- context ---------------------------------------------------------------

    def today(self) -> dt.date:
        return self.clock().astimezone(CST).date()

    def calendar(self, session: Session) -> BusinessCalendar:
        # Read per call, never cached in the process: another process may load a year.
        rows = session.execute(select(CalendarDay.day, CalendarDay.working)).all()
        return BusinessCalendar({day: working for day, working in rows})

    def context(
        self, session: Session, mode: str = "live", as_of: dt.date | None = None
    ) -> CheckContext:
        return CheckContext(
            settings=self.settings,
            calendar=self.calendar(session),
            violations=self.violations,
            as_of=as_of or self.today(),
            mode=mode,
        )

    def definition(self, case: Case) -> WorkflowDefinition:
        return self.registry.get(case.workflow_name, case.workflow_version)

    def extra_fields(self, definition: WorkflowDefinition, step: StepSpec) -> tuple[FieldSpec, ...]:
        """Fields plugins add to ``step`` (validated where each plugin returned them).
        A plugin failing here refuses the step, naming it, rather than failing the page."""
        try:
            found = self.pm.hook.caseflow_step_fields(workflow=definition.name, step=step.name)
        except PluginError as exc:
            raise RuleViolation(
                f"插件“{exc.plugin}”出错（{exc.hook}: {type(exc.exc).__name__}），无法办理此步骤",
                str(exc),
                findings=[plugin_failure(exc)],
            ) from exc
        return tuple(field_spec(s) if isinstance(s, dict) else s for specs in found for s in specs)

    # -- access ------------------------------------------------------------------

    @staticmethod
    def can_see(actor: User, case: Case) -> bool:
        """An officer sees cases of his own unit and the units below it."""
        return case.unit_id in actor.unit.subtree_ids()

    def _check_access(self, actor: User, case: Case, spec: StepSpec) -> None:
        if not self.can_see(actor, case):
            raise Forbidden(
                "无权办理其他单位的案件", "the case belongs to a unit outside your jurisdiction"
            )
        if not set(actor.roles) & set(spec.roles):
            raise Forbidden(
                f"“{spec.label.zh}”需由{'、'.join(ROLE_LABELS[r][0] for r in spec.roles)}办理",
                f"'{spec.name}' is for role(s) {', '.join(spec.roles)}; you are {', '.join(actor.roles) or 'none'}",
            )

    def step_spec(self, case: Case, name: str) -> StepSpec:
        """The step ``name`` as it stands from the case's state, or NotAvailable saying why."""
        definition = self.definition(case)
        spec = definition.step_from(case.state, name)
        if spec is None:
            state = definition.states[case.state].label
            if name in definition.step_names():
                raise NotAvailable(
                    f"案件处于“{state.zh}”状态，不能执行“{name}”",
                    f"step '{name}' is not available while the case is '{state.en}'",
                )
            raise NotAvailable(f"流程中没有步骤“{name}”", f"workflow has no step '{name}'")
        return spec

    # -- data --------------------------------------------------------------------

    def _step_data(
        self, session: Session, definition, spec: StepSpec, data: dict, actor: User, on_behalf: bool
    ) -> dict:
        data = dict(data or {})
        extra = self.extra_fields(definition, spec)
        for f in (*spec.fields, *extra):
            if not f.default_actor:
                continue
            if data.get(f.name) in (None, ""):
                data[f.name] = actor.username
            elif data[f.name] != actor.username and not on_behalf:
                # Approvals are signed by who approves: nobody approves in another's name.
                raise InvalidData(
                    "审批人必须是本人",
                    "an approval is given by the acting user",
                    field_errors={f.name: [f"must be you ({actor.username})"]},
                )
        data.setdefault("date", self.today().isoformat())
        # A case file says when its steps were entered in the old system (format 1.1,
        # 补录); only a live import (on behalf of the file's people) may say so.
        entered = data.pop("recorded_on", None) if on_behalf else None
        try:
            loaded = load_step_data(spec, data, extra)
            if entered is not None:
                loaded["recorded_on"] = _entry_day(entered, loaded["date"])
        except ValidationError as exc:
            raise InvalidData(
                "填写的内容有误", "the step's data is invalid", field_errors=exc.messages
            ) from None
        if loaded["date"] > self.today():
            # A record states what was done; an act dated tomorrow has not happened.
            raise InvalidData(
                "步骤日期不能晚于今天",
                "a step cannot be dated after today",
                field_errors={"date": [f"{loaded['date']} is after today ({self.today()})"]},
            )
        future = {
            key: [f"{loaded[key]} is after today ({self.today()})"]
            # Dates that say when something happened (a notice served, a violation
            # discovered); the step kind marks those that lie ahead (a deadline).
            for key in {f.name for f in (*spec.fields, *extra) if f.type == "date" and not f.ahead}
            if isinstance(loaded.get(key), dt.date) and loaded[key] > self.today()
        }
        if future:
            raise InvalidData(
                "已发生事项的日期不能晚于今天",
                "the date of something that has happened cannot be after today",
                field_errors=future,
            )
        unknown = {}
        for f in person_fields(spec, extra):
            value = loaded.get(f.name)
            names = value if isinstance(value, list) else [value] if value else []
            if names:
                found = set(session.scalars(select(User.username).where(User.username.in_(names))))
                missing = [n for n in names if n not in found]
                if missing:
                    unknown[f.name] = [f"unknown user(s): {', '.join(missing)}"]
        if unknown:
            raise InvalidData("所填人员不存在", "unknown people named", field_errors=unknown)
        return loaded

    # -- the two questions -------------------------------------------------------

    def fire(
        self,
        session: Session,
        case: Case,
        step: str,
        data: dict | None,
        actor: User,
        *,
        expected_version: int | None = None,
        acknowledge: bool = False,
        on_behalf: bool = False,
        entered_by: User | None = None,
        acknowledgement: pending_book.Acknowledgement | None = None,
        hold: bool = False,
        signers: tuple[tuple[User, pending_book.Acknowledgement], ...] = (),
    ) -> Outcome:
        """Record ``step`` on ``case`` for ``actor`` and flush, or raise :class:`Refused`
        having changed nothing. The caller commits. ``on_behalf`` (live import) lets
        approver fields name someone other than the actor. ``entered_by`` is the user who
        records, from a case file, a step ``actor`` took: the rules judge ``actor``, the
        audit event names them both, with ``entered_by`` as the one who wrote it.

        A step with a defect needs the acknowledgement of the people
        :func:`~caseflow.engine.pending.roles_owed` names: ``acknowledgement`` is the
        actor's own (a head taking the step himself). Short of it, ``hold`` stores the
        step as a pending step (the outcome's ``pending``); without ``hold`` the step is
        refused (:class:`UnacknowledgedDefects`). ``signers`` are acknowledgements given
        with the step by others (a live import: the people a case file names, the
        importing head), each signing as :func:`~caseflow.engine.pending.sign` allows."""
        with conflict_on_collision():
            if step == CORRECT:
                # Not a step of the workflow: it voids or corrects one that is.
                return self._correct(
                    session, case, data, actor, expected_version, acknowledgement=acknowledgement
                )
            return self._fire(
                session, case, step, data, actor, expected_version, acknowledge,
                on_behalf or entered_by is not None, entered_by, acknowledgement, hold,
                signers=signers,
            )  # fmt: skip

    def _fire(
        self, session, case, step_name, data, actor, expected_version, acknowledge, on_behalf,
        entered_by, acknowledgement=None, hold=False, resolving=None, signer=None, signers=(),
    ):  # fmt: skip
        if expected_version is not None and expected_version != case.version:
            raise Conflict(
                f"案件版本已变为{case.version}（您看到的是{expected_version}），请刷新后重试",
                f"case is at version {case.version}, you read {expected_version}; reload and retry",
            )
        spec = self.step_spec(case, step_name)
        self._check_access(actor, case, spec)
        definition = self.definition(case)
        loaded = self._step_data(session, definition, spec, data, actor, on_behalf)
        record = record_for(session, case, proposed=loaded)
        day = loaded.pop("date")
        proposed = Step(
            index=len(record.steps), step=step_name, date=day, data=loaded,
            recorded_on=self._entered_on(day, loaded.pop("recorded_on", None), entered_by,
                                         resolving),
        )  # fmt: skip
        record_keeping.refuse_duplicate(record, proposed)
        ctx = self.context(session)
        findings = check_step(self.pm, record, proposed, ctx)
        errors = [f for f in findings if f.is_error]
        if errors:
            raise RuleViolation(
                "该步骤违反法定程序，已拒绝", "the step was refused by the rules", findings=findings
            )
        if any(not f.is_defect for f in findings) and not acknowledge:
            raise UnacknowledgedWarnings(
                "该步骤存在需确认的提示", "the step has warnings to acknowledge", findings=findings
            )
        dest = next_state(
            self.registry.machine(case.workflow_name, case.workflow_version),
            spec,
            case.state,
            {**loaded, "date": day},
            answer=self._route_answer(spec, record, proposed, ctx),
            previous=self._previous_state(session, case) if spec.dest == PREVIOUS else None,
        )
        if dest is None:
            if spec.dest_field:
                raise InvalidData(
                    "该值不能决定下一步",
                    "no route for this value",
                    field_errors={spec.dest_field: ["no route for this value"]},
                )
            raise NotAvailable(
                "案件历史不能决定下一步", f"the case's history gives step '{spec.name}' no route"
            )
        waiting = pending_book.waiting_on(session, case)
        if waiting is not None and waiting is not resolving and dest != case.state:
            raise pending_book.blocked(spec.label.zh, waiting)
        signatures = list(resolving.signatures) if resolving is not None else []
        owed = pending_book.roles_owed(findings)
        if owed and acknowledgement is not None:
            signatures = pending_book.sign(
                session, case, signatures, owed, signer or actor, acknowledgement,
                pending_book.acting_in(actor.username, proposed.data), self.clock(),
            )  # fmt: skip
        for user, given in signers if owed else ():
            if not pending_book.complete(signatures, owed):
                signatures = pending_book.sign(
                    session, case, signatures, owed, user, given,
                    pending_book.acting_in(actor.username, proposed.data), self.clock(),
                )  # fmt: skip
        if owed and not pending_book.complete(signatures, owed):
            if resolving is not None:
                resolving.signatures = signatures
                return Outcome(case=case, event=None, warnings=findings, pending=resolving)
            if not hold:
                raise UnacknowledgedDefects(
                    "该步骤存在瑕疵，须经负责人确认后方可记录",
                    "the step has a defect a head must acknowledge before it is recorded",
                    findings=findings,
                )
            return Outcome(
                case=case, event=None, warnings=findings,
                pending=self._hold(session, case, proposed, findings, actor, signatures),
            )  # fmt: skip
        ack = pending_book.acknowledged(signatures, findings) if owed else None
        try:
            with savepoint(session):
                return self._record(
                    session, case, spec, definition, record, proposed, findings, ctx, actor, dest,
                    entered_by, ack,
                )  # fmt: skip
        except BaseException:
            # The savepoint undid the writes, but the case row's version and state were
            # set on the object as written: read them again.
            session.expire(case)
            raise

    def _entered_on(self, day, from_file, entered_by, resolving) -> dt.date | None:
        """The day a step dated ``day`` is entered, when later than ``day`` (补录): it is
        kept and flagged, never refused for that alone. A step from a case file keeps the
        day the file says it was entered (its import is noted apart); a pending step was
        entered the day it was first posted."""
        if entered_by is not None:
            return from_file
        entered = self.today()
        if resolving is not None and resolving.entered_at is not None:
            at = resolving.entered_at
            entered = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(CST).date()
        return entered if entered > day else None

    def _record(
        self, session, case, spec, definition, record, proposed, findings, ctx, actor, dest,
        entered_by, ack=None,
    ) -> Outcome:  # fmt: skip
        """The writes of a step that passed every check (inside the caller's savepoint)."""
        step_name, day, loaded = spec.name, proposed.date, proposed.data
        now = self.clock()
        before = case.state
        if dest == before and definition.states[dest].final:
            closed_at = case.closed_at  # an annotation on a closed case keeps its closing
        else:
            closed_at = now if definition.states[dest].final else None
        changes = {"state": dest, "closed_at": closed_at}
        if case.number is None and spec.name == definition.numbering.drawn_at:
            # Drawn only now that every check has passed, in this transaction: a refused
            # or rolled-back filing leaves no gap in the register.
            changes["number"] = numbers.draw(
                session, case.unit, self.today().year, definition.numbering.series
            )
        self.bump(session, case, **changes)
        docs = document_book.for_step(self.pm, definition, spec, record, loaded)
        payload = {"date": day, "data": loaded, "from": before, "to": dest,
                   "warnings": [f.to_dict() for f in findings],
                   "documents": [d["kind"] for d in docs]}  # fmt: skip
        if "number" in changes:
            payload["case_number"] = changes["number"]
        if ack is not None:
            payload["acknowledged"] = ack
        if proposed.recorded_on is not None:
            payload["recorded_on"] = proposed.recorded_on
        if entered_by is not None:
            payload["imported"] = audit.imported_note(entered_by, self.today(), "live", actor)
        event = audit.append(
            session, case, "step", (entered_by or actor).username, step=step_name, at=now,
            payload=payload,
        )  # fmt: skip
        session.flush()
        deadline_book.apply(
            session, case, spec, record, proposed, event.seq, ctx, self.periods, now
        )
        document_book.issue(session, case, docs, proposed, event.seq, now)
        try:
            self.pm.hook.caseflow_step_recorded(case=case, step=proposed, session=session)
        except PluginError as exc:
            raise Refused(f"插件“{exc.plugin}”出错，步骤未执行", str(exc)) from exc
        spawned = None
        if (
            spec.spawns
            and dest == (spec.spawn_when or dest)
            and all(loaded.get(k) == v for k, v in spec.spawn_if)
        ):
            spawned = self._spawn(session, case, spec, actor, now)
        return Outcome(case=case, event=event, warnings=findings, spawned=spawned)

    def _route_answer(self, spec: StepSpec, record, proposed: Step, ctx) -> str | None:
        if not spec.dest_route:
            return None
        route = self.routes[spec.dest_route]
        try:
            return route.decide(record, proposed, ctx)
        except Exception as exc:  # noqa: BLE001 - a route that fails refuses, named
            raise Refused(
                f"路由“{route.name}”出错，步骤未执行", f"route '{route.name}' failed: {exc}"
            ) from exc

    @staticmethod
    def _previous_state(session: Session, case: Case) -> str | None:
        """The state the case left when it entered the one it is in, by a step still
        standing: a void's return and the voided step itself say nothing of it."""
        events = session.execute(
            select(Event.seq, Event.step, Event.payload)
            .where(Event.case_id == case.id, Event.kind == "step")
            .order_by(Event.seq.desc())
        ).all()
        voided = {
            (p.get("data") or {}).get("target")
            for _seq, step, p in events
            if step == CORRECT and (p.get("data") or {}).get("void")
        }
        for seq, step, p in events:
            if step == CORRECT or seq in voided:
                continue
            if p.get("to") == case.state and p.get("from") != case.state:
                return p.get("from")
        return None

    def actions(self, session: Session, case: Case, actor: User) -> list[Action]:
        """Every step the workflow has from the case's state, each allowed or not and why."""
        definition = self.definition(case)
        record = record_for(session, case)
        ctx = self.context(session, mode="preview")
        waiting = pending_book.waiting_on(session, case)
        out = []
        for spec in definition.steps_from(case.state):
            try:
                self._check_access(actor, case, spec)
            except Forbidden as exc:
                out.append(Action(spec, False, reason=exc))
                continue
            if waiting is not None and _always_moves(spec, case.state):
                # Firing refuses a step that moves the case while one waits (409): so does
                # the preview, rather than offering it.
                out.append(Action(spec, False, reason=pending_book.blocked(spec.label.zh, waiting)))
                continue
            data = {f.name: actor.username for f in spec.fields if f.default_actor}
            proposed = Step(index=len(record.steps), step=spec.name, date=self.today(), data=data)
            findings = check_step(self.pm, record, proposed, ctx)
            out.append(Action(spec, not any(f.is_error for f in findings), findings))
        return out

    # -- writes shared by steps and edits ------------------------------------------

    def bump(self, session: Session, case: Case, **changes) -> None:
        """Write ``changes`` to the case row only if nobody wrote it since it was read."""
        result = session.execute(
            update(Case)
            .where(Case.id == case.id, Case.version == case.version)
            .values(version=Case.version + 1, **changes)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise Conflict(
                "案件已被他人修改，请刷新后重试",
                "the case was changed by someone else; reload and retry",
            )
        for key, value in changes.items():
            set_committed(case, key, value)
        set_committed(case, "version", case.version + 1)

    def _spawn(self, session, origin: Case, spec: StepSpec, actor: User, now) -> Case:
        if spec.spawn_overdue_after:
            escalated = escalation.overdue_violations(session, origin, spec.spawn_overdue_after)
        else:
            tier = spec.spawn_tier
            escalated = [{**v, "tier": tier} if tier else dict(v) for v in origin.violations]
        new = open_case(
            self,
            session,
            workflow=spec.spawns,
            party=origin.party,
            unit=origin.unit,
            actor=actor,
            violations=escalated,
            title=origin.title,
            origin=origin,
        )
        # The new case carries the history that justifies it: inspection, order and
        # the re-inspection that found the danger not corrected (APL-40-FACTS).
        escalation.carry_history(session, origin, new, now, before=spec.spawn_carry_before)
        return new


def _entry_day(value, day: dt.date) -> dt.date:
    """A case file's ``recorded_on``: a date on or after the step's own."""
    try:
        entered = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        message = "日期格式应为 YYYY-MM-DD / Not a valid date."
        raise ValidationError({"recorded_on": [message]}) from None
    if entered < day:
        message = f"录入日期早于步骤日期 / before the step's date {day}"
        raise ValidationError({"recorded_on": [message]})
    return entered


def _always_moves(spec: StepSpec, state: str) -> bool:
    """Whether ``spec`` leaves ``state`` whatever its data (a choice that may stay does not)."""
    if spec.dest_field or spec.dest_route:
        return all(d not in (STAY, state) for _, d in spec.dest_by_value)
    return spec.dest is not None and spec.dest != state


def set_committed(obj, key, value) -> None:
    """Set an attribute as the database now holds it, without marking it dirty."""
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(obj, key, value)
