"""Bearer tokens: issued for a username and password, stored only as SHA-256, expiring
after API_TOKEN_HOURS, revocable by whoever holds them. Sign-ins here are throttled and
logged exactly like the web's (``caseflow.signin``)."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import abort, current_app, g, request
from flask_smorest import abort as api_abort

from caseflow import signin, throttle
from caseflow.api.access import (
    MAX_ID,
    actor,
    blueprint,
    db,
    digest,
    now,
    reach,
    require_role,
    runtime,
)
from caseflow.api.schemas import TokenRequest, TokenSchema
from caseflow.models import ApiToken, SecurityKind, User
from caseflow.security_log import record

PREFIX = "/auth"
bp = blueprint("api_auth", __name__, "Tokens for the Authorization: Bearer header")


@bp.route("/token", methods=["POST"], endpoint="issue")
@bp.doc(security=[], responses={"401": {"description": "wrong username or password"},
                                "429": {"description": "too many failures: wait or ask "
                                        "a head or admin to lift the lock"}})  # fmt: skip
@bp.arguments(TokenRequest)
@bp.response(201, TokenSchema)
def issue(body):
    """Exchange a username and password for a bearer token."""
    session = db()
    # Throttles and the security log run on the app's clock, as the web's do; a
    # token's life is wall-clock time (access.now).
    moment = runtime().engine.clock()
    outcome = signin.sign_in(
        session, body["username"], body["password"], address=request.remote_addr,
        now=moment, via="api", demo=current_app.config["DEMO"],
    )  # fmt: skip
    session.commit()
    if outcome.refusal is not None:
        locked = "the account is locked" if outcome.refusal.locked else "too many failures"
        api_abort(429, message=f"{locked}: retry after {outcome.refusal.retry_after} s",
                  headers={"Retry-After": str(outcome.refusal.retry_after)})  # fmt: skip
    if outcome.user is None:
        # One answer for both: do not reveal which usernames exist.
        abort(401, description="wrong username or password")
    if outcome.must_change_password:
        abort(403, description="the password no longer meets the rules: change it on the web")
    token = secrets.token_urlsafe(32)
    issued = now()
    expires = issued + dt.timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    row = ApiToken(user_id=outcome.user.id, token_hash=digest(token), created_at=issued,
                   expires_at=expires)  # fmt: skip
    session.add(row)
    session.flush()
    record(session, SecurityKind.TOKEN_ISSUED, moment, actor=outcome.user,
           address=request.remote_addr, token_id=row.id)  # fmt: skip
    session.commit()
    return {"token": token, "expires_at": expires}


@bp.route("/token", methods=["DELETE"], endpoint="revoke")
@bp.response(204)
def revoke():
    """Revoke the token this request presents."""
    g.api_token.revoked_at = now()
    record(db(), SecurityKind.TOKEN_REVOKED, runtime().engine.clock(), actor=g.api_user,
           address=request.remote_addr, token_id=g.api_token.id)  # fmt: skip
    db().commit()
    return ""


@bp.route("/locks/<int(min=1):person_id>", methods=["DELETE"], endpoint="lift")
@bp.response(204)
def lift(person_id: int):
    """Lift the sign-in lock of a person of the caller's reach (heads and admins)."""
    require_role("head", "admin")
    session = db()
    user = session.get(User, person_id) if person_id <= MAX_ID else None
    if user is None or user.unit_id not in reach():
        abort(404, description="no such person")
    if throttle.lift(session, user.username):
        record(session, SecurityKind.UNLOCKED, runtime().engine.clock(), username=user.username,
               actor=actor(), address=request.remote_addr)  # fmt: skip
        session.commit()
    return ""
