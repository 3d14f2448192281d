"""The dashboard: the figures a unit head opens the day with.

The scarce resource is certified officers (54 certificates for 15,000 key
enterprises in one district), so certificates about to lapse and the workload
per certified officer sit next to the case figures.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from caseflow.inspections.campaigns import campaign_figures
from caseflow.models import Case, Certificate, Deadline, Party, Unit, User
from caseflow.plugins import PluginError
from caseflow.web import db_session, runtime
from caseflow.web.access import visible_unit_ids
from caseflow.web.i18n import label

log = logging.getLogger(__name__)
bp = Blueprint("dashboard", __name__)

EXPIRY_WINDOW = dt.timedelta(days=60)


def _open_by_state(session, ids) -> list[dict]:
    registry = runtime().registry
    rows = session.execute(
        select(Case.workflow_name, Case.workflow_version, Case.state, func.count())
        .where(Case.unit_id.in_(ids), Case.closed_at.is_(None))
        .group_by(Case.workflow_name, Case.workflow_version, Case.state)
    ).all()
    out: Counter = Counter()
    for name, version, state, n in rows:
        definition = registry.get(name, version)
        out[(label(definition.title), label(definition.states[state].label), state)] += n
    return [
        {"workflow": w, "state": s, "code": c, "count": n} for (w, s, c), n in sorted(out.items())
    ]


def _overdue(session, ids, today) -> list[tuple[Deadline, Case]]:
    return session.execute(
        select(Deadline, Case)
        .join(Case, Case.id == Deadline.case_id)
        .where(Case.unit_id.in_(ids), Deadline.overdue(today))
        .order_by(Deadline.due)
    ).all()


def _per_unit(session, ids) -> list[dict]:
    totals = dict(
        session.execute(
            select(Case.unit_id, func.count()).where(Case.unit_id.in_(ids)).group_by(Case.unit_id)
        ).all()
    )
    open_ = dict(
        session.execute(
            select(Case.unit_id, func.count())
            .where(Case.unit_id.in_(ids), Case.closed_at.is_(None))
            .group_by(Case.unit_id)
        ).all()
    )
    parties = dict(
        session.execute(
            select(Party.unit_id, func.count())
            .where(Party.unit_id.in_(ids), Party.key_enterprise.is_(True))
            .group_by(Party.unit_id)
        ).all()
    )
    units = session.scalars(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.code)).all()
    return [
        {"unit": u, "total": totals.get(u.id, 0), "open": open_.get(u.id, 0),
         "key": parties.get(u.id, 0)}
        for u in units
    ]  # fmt: skip


def _officers(session, ids, today) -> list[dict]:
    users = session.scalars(
        select(User)
        .where(User.unit_id.in_(ids), User.active.is_(True))
        .options(selectinload(User.certificates), selectinload(User.unit))
        .order_by(User.username)
    ).all()
    led = dict(
        session.execute(
            select(Case.lead_officer_id, func.count())
            .where(Case.unit_id.in_(ids), Case.closed_at.is_(None))
            .group_by(Case.lead_officer_id)
        ).all()
    )
    out = []
    for u in users:
        if not u.has_role("officer"):
            continue
        cert = u.certificate_on(today)
        status = "none"
        if cert is not None:
            status = "expiring" if cert.valid_to - today <= EXPIRY_WINDOW else "valid"
        elif u.certificates:
            status = "expired"
        out.append({"user": u, "cert": cert or u.current_certificate(), "status": status,
                    "open": led.get(u.id, 0)})  # fmt: skip
    return out


def _plugin_figures(session, ids, today) -> list[dict]:
    figures = []
    try:
        for found in runtime().pm.hook.caseflow_dashboard_figures(
            session=session, unit_ids=ids, as_of=today
        ):
            figures.extend(found)
    except PluginError as exc:
        # A broken report must not take the dashboard down; the case figures stand.
        log.error("dashboard figures left out: %s", exc)
    return figures


@bp.route("/")
@login_required
def index():
    session = db_session()
    today = runtime().engine.today()
    ids = visible_unit_ids()
    officers = _officers(session, ids, today)
    certified = [o for o in officers if o["status"] in ("valid", "expiring")]
    key_enterprises = session.scalar(
        select(func.count()).where(Party.unit_id.in_(ids), Party.key_enterprise.is_(True))
    )
    open_cases = session.scalar(
        select(func.count()).where(Case.unit_id.in_(ids), Case.closed_at.is_(None))
    )
    expiring = session.execute(
        select(Certificate, User)
        .join(User, User.id == Certificate.user_id)
        .where(
            User.unit_id.in_(ids),
            Certificate.revoked_on.is_(None),
            Certificate.valid_to >= today,
            Certificate.valid_to <= today + EXPIRY_WINDOW,
        )
        .order_by(Certificate.valid_to)
    ).all()
    n = len(certified)
    return render_template(
        "dashboard.html", today=today, by_state=_open_by_state(session, ids),
        overdue=_overdue(session, ids, today), per_unit=_per_unit(session, ids),
        officers=officers, certified=n, key_enterprises=key_enterprises, open_cases=open_cases,
        enterprises_per_officer=round(key_enterprises / n, 1) if n else None,
        cases_per_officer=round(open_cases / n, 1) if n else None,
        expiring=expiring, figures=_plugin_figures(session, ids, today),
        campaigns=campaign_figures(session, ids, today),
    )  # fmt: skip
