"""The security log for admins: filtered, paged as JSON, or every matching entry as CSV
(``/export``). Taking the CSV is itself an export and is logged."""

from __future__ import annotations

import datetime as dt

from flask import Response, request
from marshmallow import Schema, fields, validate

from caseflow.api.access import actor, blueprint, db, reach, require_role, runtime
from caseflow.api.cases import page_of
from caseflow.api.schemas import PageArgs, PageSchema
from caseflow.models import SecurityKind
from caseflow.security_log import record, search, to_csv

PREFIX = "/security-log"
bp = blueprint("api_security", __name__, "The security log (admin)")
CST = dt.timezone(dt.timedelta(hours=8))  # date filters are the bureau's days


class SecurityLogFilter(Schema):
    kind = fields.String(validate=validate.OneOf([k.value for k in SecurityKind]))
    username = fields.String(validate=validate.Length(min=1, max=64))
    since = fields.Date(metadata={"description": "from this day (Beijing time)"})
    until = fields.Date(metadata={"description": "to this day, included"})


class SecurityLogArgs(PageArgs, SecurityLogFilter):
    pass


class SecurityEntrySchema(Schema):
    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    kind = fields.String(required=True)
    username = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    address = fields.String(allow_none=True)
    detail = fields.Dict(required=True)


class SecurityLogPage(PageSchema):
    items = fields.List(fields.Nested(SecurityEntrySchema), required=True)


@bp.before_request
def _admin_only():
    require_role("admin")


def _query(args):
    return search(kind=args.get("kind"), username=args.get("username"), since=args.get("since"),
                  until=args.get("until"), tz=CST, unit_ids=reach())  # fmt: skip


@bp.route("", methods=["GET"])
@bp.arguments(SecurityLogArgs, location="query")
@bp.response(200, SecurityLogPage)
def index(args):
    """Entries newest first, about people of the admin's reach or no known person."""
    return page_of(db(), _query(args), args, lambda e: e)


@bp.route("/export", methods=["GET"])
@bp.arguments(SecurityLogFilter, location="query")
@bp.doc(responses={"200": {"description": "Every matching entry, newest first",
                           "content": {"text/csv": {"schema": {"type": "string"}}}}})  # fmt: skip
def export(args):
    """The matching entries as CSV (at, kind, username, actor_id, address, detail)."""
    session = db()
    body = to_csv(session.scalars(_query(args)))
    record(session, SecurityKind.EXPORT, runtime().engine.clock(), actor=actor(),
           address=request.remote_addr, what="security_log")  # fmt: skip
    session.commit()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=security-log.csv"})  # fmt: skip
