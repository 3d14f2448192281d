"""The ``Idempotency-Key`` header: the same key from the same user for the same request
gets the same answer (status and body), and the step or case is recorded once.

A client that lost the answer to a step post (a dropped connection, a timeout) sends
it again with the same key and learns what happened instead of recording twice, even
when the case's version has moved on because of its own first post. The same key with
a different request is a 422: that is a client bug, not a retry. Keys are remembered
for 24 hours (caseflow.submissions).
"""

from __future__ import annotations

import re

from flask import abort, jsonify, request

from caseflow import submissions
from caseflow.api.access import actor, db, runtime
from caseflow.models import SubmissionScope
from caseflow.models.submission import KEY_HOURS

HEADER = "Idempotency-Key"
# Visible ASCII: what a header can carry unchanged through every proxy.
KEY = re.compile(r"[!-~]{1,200}")

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[!-~]+$"},
    "description": (
        "A key you choose (a UUID) for this request. Sent again with the same body within "
        f"{KEY_HOURS} hours, it gets the first answer again, status and body, and nothing "
        "is recorded twice; sent with a different body it is a 422."
    ),
}
DOC = {"parameters": [PARAMETER]}


def claim() -> submissions.Claim | None:
    """The request's key claimed, None without one; aborts 400 on a malformed key and
    422 on a key already used for a different request."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY.fullmatch(key):
        abort(400, description=f"{HEADER} must be 1 to 200 visible ASCII characters")
    asked = submissions.request_hash(
        request.method, request.path, request.get_json(silent=True), request.query_string
    )
    held = submissions.claim(
        db(), actor(), SubmissionScope.API, key, asked, runtime().engine.clock()
    )
    if not held.same_request:
        abort(
            422,
            description=f"{HEADER} {key!r} was already used for a different request; "
            "use a new key for a new request",
        )
    return held


def replay(held: submissions.Claim | None):
    """The earlier answer, or None when this request is the first with its key."""
    if held is None or held.earlier is None:
        return None
    status, body = held.earlier.status, held.earlier.response
    # Nothing was written by this request: end the transaction the claim read in.
    db().rollback()
    response = jsonify(body)
    response.status_code = status
    response.headers["Idempotent-Replayed"] = "true"
    return response
