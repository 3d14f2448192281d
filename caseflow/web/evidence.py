"""Evidence files on a case: upload (stored by hash, audited) and download.

An upload is a write to the case like a step: it appends an audit event and
bumps the case version in one transaction, so a stale page cannot slip a file
in after the case moved on, and the chain names the file's hash.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from caseflow import storage
from caseflow.engine import audit
from caseflow.engine.errors import Conflict, InvalidData
from caseflow.models import EvidenceFile
from caseflow.web import db_session, once, runtime
from caseflow.web.access import case_or_404, evidence_or_404
from caseflow.web.forms import EvidenceForm
from caseflow.web.i18n import pick

bp = Blueprint("evidence", __name__)

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _back(case_id: int):
    return redirect(url_for("cases.detail", case_id=case_id) + "#evidence")


def _refuse(case, message: str, code: int):
    """The refusal on a page of its own, with the way back to the case."""
    return render_template(
        "errors/error.html", code=code, reason="upload", detail=message, case=case
    ), code


def record_upload(engine, session, case, username, stored, filename, evidence_id=None):
    """Record stored bytes on ``case``: bump its version, append the audit event naming
    the hash, add the file row, flush (the caller commits). Raises Conflict if the case
    moved meanwhile, InvalidData if these bytes are already recorded for ``evidence_id``."""
    if evidence_id:
        earlier = session.scalar(
            select(EvidenceFile).where(
                EvidenceFile.case_id == case.id, EvidenceFile.evidence_id == evidence_id,
                EvidenceFile.sha256 == stored.sha256,
            )
        )  # fmt: skip
        if earlier is not None:
            # Nothing recorded twice: the same file for the same evidence is a resubmit.
            raise InvalidData(
                f"证据{evidence_id}的此文件已由第{earlier.event_seq}号记录上传",
                f"this file of evidence {evidence_id} is already recorded by event "
                f"{earlier.event_seq}",
                field_errors={"evidence_id": [f"{evidence_id}: already recorded"]},
            )
    now = engine.clock()
    engine.bump(session, case)
    event = audit.append(
        session, case, "evidence_file", username, at=now,
        payload={"sha256": stored.sha256, "size": stored.size, "media_type": stored.media_type,
                 "filename": filename, "evidence_id": evidence_id},
    )  # fmt: skip
    session.flush()
    row = EvidenceFile(
        case_id=case.id, sha256=stored.sha256, size=stored.size, media_type=stored.media_type,
        filename=filename, evidence_id=evidence_id, uploaded_by=username, uploaded_at=now,
        event_seq=event.seq,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def save_and_record(engine, session, config, case, username, data, filename, evidence_id=None):
    """Store ``data`` and record it on ``case`` in one transaction, committed here: the
    upload owns its transaction because a commit that fails (a conflict, a full disk, a
    lost database) must take the bytes this call stored with it.
    Raises StorageRefused before anything is written, or what the transaction raised."""
    root = config["EVIDENCE_DIR"]
    stored = storage.save(root, data, config["EVIDENCE_MAX_BYTES"], config["EVIDENCE_TYPES"])
    # The browser's name is only a label: control characters (a NUL fails on PostgreSQL) go.
    filename = (CONTROL.sub("", filename or "") or stored.sha256)[-255:]
    try:
        row = record_upload(engine, session, case, username, stored, filename, evidence_id)
        session.commit()
    except BaseException:
        session.rollback()
        storage.discard(stored, still_recorded=_recorded(session, stored.sha256))
        raise
    if not stored.path.exists():
        # The same bytes uploaded at once to another case whose transaction failed after
        # ours had found the file: that upload removed it, ours has just named it.
        storage.save(root, data, config["EVIDENCE_MAX_BYTES"], config["EVIDENCE_TYPES"])
    return row


def _recorded(session, sha256: str) -> bool:
    """Whether a committed row names the hash; when that cannot be asked (the database
    is gone) the file is kept, for ``caseflow doctor`` to judge later."""
    try:
        found = session.scalar(select(EvidenceFile.id).where(EvidenceFile.sha256 == sha256))
        session.rollback()
    except Exception:
        return True
    return found is not None


@bp.route("/cases/<id:case_id>/evidence", methods=("POST",))
@login_required
def upload(case_id: int):
    session = db_session()
    case = case_or_404(case_id)
    if not current_user.has_role("officer"):
        abort(403)
    held = once.take(session)
    if held is not None and held.earlier is not None:
        return once.already_recorded(session, held, case)
    if case.closed_at is not None:
        # A closed file is never edited (CLS-ARCHIVE).
        return _refuse(case, _("案件已结案，不能再上传证据"), 409)
    form = EvidenceForm()
    if not form.validate_on_submit():
        if form.file.errors:
            return _refuse(case, _("请选择要上传的文件"), 422)
        errors = [f"{f.label.text}：{e}" for f in form for e in f.errors]
        return _refuse(case, "；".join(errors), 422)
    if str(case.version) != (form.expected_version.data or ""):
        return _refuse(case, _("案件已被他人修改，请刷新后重试"), 409)
    config = current_app.config
    data = form.file.data.read(config["EVIDENCE_MAX_BYTES"] + 1)
    if held is not None:
        held.answer(302, case_id=case.id)  # committed with the upload, or rolled back with it
    try:
        row = save_and_record(
            runtime().engine, session, config, case, current_user.username, data,
            form.file.data.filename, form.evidence_id.data or None,
        )  # fmt: skip
    except storage.StorageRefused as exc:
        return _refuse(case, pick(exc.zh, exc.en), 422)
    except Conflict:
        return _refuse(case, _("案件已被他人修改，请刷新后重试"), 409)
    except InvalidData as exc:
        return _refuse(case, pick(exc.zh, exc.en), 422)
    flash(_("证据文件已保存（SHA-256 %(sha)s）", sha=row.sha256[:12]), "success")
    return _back(case.id)


@bp.route("/evidence/<id:file_id>")
@login_required
def download(file_id: int):
    row, _case = evidence_or_404(file_id)
    path = storage.path_for(current_app.config["EVIDENCE_DIR"], row.sha256)
    if not path.exists():
        abort(404)
    return send_file(
        path, mimetype=row.media_type, as_attachment=True, download_name=row.filename,
        max_age=0,
    )  # fmt: skip
