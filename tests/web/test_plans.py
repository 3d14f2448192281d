"""Plans, draws and the recusal register in the browser: a head's day of planning."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from caseflow.models import Draw, Party, Plan, Recusal
from tests.factories import uscc

PUBLIC_TITLE = "“双随机、一公开”随机抽取结果公示"


@pytest.fixture
def pool(app, ids):
    with app.extensions["caseflow"].sessions() as s:
        for i in range(8):
            s.add(Party(kind="organization", name=f"坂田企业{i}", id_code=uscc(300 + i),
                        unit_id=ids["LG-BT"], industry="仓储", tags=["锂电池"] if i < 4 else []))  # fmt: skip
        s.commit()


def make_plan(client, ids, **extra):
    data = {"year": "2024", "title": "2024年度检查计划", "tags": "锂电池，有限空间",
            f"t-supervisory-{ids['LG-BT']}": "4", f"t-double_random-{ids['LG-BT']}": "2", **extra}  # fmt: skip
    r = client.post("/plans/new", data=data)
    assert r.status_code == 302, r.text
    return int(r.headers["Location"].rstrip("/").split("/")[-1])


def make_draw(client, plan_id, **extra):
    data = {"seed": "web-1", "n": "3", "window_start": "2024-04-01", "window_end": "2024-04-30",
            **extra}  # fmt: skip
    return client.post(f"/plans/{plan_id}/draws/new", data=data)


def test_a_head_makes_a_plan_and_sees_its_progress_as_bars(client, auth, ids, app):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    page = client.get(f"/plans/{plan_id}").text
    assert "2024年度检查计划" in page and "锂电池" in page
    assert page.count('class="bar"') == 2 and "0%" in page
    with app.extensions["caseflow"].sessions() as s:
        assert sorted((t.kind, t.count) for t in s.get(Plan, plan_id).targets) == [
            ("double_random", 2), ("supervisory", 4)]  # fmt: skip


def test_a_target_that_is_not_a_number_is_a_field_error_not_a_plan(client, auth, ids):
    auth.login("head1")
    r = client.post("/plans/new", data={"year": "2024", "title": "x",
                                        f"t-supervisory-{ids['LG-BT']}": "十"})  # fmt: skip
    assert r.status_code == 422 and "请填写 0 到 1000000 的整数" in r.text


def test_an_officer_reads_plans_but_does_not_make_them(client, auth, ids):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    auth.logout()
    auth.login("officer1")
    assert client.get("/plans/").status_code == 200
    assert client.get(f"/plans/{plan_id}").status_code == 200
    assert client.get("/plans/new").status_code == 403
    assert make_draw(client, plan_id).status_code == 403


def test_a_head_draws_verifies_publishes_and_prints_the_public_list(client, auth, ids, pool, app):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    page = client.get(f"/plans/{plan_id}/draws/new").text
    assert "SHA-256" in page, "the algorithm is stated on the page"
    r = make_draw(client, plan_id, units="LG-BT")
    assert r.status_code == 302, r.text
    draw_url = r.headers["Location"]
    with app.extensions["caseflow"].sessions() as s:
        row = s.query(Draw).one()
        fingerprint, names = row.fingerprint, [a.party.name for a in row.assignments]
    page = client.get(draw_url).text
    assert fingerprint in page and all(n in page for n in names)

    verified = client.post(f"{draw_url}/verify").text
    assert "结果和指纹一致" in verified and "输入未变" in verified

    assert client.post(f"{draw_url}/publish").status_code == 302
    public = client.get(f"{draw_url}/public").text
    assert PUBLIC_TITLE in public and "尚未公示" not in public
    assert all(n in public for n in names) and fingerprint in public


def test_verification_names_a_party_added_to_the_pool_since(client, auth, ids, pool, app):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    draw_url = make_draw(client, plan_id, units="LG-BT").headers["Location"]
    with app.extensions["caseflow"].sessions() as s:
        s.add(Party(kind="organization", name="后来企业", id_code=uscc(999), unit_id=ids["LG-BT"]))
        s.commit()
    page = client.post(f"{draw_url}/verify").text
    assert "输入已变化" in page and f"+ {uscc(999)}" in page


def test_a_draw_with_too_few_officers_says_how_many_were_drawn_and_why(
    client, auth, ids, pool, app
):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    # Every certificate but officer3's lapses at the end of 2026: a window in 2027 has one.
    with app.extensions["caseflow"].sessions() as s:
        from caseflow.models import Certificate, User

        officer3 = s.query(User).filter_by(username="officer3").one()
        s.query(Certificate).filter_by(user_id=officer3.id).one().valid_to = dt.date(2030, 1, 1)
        s.get(Plan, plan_id).year = 2027
        s.commit()
    r = make_draw(client, plan_id, window_start="2027-04-01", window_end="2027-04-30")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).text
    assert "只抽中 0 户，少于要求的 3 户" in page
    assert "只有 1 名" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [({"window_end": "2024-03-01"}, "must not be before window_start"),
     ({"seed": "two words"}, "只能使用字母"), ({"n": "0"}, ""), ({"units": "NOPE"}, "")],
)  # fmt: skip
def test_a_bad_draw_request_is_a_field_error(client, auth, ids, pool, change, message):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    r = make_draw(client, plan_id, **change)
    assert r.status_code == 422 and message in r.text


def test_lists_are_searchable_and_export_csv(client, auth, ids, pool):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    make_draw(client, plan_id)
    assert "2024年度检查计划" in client.get("/plans/?q=年度&tag=锂电池").text
    assert "2024年度检查计划" not in client.get("/plans/?tag=其他").text
    csv = client.get("/plans/?format=csv")
    assert csv.mimetype == "text/csv" and csv.text.startswith("\ufeff年度,计划名称")
    draws = client.get("/draws/?format=csv").text
    number = re.search(r"LG-2024-\d+-01", draws).group(0)
    assert number in client.get(f"/draws/?q={number}").text
    assert client.get("/draws/?q=nothing-like-it").text.count("LG-2024-") == 0
    progress = client.get(f"/plans/{plan_id}?format=csv").text
    assert progress.startswith("\ufeff检查类型,属地,目标,已检查,完成率")
    assert "坂田街道办事处,4,0,0%" in progress


def test_a_recusal_is_recorded_listed_exported_and_lifted(client, auth, ids, pool, app):
    auth.login("head1")
    code = uscc(300)
    r = client.post("/recusals/", data={"officer_id": ids["officer3"], "party_code": code,
                                        "reason": "近亲属在该企业任职"})  # fmt: skip
    assert r.status_code == 302, r.text
    page = client.get("/recusals/").text
    assert "近亲属在该企业任职" in page and code in page
    assert "近亲属在该企业任职" in client.get("/recusals/?format=csv").text
    again = client.post("/recusals/", data={"officer_id": ids["officer3"], "party_code": code,
                                            "reason": "重复"})  # fmt: skip
    assert again.status_code == 409
    with app.extensions["caseflow"].sessions() as s:
        rid = s.query(Recusal).one().id
    assert client.post(f"/recusals/{rid}/lift").status_code == 302
    assert "近亲属在该企业任职" not in client.get("/recusals/").text
    assert "近亲属在该企业任职" in client.get("/recusals/?lifted=1").text


def test_an_officer_records_only_their_own_recusal(client, auth, ids, pool):
    auth.login("officer1")
    own = client.post("/recusals/", data={"officer_id": ids["officer1"], "party_code": uscc(301),
                                          "reason": "曾在该企业任职"})  # fmt: skip
    assert own.status_code == 302
    other = client.post("/recusals/", data={"officer_id": ids["officer2"], "party_code": uscc(301),
                                            "reason": "x"})  # fmt: skip
    assert other.status_code == 422
    unknown = client.post("/recusals/", data={"officer_id": ids["officer1"],
                                              "party_code": "91440300MA5FXXXX1Z", "reason": "x"})  # fmt: skip
    assert unknown.status_code == 422 and "没有该代码的当事人" in unknown.text


def test_the_plan_and_draw_pages_read_in_english(client, auth, ids, pool):
    auth.login("head1")
    plan_id = make_plan(client, ids)
    draw_url = make_draw(client, plan_id).headers["Location"]
    client.post("/lang/en")
    plan = client.get(f"/plans/{plan_id}").text
    assert "Progress" in plan and "double-random" in plan and "完成进度" not in plan
    draw = client.get(draw_url).text
    assert "Fingerprint" in draw and "The draw algorithm (re-run it by hand)" in draw
