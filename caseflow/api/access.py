"""The request's context: its session, its actor, and what the actor may see.

A case or party outside the actor's jurisdiction is a 404, never a 403: an
officer of one street must not learn that another street's case exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import abort, current_app, g, request
from flask_smorest import Blueprint
from sqlalchemy import or_, select
from webargs.flaskparser import FlaskParser

from caseflow.api.errors import register_handlers
from caseflow.engine.engine import Engine
from caseflow.models import ApiToken, Case, Party, User
from caseflow.runtime import Runtime

# The one endpoint a caller without a token may use.
PUBLIC = {"api_auth.issue"}

# Ids are 32-bit integers on PostgreSQL; a larger one names nothing (and must not
# reach the database as an out-of-range parameter).
MAX_ID = 2**31 - 1


def runtime() -> Runtime:
    return current_app.extensions["caseflow"]


def db():
    """The request's session: one request, one transaction, closed at teardown."""
    if "api_session" not in g:
        g.api_session = runtime().sessions()
    return g.api_session


def actor() -> User:
    return g.api_user


def reach() -> set[int]:
    """Ids of the actor's unit and every unit below it."""
    return actor().unit.subtree_ids()


def require_role(*roles: str) -> None:
    if not actor().has_role(*roles):
        abort(403, description=f"needs role {' or '.join(roles)}")


def case_or_404(case_id: int) -> Case:
    case = db().get(Case, case_id) if 0 < case_id <= MAX_ID else None
    if case is None or not Engine.can_see(actor(), case):
        abort(404, description="no such case")
    return case


def party_visible():
    """Parties of the actor's reach, and those no unit has claimed yet."""
    return or_(Party.unit_id.in_(reach()), Party.unit_id.is_(None))


def party_or_404(party_id: int) -> Party:
    party = (
        db().scalar(select(Party).where(Party.id == party_id, party_visible()))
        if 0 < party_id <= MAX_ID
        else None
    )
    if party is None:
        abort(404, description="no such party")
    return party


# -- tokens ---------------------------------------------------------------------------


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    # Wall-clock time, not the engine's legal "today": a token's life is real time.
    return dt.datetime.now(dt.UTC)


def presented() -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    row = db().scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    if row is None or not row.usable_at(now()) or not row.user.active:
        return None
    return row


def require_token():
    """The first before_request of every API blueprint: nothing runs for an unknown caller."""
    if request.endpoint in PUBLIC:
        return None
    row = presented()
    if row is None:
        abort(401, description="a valid bearer token is required (POST /api/v1/auth/token)")
    g.api_token, g.api_user = row, row.user
    return None


def _encodable(value) -> bool:
    if isinstance(value, str):
        if "\x00" in value:  # PostgreSQL text cannot hold NUL (SQLite would store it)
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_encodable(v) for v in value)
    return True


def reject_unencodable():
    """JSON may escape a lone surrogate (\\ud800) or a NUL that no database can store
    as text, and a query string may carry a NUL: refuse them here as bad data rather
    than fail on the way in."""
    if not all(_encodable(k) and _encodable(v) for k, v in request.args.items(multi=True)):
        abort(422, description="the query string holds a NUL or text that is not valid Unicode")
    if request.is_json and request.content_length:
        body = request.get_json(silent=True)
        if body is not None and not _encodable(body):
            abort(422, description="the body holds a NUL or text that is not valid Unicode")


class StrictParser(FlaskParser):
    """Unknown query parameters are an error too (the schema's own RAISE), as unknown
    body fields are: a misspelt filter must not silently return everything."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """An API blueprint: token required, the engine's refusals answered as JSON."""
    bp = ApiBlueprint(name, import_name, description=description)
    bp.before_request(require_token)
    bp.before_request(reject_unencodable)
    register_handlers(bp)
    return bp
