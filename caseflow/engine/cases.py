"""Opening a case: pinned to the workflow version it starts on, labelled until filed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.engine import audit, numbers
from caseflow.engine.errors import Conflict, Forbidden, InvalidData
from caseflow.models import Case, Party, Unit, User


def open_case(
    engine,
    session: Session,
    *,
    workflow: str,
    party: Party,
    unit: Unit,
    actor: User,
    violations: list[dict] = (),
    title: str = "",
    number: str | None = None,
    version: int | None = None,
    tags: list[str] = (),
    origin: Case | None = None,
    check_actor: bool = True,
    imported: dict | None = None,
) -> Case:
    """Start a case on the latest (or the given) version of ``workflow``, flushed; the
    caller commits. ``number`` is an imported case's own number; otherwise the case is
    numbered when its workflow says (usually when filed), and carries a provisional
    label until then."""
    try:
        definition = (
            engine.registry.get(workflow, version) if version else engine.registry.latest(workflow)
        )
    except KeyError as exc:
        raise InvalidData(
            "流程不存在", str(exc), field_errors={"workflow": [str(exc.args[0])]}
        ) from None
    # An import is opened by an admin or head migrating cases; live cases by their officers.
    if check_actor and not actor.has_role("officer", "head"):
        raise Forbidden("只有执法人员或负责人可以立案", "only officers and heads open cases")
    if check_actor and unit.id not in actor.unit.subtree_ids():
        raise Forbidden("不能为其他单位办案", "the unit is outside your jurisdiction")
    for i, v in enumerate(violations):
        if v.get("code") not in engine.violations:
            raise InvalidData(
                "违法行为代码不存在",
                "unknown violation code",
                field_errors={f"violations.{i}.code": [f"unknown code {v.get('code')!r}"]},
            )
    if number is not None and session.scalar(select(Case.id).where(Case.number == number)):
        raise Conflict(f"案号{number}已存在", f"case number {number} already exists")
    if number is None and definition.numbering.drawn_at is None:
        number = numbers.draw(session, unit, engine.today().year, definition.numbering.series)
    case = Case(
        number=number, ref=number or numbers.provisional_ref(unit, engine.clock()), title=title or party.name, workflow_name=definition.name,
        workflow_version=definition.version, procedure=definition.procedure,
        state=definition.initial, version=1, unit_id=unit.id, party_id=party.id,
        lead_officer_id=actor.id, violations=audit.jsonable(list(violations)), tags=list(tags),
        origin_case_id=origin.id if origin else None, opened_at=engine.clock(),
    )  # fmt: skip
    session.add(case)
    session.flush()
    payload = {"workflow": definition.name, "version": definition.version, "party": party.id_code,
               "unit": unit.code, "violations": case.violations,
               "origin": origin.label if origin else None}  # fmt: skip
    if imported is not None:  # opened from a case file: by whom, when, how
        payload["imported"] = imported
    audit.append(session, case, "opened", actor.username, at=engine.clock(), payload=payload)
    return case
