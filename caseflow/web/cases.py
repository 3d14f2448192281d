"""Cases: the list with its filters, opening a case, the case page, printed documents."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import exists, func, select

from caseflow.engine import audit
from caseflow.engine import documents as document_book
from caseflow.engine import pending as pending_book
from caseflow.engine.cases import open_case
from caseflow.engine.corrections import CORRECT, amendments
from caseflow.engine.deadlines import open_deadlines
from caseflow.engine.errors import Forbidden, Refused
from caseflow.engine.history import PERSON_KEYS, referenced_people, steps_of
from caseflow.models import Case, Deadline, Document, Event, EvidenceFile, Party, User
from caseflow.plugins import PluginError
from caseflow.web import db_session, once, runtime
from caseflow.web.access import case_or_404, units_in_reach, visible_unit_ids
from caseflow.web.export import csv_response
from caseflow.web.forms import CaseForm, EvidenceForm, FilterForm, options
from caseflow.web.i18n import fmt_date, label, official_chinese, pick, refusal_message

bp = Blueprint("cases", __name__, url_prefix="/cases")

PAGE_SIZE = 25


def state_label(case: Case) -> str:
    definition = runtime().engine.definition(case)
    state = definition.states.get(case.state)
    return label(state.label) if state else case.state


def _filter_choices(form: FilterForm, session) -> None:
    rt = runtime()
    states: dict[str, str] = {}
    for d in rt.registry:
        for name, st in d.states.items():
            states.setdefault(name, label(st.label))
    form.state.choices = options([("", _("全部")), *sorted(states.items())])
    form.workflow.choices = options(
        [("", _("全部"))] + [(n, label(rt.registry.latest(n).title)) for n in rt.registry.names()]
    )
    officers = session.scalars(
        select(User).where(User.unit_id.in_(visible_unit_ids())).order_by(User.username)
    ).all()
    form.officer.choices = options(
        [("", _("全部"))] + [(u.username, u.name) for u in officers if u.has_role("officer")]
    )


@bp.route("/")
@login_required
def index():
    session = db_session()
    form = FilterForm(request.args)
    _filter_choices(form, session)
    query = select(Case).where(Case.unit_id.in_(visible_unit_ids()))
    if form.state.data:
        query = query.where(Case.state == form.state.data)
    if form.workflow.data:
        query = query.where(Case.workflow_name == form.workflow.data)
    if form.officer.data:
        query = query.join(User, User.id == Case.lead_officer_id).where(
            User.username == form.officer.data
        )
    today = runtime().engine.today()
    if form.overdue.data:
        query = query.where(exists().where(Deadline.case_id == Case.id, Deadline.overdue(today)))
    if request.args.get("format") == "csv":
        return _export(query.order_by(Case.opened_at.desc(), Case.id.desc()), session, today)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(1, request.args.get("page", 1, type=int) or 1)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    cases = session.scalars(
        query.order_by(Case.opened_at.desc(), Case.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    overdue_ids = set(
        session.scalars(
            select(Deadline.case_id).where(
                Deadline.case_id.in_([c.id for c in cases]),
                Deadline.overdue(today),
            )
        )
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "cases/list.html", form=form, cases=cases, total=total, page=page, pages=pages,
        args=args, overdue_ids=overdue_ids, state_label=state_label,
    )  # fmt: skip


def _export(query, session, today):
    ids = query.with_only_columns(Case.id).order_by(None).scalar_subquery()
    overdue = set(
        session.scalars(
            select(Deadline.case_id).where(Deadline.case_id.in_(ids), Deadline.overdue(today))
        )
    )
    return csv_response(
        "cases.csv",
        [_("案号"), _("案由"), _("当事人"), _("统一社会信用代码/身份证号码"), _("办案单位"),
         _("流程"), _("状态"), _("承办人"), _("建档时间"), _("超期")],
        ([c.label, c.title, c.party.name, c.party.id_code, c.unit.name,
          f"{c.workflow_name} v{c.workflow_version}", state_label(c),
          c.lead_officer.name if c.lead_officer else "", fmt_date(c.opened_at),
          "1" if c.id in overdue else ""]
         for c in session.scalars(query)),
    )  # fmt: skip


def _case_form_choices(form: CaseForm, session) -> None:
    rt = runtime()
    form.workflow.choices = options(
        [(n, label(rt.registry.latest(n).title)) for n in rt.registry.names()]
    )
    form.unit_id.choices = options([(u.id, u.name) for u in units_in_reach()])
    ids = visible_unit_ids()
    parties = session.scalars(
        select(Party).where(Party.unit_id.in_(ids) | Party.unit_id.is_(None)).order_by(Party.name)
    ).all()
    form.party_id.choices = options([(p.id, f"{p.name}（{p.id_code}）") for p in parties])
    form.violations.choices = options(
        [
            (code, f"{code} {pick(v.get('title_zh'), v.get('title_en'))}")
            for code, v in sorted(rt.engine.violations.items())
        ]
    )


def violations_from(form) -> list[dict]:
    """The case's violations as the form gives them: one entry per code chosen, each with
    the act's start, the liable subject, the accident, and the gains (recorded once, on
    the first code, so they are not counted twice)."""
    act_start = form.act_start.data.isoformat() if form.act_start.data else None
    accident = None
    if form.accident_grade.data:
        approved = form.accident_report_approved_on.data
        accident = {
            "grade": form.accident_grade.data,
            "report_approved_on": approved.isoformat() if approved else None,
        }
    codes = list(form.violations.data or ())
    out = []
    for i, code in enumerate(codes):
        v = {"code": code, "tier": "initial", "act_start": act_start, "liable": form.liable.data}
        if form.one_act.data and len(codes) > 1:
            v["act"] = "A1"
        if accident is not None:
            v["accident"] = accident
        if i == 0 and form.gains.data is not None:
            v["gains"] = float(form.gains.data)
        out.append(v)
    return out


@bp.route("/new", methods=("GET", "POST"))
@login_required
def new():
    session = db_session()
    form = CaseForm()
    _case_form_choices(form, session)
    if request.method == "GET" and request.args.get("party", type=int):
        form.party_id.data = request.args.get("party", type=int)
    message = None
    status = 200
    held = once.take(session) if request.method == "POST" else None
    if held is not None and held.earlier is not None:
        return once.already_recorded(session, held)
    if form.validate_on_submit():
        party = session.get(Party, form.party_id.data)
        unit = next(u for u in units_in_reach() if u.id == form.unit_id.data)
        violations = violations_from(form)
        tags = [t.strip() for t in re.split(r"[,，]", form.tags.data or "") if t.strip()]
        try:
            case = open_case(
                runtime().engine, session, workflow=form.workflow.data, party=party, unit=unit,
                actor=current_user, violations=violations, title=form.title.data or "", tags=tags,
            )  # fmt: skip
        except Forbidden:
            session.rollback()
            abort(403)
        except Refused as exc:
            session.rollback()
            message, status = refusal_message(exc), exc.http_status
            for key, errors in exc.field_errors.items():
                name = "violations" if key.startswith("violations") else key
                if name in form:
                    form[name].errors = list(form[name].errors or []) + list(errors)
        else:
            if held is not None:
                held.answer(302, case_id=case.id)
            session.commit()
            return redirect(url_for("cases.detail", case_id=case.id))
    elif request.method == "POST":
        status = 422
    return render_template("cases/new.html", form=form, message=message), status


def _history(session, case: Case, definition):
    """The audit trail and its steps, each step with what later corrections said of it:
    the void (shown struck through with its reason and approver) and the corrected keys
    (old → new); the original stays as recorded."""
    events = session.scalars(
        select(Event).where(Event.case_id == case.id).order_by(Event.seq)
    ).all()
    step_events = [ev for ev in events if ev.kind == "step"]
    said = amendments(steps_of(step_events), [ev.seq for ev in step_events])
    by_seq = {ev.seq: ev for ev in step_events}
    steps = []
    for ev in step_events:
        spec = next((s for s in definition.steps if s.name == ev.step), None)
        entry = said.get(ev.seq)
        original = ev.payload.get("data", {})
        steps.append({
            "event": ev, "label": label(spec.label) if spec else step_title(ev.step),
            "spec": spec,
            "voided": by_seq.get(entry.voided_by) if entry and entry.voided_by else None,
            "changes": [(k, original.get(k, ev.payload.get(k)), v)
                        for k, v in (entry.corrected if entry else {}).items()],
            "target": by_seq.get(original.get("target")) if ev.step == CORRECT else None,
        })  # fmt: skip
    return events, steps


def step_title(name: str) -> str:
    kind = runtime().engine.kinds.get(name)
    return label(kind.label) if kind else name


def field_label(spec, key: str) -> str:
    """The label a step's data key had on its form, else the key."""
    if spec is not None:
        for f in spec.fields:
            if f.name == key:
                return label(f.label)
    return key


@bp.route("/<id:case_id>")
@login_required
def detail(case_id: int):
    session = db_session()
    case = case_or_404(case_id)
    rt = runtime()
    definition = rt.engine.definition(case)
    events, steps = _history(session, case, definition)
    today = rt.engine.today()
    all_deadlines = session.scalars(
        select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due)
    ).all()
    documents = session.scalars(
        select(Document).where(Document.case_id == case.id).order_by(Document.event_seq)
    ).all()
    files = session.scalars(
        select(EvidenceFile).where(EvidenceFile.case_id == case.id).order_by(EvidenceFile.id)
    ).all()
    actions = rt.engine.actions(session, case, current_user)
    broken = audit.verify_case(case, list(events))
    # Show people by name: the trail stores usernames, a reviewer reads names.
    names = {e.actor for e in events}
    pending = pending_book.waiting_on(session, case)
    if pending is not None:
        names.add(pending.entered_by.username)
    for e in events:
        names |= set((e.payload.get("acknowledged") or {}).get("by") or [])
        names |= referenced_people([], e.payload.get("data", {}))
        names |= set((e.payload.get("imported") or {}).get(k) for k in ("by", "acting")) - {None}
    people = dict(
        session.execute(select(User.username, User.name).where(User.username.in_(names))).all()
    )

    def person_names(value) -> str:
        ids = value if isinstance(value, list) else [value]
        return "、".join(f"{people[i]}（{i}）" if i in people else str(i) for i in ids if i)

    upload = EvidenceForm(formdata=None, expected_version=case.version)
    return render_template(
        "cases/detail.html", case=case, definition=definition, state=state_label(case),
        steps=steps, events=events, open_deadlines=open_deadlines(session, case),
        all_deadlines=all_deadlines, today=today, documents=documents, files=files,
        actions=actions, broken=broken, upload=upload, field_label=field_label,
        person_names=person_names, person_keys=PERSON_KEYS,
        may_correct=bool({"officer", "head"} & set(current_user.roles)),
        imported=events[0].payload.get("imported") if events else None,
        violations=rt.engine.violations, pending=pending,
    )  # fmt: skip


@bp.route("/<id:case_id>/documents/<id:doc_id>")
@login_required
def document(case_id: int, doc_id: int):
    case = case_or_404(case_id)
    doc = db_session().get(Document, doc_id)
    if doc is None or doc.case_id != case.id or not re.fullmatch(r"[a-z_]+", doc.kind):
        abort(404)
    template = current_app.jinja_env.select_template(
        [f"documents/{doc.kind}.html", "documents/generic.html"]
    )
    data = document_book.corrected_data(db_session(), doc)
    names = referenced_people([], data)
    people = {
        u.username: u
        for u in db_session().scalars(select(User).where(User.username.in_(names))).all()
    }
    engine = runtime().engine
    try:
        found = document_book.facts(engine, db_session(), case, doc)
    except PluginError as exc:
        # A document missing what the file says would be untrue: print none.
        abort(503, description=f"插件“{exc.plugin}”出错，文书暂不能打印 / "
                               f"plugin {exc.plugin} failed: the document cannot be printed")  # fmt: skip
    with official_chinese():
        return render_template(
            template, case=case, doc=doc, data=data, people=people,
            violations=engine.violations, today=engine.today(), file=found,
        )  # fmt: skip
