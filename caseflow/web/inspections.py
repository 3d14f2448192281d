"""Inspections (现场检查): the list with search and export, the phone-first form that
records one with its checklist (a hazard per failed item), a record's page and its
two documents: the inspection record and the correction order listing every hazard.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from caseflow import storage
from caseflow.engine.errors import Forbidden, Refused
from caseflow.inspections.checklists import chosen_items, in_force, suggested
from caseflow.inspections.queries import search
from caseflow.inspections.record import (
    InspectionInput,
    inspection_problems,
    record_inspection,
    void_inspection,
)
from caseflow.models import (
    Answer,
    DrawAssignment,
    EvidenceFile,
    Inspection,
    InspectionAnswer,
    Party,
    User,
)
from caseflow.web import MAX_ID, db_session, once, runtime
from caseflow.web.access import roles_required, visible_unit_ids
from caseflow.web.csvexport import csv_response, wants_csv
from caseflow.web.evidence import record_upload
from caseflow.web.i18n import official_chinese, pick
from caseflow.web.inspectionforms import InspectionForm, item_answers, split_tags

bp = Blueprint("inspections", __name__, url_prefix="/inspections")


@bp.app_template_global()
def answer_label(value) -> str:
    try:
        return pick(*Answer(value).labels)
    except ValueError:
        return str(value)


@bp.app_template_global()
def hazard_origin(case_id: int) -> InspectionAnswer | None:
    """The checklist answer (and so the inspection) that opened the hazard ``case_id``."""
    return db_session().scalar(
        select(InspectionAnswer).where(InspectionAnswer.hazard_case_id == case_id)
    )


def inspection_or_404(inspection_id: int) -> Inspection:
    found = db_session().get(Inspection, inspection_id)
    if found is None or found.unit_id not in visible_unit_ids():
        abort(404)
    return found


def _party_or_404(party_id: int) -> Party:
    party = db_session().get(Party, party_id)
    if party is None or (party.unit_id is not None and party.unit_id not in visible_unit_ids()):
        abort(404)
    return party


def _row_id(name: str) -> int | None:
    """A row id from the query or form: a number that names no row is absent."""
    value = request.values.get(name, type=int)
    return value if value is not None and 1 <= value <= MAX_ID else None


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@bp.route("/")
@login_required
def index():
    q = (request.args.get("q") or "").strip()[:100]
    tag = (request.args.get("tag") or "").strip()[:40]
    start, end = _day(request.args.get("start")), _day(request.args.get("end"))
    found = search(db_session(), visible_unit_ids(), q=q, tag=tag, start=start, end=end)
    if wants_csv(request):
        header = [_("检查编号"), _("检查日期"), _("被检查单位"), _("检查地点"), _("执法人员"),
                  _("检查项"), _("不符合项"), _("专项标签")]  # fmt: skip
        rows = [[i.number, i.date.isoformat(), i.party.name, i.place,
                 "、".join(o.name for o in i.officers), len(i.answers), len(i.failed),
                 "、".join(i.tags)] for i in found]  # fmt: skip
        return csv_response("inspections.csv", header, rows)
    return render_template(
        "inspections/list.html", inspections=found, q=q, tag=tag, start=start, end=end
    )


def _officer_choices():
    users = db_session().scalars(
        select(User).where(User.unit_id.in_(visible_unit_ids()), User.active.is_(True))
        .order_by(User.username)
    ).all()  # fmt: skip
    return [("", "—")] + [(u.username, f"{u.name}（{u.username}）") for u in users
                          if u.has_role("officer")]  # fmt: skip


def _lookup(q: str):
    """Parties to choose from, for the first screen of the form."""
    ids = visible_unit_ids()
    query = select(Party).where(or_(Party.unit_id.in_(ids), Party.unit_id.is_(None)))
    if q:
        like = f"%{q}%"
        query = query.where(or_(Party.name.like(like), Party.id_code.like(like.upper())))
    return db_session().scalars(query.order_by(Party.name).limit(30)).all()


@bp.route("/new", methods=("GET", "POST"))
@roles_required("officer")
def new():
    session = db_session()
    engine = runtime().engine
    party_id = _row_id("party")
    if party_id is None:
        if request.method == "POST" or "party" in request.values:
            abort(404)  # a party that names no row
        q = (request.args.get("q") or "").strip()[:100]
        return render_template("inspections/pick_party.html", q=q, parties=_lookup(q))
    party = _party_or_404(party_id)
    form = InspectionForm()
    form.officer1.choices = form.officer2.choices = _officer_choices()
    if request.method == "GET":
        form.date.data = engine.today()
        form.officer1.data = current_user.username
        drawn = session.get(DrawAssignment, _row_id("assignment") or 0)
        if drawn is not None and drawn.party_id == party.id:  # the officers drawn for it
            form.officer1.data, form.officer2.data = (o.username for o in drawn.officers)
        form.place.data = party.address
        form.credentials_shown.data = True
    day = form.date.data if isinstance(form.date.data, dt.date) else engine.today()
    tags = split_tags(form.tags.data)
    chosen = request.values.getlist("checklist") or suggested(
        engine.pm, day, party.industry, [*(party.tags or ()), *tags]
    )
    items, _unknown = chosen_items(engine.pm, day, chosen)
    errors: dict[str, list[str]] = {}
    message, status = None, 200
    if request.method == "POST":
        held = once.take(session)
        if held is not None and held.earlier is not None:
            return once.already_recorded(session, held)
        answers, errors = item_answers(request.form, items)
        data = _input(form, party, chosen, answers, tags)
        if form.validate_on_submit() and not errors:
            done = _record(session, engine, form, data, items, errors, held)
            if done is not None:
                return redirect(url_for("inspections.detail", inspection_id=done))
        else:
            # The form's own checks failed: still say what is wrong with the rest.
            errors = {**inspection_problems(engine, session, data, current_user), **errors}
            session.rollback()
        message = message or _("检查记录未保存：请按提示修改。")
        status = 422
    return render_template(
        "inspections/new.html", form=form, party=party, items=items, chosen=chosen,
        checklists=in_force(engine.pm, day), errors=errors, message=message,
        values=request.form, assignment=request.values.get("assignment", ""),
    ), status  # fmt: skip


def _photos(items, answers, errors) -> list:
    """Store the photos of failed items (content-addressed); the rows come later."""
    config = current_app.config
    stored = []
    for item in items:
        a = answers.get(item["id"])
        upload = request.files.get(f"photo-{item['id']}")
        if a is None or a.answer != Answer.FAIL or upload is None or not upload.filename:
            continue
        data = upload.read(config["EVIDENCE_MAX_BYTES"] + 1)
        try:
            s = storage.save(config["EVIDENCE_DIR"], data, config["EVIDENCE_MAX_BYTES"],
                             config["EVIDENCE_TYPES"])  # fmt: skip
        except storage.StorageRefused as exc:
            errors[f"answers.{item['id']}.photo"] = [pick(exc.zh, exc.en)]
            continue
        a.photo_sha256 = s.sha256
        stored.append((item["id"], s, upload.filename))
    return stored


def _input(form, party, chosen, answers, tags) -> InspectionInput:
    day = form.date.data if isinstance(form.date.data, dt.date) else None
    return InspectionInput(
        party_id=party.id, date=day, place=form.place.data or "",
        officers=[form.officer1.data or "", form.officer2.data or ""], checklists=chosen,
        answers=answers, tags=tags, credentials_shown=bool(form.credentials_shown.data),
        findings=form.findings.data or "", signed_by_party=bool(form.signed_by_party.data),
        refusal_note=form.refusal_note.data or "",
        assignment_id=_row_id("assignment"),
    )  # fmt: skip


def _record(session, engine, form, data, items, errors, held) -> int | None:
    """Record the inspection, its hazards and their photos in one transaction; the id,
    or None with ``errors`` filled in (nothing written, no bytes left behind)."""
    stored = _photos(items, data.answers, errors)
    if errors:
        return None
    try:
        inspection = record_inspection(engine, session, data, current_user)
        by_item = {a.item_id: a for a in inspection.answers}
        for iid, s, filename in stored:
            hazard = by_item[iid].hazard
            record_upload(engine, session, hazard, current_user.username, s, filename[-255:],
                          evidence_id=iid)  # fmt: skip
        if held is not None:
            held.answer(302)
        session.commit()
    except Forbidden:
        session.rollback()
        abort(403)
    except Refused as exc:
        session.rollback()
        for s in (s for _i, s, _f in stored):
            storage.discard(s, still_recorded=_recorded(session, s.sha256))
        errors.update({k: list(v) for k, v in (exc.field_errors or {}).items()})
        if not exc.field_errors:
            errors["_"] = [pick(exc.zh, exc.en)]
        for name in ("date", "place"):
            if name in errors:
                form[name].errors = list(form[name].errors or []) + errors[name]
        return None
    return inspection.id


def _recorded(session, sha256: str) -> bool:
    return session.scalar(select(EvidenceFile.id).where(EvidenceFile.sha256 == sha256)) is not None


@bp.route("/<id:inspection_id>")
@login_required
def detail(inspection_id: int):
    return render_template("inspections/detail.html", inspection=inspection_or_404(inspection_id))


@bp.route("/<id:inspection_id>/void", methods=("POST",))
@roles_required("head")
def void(inspection_id: int):
    """A head withdraws an inspection with a reason (the record stays, marked void)."""
    session = db_session()
    inspection = inspection_or_404(inspection_id)
    reason = (request.form.get("reason") or "").replace("\x00", "")[:2000]
    try:
        void_inspection(runtime().engine, session, inspection, reason, current_user)
        session.commit()
    except Refused as exc:
        session.rollback()
        problems = [e for v in (exc.field_errors or {}).values() for e in v]
        flash(f"{pick(exc.zh, exc.en)}：{'；'.join(problems)}", "error")
        return render_template("inspections/detail.html", inspection=inspection), 422
    flash(_("检查记录已作废"), "success")
    return redirect(url_for("inspections.detail", inspection_id=inspection.id))


def _people(inspection):
    return {u.username: u for u in inspection.officers}


@bp.route("/<id:inspection_id>/record")
@login_required
def record_document(inspection_id: int):
    """现场检查记录: the items checked and what was found."""
    inspection = inspection_or_404(inspection_id)
    with official_chinese():
        return render_template(
            "documents/inspection_record.html", inspection=inspection, case=inspection,
            doc={"kind": "inspection_record", "title_zh": "现场检查记录"},
            data={"date": inspection.date.isoformat()}, people=_people(inspection),
            today=inspection.date, layout="documents/_inspection_layout.html",
        )  # fmt: skip


@bp.route("/<id:inspection_id>/correction-order")
@login_required
def correction_order(inspection_id: int):
    """责令限期整改指令书 for every hazard the inspection found, one document."""
    inspection = inspection_or_404(inspection_id)
    if not inspection.failed:
        abort(404)
    with official_chinese():
        return render_template(
            "documents/correction_order.html", inspection=inspection, case=inspection,
            hazards=inspection.failed, violations=runtime().engine.violations,
            doc={"kind": "correction_order", "title_zh": "责令限期整改指令书"},
            data={"date": inspection.date.isoformat()}, people=_people(inspection),
            today=inspection.date, layout="documents/_inspection_layout.html",
        )  # fmt: skip
