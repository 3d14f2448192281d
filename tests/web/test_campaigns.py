"""Campaigns (专项整治): a head keeps the list; the dashboard counts each one's
inspections, hazards (open, overdue, closed) and cases, as a chart."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.models import Campaign
from tests.web.test_inspections import TWO_FAILS, inspection_form


def test_a_head_adds_a_campaign_and_the_dashboard_counts_it(app, client, auth, ids, clock):
    auth.login("head1")
    r = client.post("/campaigns/", data={"tag": "锂电池", "title": "锂电池安全专项整治"})
    assert r.status_code == 302
    assert client.post("/campaigns/", data={"tag": "锂电池", "title": "again"}).status_code == 422
    auth.logout()
    auth.login()
    r = client.post("/inspections/new", data=inspection_form(app, ids, TWO_FAILS))
    assert r.status_code == 302
    # LI-S-04's deadline (2024-03-20) has passed; LI-S-01, ordered corrected immediately,
    # has no dated deadline to pass and stays open until re-inspected.
    clock.set("2024-03-25")
    auth.login("head1")  # the morning's session has long expired
    page = client.get("/").text
    assert 'id="campaigns"' in page and "<svg" in page
    row = page.split('id="campaigns"')[1].split("<tbody>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    # inspections, hazards open, overdue, closed, cases
    assert cells == ["1", "1", "1", "0", "0"]


def test_an_ended_campaign_leaves_the_dashboard(app, client, auth):
    auth.login("head1")
    client.post("/campaigns/", data={"tag": "有限空间", "title": "有限空间专项"})
    with app.extensions["caseflow"].sessions() as s:
        cid = s.scalar(select(Campaign.id))
    assert 'id="campaigns"' in client.get("/").text
    client.post(f"/campaigns/{cid}/toggle")
    assert 'id="campaigns"' not in client.get("/").text


def test_an_officer_cannot_keep_the_campaign_list(client, auth):
    auth.login()
    assert client.get("/campaigns/").status_code == 403
