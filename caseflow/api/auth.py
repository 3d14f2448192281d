"""Bearer tokens: issued for a username and password, stored only as SHA-256, expiring
after API_TOKEN_HOURS, revocable by whoever holds them."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import abort, current_app, g, request
from flask_smorest import Blueprint
from sqlalchemy import select

from caseflow.api.access import db
from caseflow.api.schemas import TokenRequest, TokenSchema
from caseflow.models import ApiToken, User

PREFIX = "/auth"
bp = Blueprint("api_auth", __name__, description="Tokens for the Authorization: Bearer header")


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
    """before_request of every API blueprint but this one's token issue."""
    if request.method == "OPTIONS" or request.endpoint == "api_auth.issue":
        return None
    row = presented()
    if row is None:
        abort(401, description="a valid bearer token is required (POST /api/v1/auth/token)")
    g.api_token, g.api_user = row, row.user
    return None


bp.before_request(require_token)


@bp.route("/token", methods=["POST"], endpoint="issue")
@bp.doc(security=[])
@bp.arguments(TokenRequest)
@bp.response(201, TokenSchema)
def issue(body):
    """Exchange a username and password for a bearer token."""
    session = db()
    user = session.scalar(select(User).where(User.username == body["username"]))
    if user is None or not user.active or not user.check_password(body["password"]):
        # One answer for both: do not reveal which usernames exist.
        abort(401, description="wrong username or password")
    token = secrets.token_urlsafe(32)
    issued = now()
    expires = issued + dt.timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    session.add(
        ApiToken(user_id=user.id, token_hash=digest(token), created_at=issued, expires_at=expires)
    )
    session.commit()
    return {"token": token, "expires_at": expires}


@bp.route("/token", methods=["DELETE"], endpoint="revoke")
@bp.response(204)
def revoke():
    """Revoke the token this request presents."""
    g.api_token.revoked_at = now()
    db().commit()
    return ""
