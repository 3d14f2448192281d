"""Campaigns (专项整治): the list a head or an administrator keeps. A campaign is a tag
that inspections, hazards and cases carry; the dashboard counts each active one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from caseflow.models import Campaign
from caseflow.web import db_session, runtime
from caseflow.web.access import roles_required
from caseflow.web.forms import Form

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


class CampaignForm(Form):
    tag = StringField(_l("标签"), validators=[DataRequired(), Length(max=40)])
    title = StringField(_l("专项名称"), validators=[DataRequired(), Length(max=200)])


@bp.route("/", methods=("GET", "POST"))
@roles_required("head", "admin")
def index():
    session = db_session()
    form = CampaignForm()
    status = 200
    if form.validate_on_submit():
        tag = form.tag.data.strip()
        if not tag or session.scalar(select(Campaign.id).where(Campaign.tag == tag)):
            form.tag.errors.append(_("该标签已有专项或为空"))
        else:
            session.add(Campaign(tag=tag, title=form.title.data.strip(), active=True,
                                 created_at=runtime().engine.clock()))  # fmt: skip
            session.commit()
            flash(_("专项已添加：%(tag)s", tag=tag), "success")
            return redirect(url_for("campaigns.index"))
    if form.errors or form.tag.errors:
        status = 422
    campaigns = session.scalars(select(Campaign).order_by(Campaign.id)).all()
    return render_template("campaigns/index.html", form=form, campaigns=campaigns), status


@bp.route("/<id:campaign_id>/toggle", methods=("POST",))
@roles_required("head", "admin")
def toggle(campaign_id: int):
    """End a campaign (its records keep their tag) or take it up again."""
    session = db_session()
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return render_template("errors/error.html", code=404, reason=None), 404
    campaign.active = not campaign.active
    session.commit()
    return redirect(url_for("campaigns.index"))
