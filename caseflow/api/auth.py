"""Bearer tokens: issued for a username and password, stored only as SHA-256, expiring
after API_TOKEN_HOURS, revocable by whoever holds them."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import abort, current_app, g
from sqlalchemy import select

from caseflow.api.access import blueprint, db, digest, now
from caseflow.api.schemas import TokenRequest, TokenSchema
from caseflow.models import ApiToken, User

PREFIX = "/auth"
bp = blueprint("api_auth", __name__, "Tokens for the Authorization: Bearer header")


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
