"""Parties (当事人): the list with search and export, a party's page, registering one.

The identity code is checked before anything is written: a decision naming a
party by a mistyped code names nobody and is revoked on review.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, or_, select

from caseflow.idcodes import check_party_code
from caseflow.models import Case, Party
from caseflow.web import db_session, runtime
from caseflow.web.access import units_in_reach, visible_unit_ids
from caseflow.web.cases import state_label
from caseflow.web.export import csv_response
from caseflow.web.forms import PartyForm, options
from caseflow.web.party_record import party_record

bp = Blueprint("parties", __name__, url_prefix="/parties")

PAGE_SIZE = 30


@bp.route("/")
@login_required
def index():
    session = db_session()
    q = (request.args.get("q") or "").strip()[:100]
    ids = visible_unit_ids()
    query = select(Party).where(or_(Party.unit_id.in_(ids), Party.unit_id.is_(None)))
    if q:
        like = f"%{q}%"
        query = query.where(
            or_(Party.name.like(like), Party.id_code.like(like.upper()), Party.industry.like(like))
        )
    if request.args.get("key"):
        query = query.where(Party.key_enterprise.is_(True))
    if request.args.get("format") == "csv":
        return csv_response(
            "parties.csv",
            [_("名称"), _("统一社会信用代码/身份证号码"), _("地址"), _("行业"), _("属地"),
             _("重点企业"), _("标签")],
            ([p.name, p.id_code, p.address, p.industry, p.unit.name if p.unit else "",
              "1" if p.key_enterprise else "", " ".join(p.tags or [])]
             for p in session.scalars(query.order_by(Party.name))),
        )  # fmt: skip
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    parties = session.scalars(
        query.order_by(Party.name).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    counts = dict(
        session.execute(
            select(Case.party_id, func.count())
            .where(Case.party_id.in_([p.id for p in parties]), Case.unit_id.in_(ids))
            .group_by(Case.party_id)
        ).all()
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "parties/list.html", parties=parties, q=q, total=total, page=page, pages=pages,
        args=args, counts=counts,
    )  # fmt: skip


@bp.route("/<id:party_id>")
@login_required
def detail(party_id: int):
    """A party's page: its data, cases, inspections, penalties and the risk it carries."""
    session = db_session()
    party = session.get(Party, party_id)
    ids = visible_unit_ids()
    if party is None or (party.unit_id is not None and party.unit_id not in ids):
        abort(404)
    engine = runtime().engine
    record = party_record(session, party, ids, engine.today(), engine.settings)
    return render_template(
        "parties/detail.html", record=record, party=party, state_label=state_label
    )


@bp.route("/new", methods=("GET", "POST"))
@login_required
def new():
    session = db_session()
    form = PartyForm()
    form.unit_id.choices = options([(u.id, u.name) for u in units_in_reach()])
    status = 200
    if form.validate_on_submit():
        code = (form.id_code.data or "").strip().upper()
        problem = check_party_code(form.kind.data, code)
        if problem:
            form.id_code.errors.append(_("代码校验未通过：%(problem)s", problem=problem))
        elif session.scalar(select(Party.id).where(Party.id_code == code)):
            form.id_code.errors.append(_("该代码的当事人已登记"))
        else:
            tags = [t.strip() for t in re.split(r"[,，]", form.tags.data or "") if t.strip()]
            party = Party(
                kind=form.kind.data, name=form.name.data.strip(), id_code=code,
                address=form.address.data or "", legal_representative=form.legal_representative.data or None,
                phone=form.phone.data or None, industry=form.industry.data or None,
                unit_id=form.unit_id.data, key_enterprise=form.key_enterprise.data, tags=tags,
            )  # fmt: skip
            session.add(party)
            session.commit()
            flash(_("当事人已登记：%(name)s", name=party.name), "success")
            return redirect(url_for("parties.index", q=party.id_code))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("parties/new.html", form=form), status
