"""One-time form tokens: a form posted twice (back button and resubmit, a double click)
records once, and the second post is told "already recorded", not "someone else
changed the case".

The token is issued when the form is rendered, signed with the app's secret so it
names the user it was issued to, and taken when the post records: taking it is a
row in ``submissions`` written in the same transaction as the step (caseflow
.submissions), so any process serving the second post finds it, and a refused post
leaves it untaken for the corrected one. A post without a token (a script, a page
rendered before tokens) still meets the version check.
"""

from __future__ import annotations

import secrets

from flask import abort, current_app, render_template, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField

from caseflow import submissions
from caseflow.models import SubmissionScope
from caseflow.web import now

FIELD = "form_token"
SALT = "caseflow-form-token"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def issue() -> str:
    """A fresh token for the signed-in user (a HiddenField's default: one per render)."""
    return _signer().dumps({"u": current_user.id, "n": secrets.token_urlsafe(16)})


def field() -> HiddenField:
    return HiddenField(default=issue)


def take(session) -> submissions.Claim | None:
    """Take the posted token in ``session``'s transaction: None when the post carries
    none, a claim whose ``earlier`` is set when it was taken before. A token forged or
    issued to someone else is a 400."""
    token = request.form.get(FIELD, "")
    if not token:
        return None
    try:
        issued = _signer().loads(token)
    except BadSignature:
        abort(400)
    if not isinstance(issued, dict) or issued.get("u") != current_user.id:
        abort(400)
    nonce = str(issued.get("n", ""))[:200]
    asked = submissions.request_hash("POST", request.path)
    return submissions.claim(session, current_user, SubmissionScope.FORM, nonce, asked, now())


def already_recorded(session, held: submissions.Claim, case=None):
    """The answer to a form posted again: it was recorded; here is the case."""
    session.rollback()  # this post wrote nothing; end the transaction the claim read in
    if case is None and held.earlier.case_id is not None:
        from caseflow.models import Case

        case = session.get(Case, held.earlier.case_id)
    return render_template(
        "errors/error.html", code=409, reason="already", case=case, detail=None
    ), 409
