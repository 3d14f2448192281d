"""The hazard controls' documents print in Chinese with what the step recorded: the
on-site measures, the seizure decision with its inventory, its extension and its
disposal, the power-cut notice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseflow.engine.cases import open_case
from caseflow.models import Document, Party, Unit, User
from tests.engine.helpers import OFFICERS

ITEMS = [{"name": "非防爆电动叉车", "quantity": "2台"}]


def _hazard_with_controls(app, clock) -> int:
    rt = app.extensions["caseflow"]
    with rt.sessions() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        case = open_case(
            rt.engine, s, workflow="hazard_rectification", party=s.scalar(select(Party)),
            unit=s.scalar(select(Unit).where(Unit.code == "LG")), actor=users["officer1"],
            violations=[{"code": "AQL-102"}], title="仓库使用非防爆电气设备",
        )  # fmt: skip

        def fire(step, data, who, day):
            clock.set(day)
            rt.engine.fire(s, case, step, {**data, "date": day}, users[who])

        fire(
            "inspect",
            {**OFFICERS, "place": "成品仓库", "signed_by_party": True},
            "officer1",
            "2024-03-05",
        )
        fire("order_correction", {"deadline": "2024-03-19"}, "officer1", "2024-03-05")
        fire(
            "on_site_measures",
            {"measures": ["withdraw_people", "suspend_operation"]},
            "head1",
            "2024-03-05",
        )
        seizure = {
            **OFFICERS,
            "approved_by": "head1",
            "items": ITEMS,
            "days": 30,
            "place": "成品仓库",
        }
        fire("seize", seizure, "officer1", "2024-03-06")
        fire("seize_extend", {"days": 15}, "head1", "2024-04-01")
        fire("seize_dispose", {"kind": "release"}, "head1", "2024-04-10")
        # The power cut's approver is the principal head (a flag the people of format
        # 1.1 bring); the notice as it is issued:
        s.add(
            Document(
                case_id=case.id, kind="power_cut_notice", title_zh="停止供电通知书", event_seq=1,
                issued_at=dt.datetime(2024, 3, 6, tzinfo=dt.UTC),
                data={"step": "power_cut_notice", "date": "2024-03-06", "approved_by": "head1",
                      "notice_served": "2024-03-06T09:00:00+08:00",
                      "cut_at": "2024-03-07T09:00:00+08:00"},
            )
        )  # fmt: skip
        s.commit()
        return case.id


def test_the_hazard_controls_print_their_documents(app, client, auth, clock):
    case_id = _hazard_with_controls(app, clock)
    auth.login("head1")
    with app.extensions["caseflow"].sessions() as s:
        docs = {
            d.kind: d.id for d in s.scalars(select(Document).where(Document.case_id == case_id))
        }
    pages = {}
    for kind in (
        "on_site_measures_decision", "seizure_decision", "seizure_inventory",
        "seizure_extension_decision", "seizure_disposal_decision", "power_cut_notice",
    ):  # fmt: skip
        r = client.get(f"/cases/{case_id}/documents/{docs[kind]}")
        assert r.status_code == 200, (kind, r.text[:300])
        pages[kind] = r.text
    assert "撤出作业人员" in pages["on_site_measures_decision"]
    assert "暂时停产停业" in pages["on_site_measures_decision"]
    assert "期限为30日" in pages["seizure_decision"] and "行政复议" in pages["seizure_decision"]
    assert "非防爆电动叉车" in pages["seizure_inventory"] and "2台" in pages["seizure_inventory"]
    assert "延长15日" in pages["seizure_extension_decision"]
    assert "解除查封（扣押）" in pages["seizure_disposal_decision"]
    assert "2024年3月7日09:00" in pages["power_cut_notice"]
    assert "主要负责人" in pages["power_cut_notice"]


def test_the_hazard_page_and_its_control_forms_open(app, client, auth, clock):
    case_id = _hazard_with_controls(app, clock)
    auth.login("officer1")
    assert client.get(f"/cases/{case_id}").status_code == 200
    for step in ("seize", "power_cut_notice", "hazard_plan", "deadline_extension_request"):
        r = client.get(f"/cases/{case_id}/steps/{step}")
        assert r.status_code == 200, (step, r.text[:300])
    auth.logout()
    auth.login("head1")
    for step in (
        "seize_extend",
        "on_site_measures",
        "deadline_extension_decision",
        "resume_review",
    ):
        r = client.get(f"/cases/{case_id}/steps/{step}")
        assert r.status_code == 200, (step, r.text[:300])
