"""Registering parties: the identity code's check character is verified."""

from sqlalchemy import func, select

from caseflow.models import Party
from tests.factories import uscc


def _party(ids, **kw):
    return {"kind": "organization", "name": "深圳市测试化工有限公司", "id_code": uscc(42),
            "address": "龙岗区坂田街道", "unit_id": ids["LG"], **kw}  # fmt: skip


def _count(app):
    with app.extensions["caseflow"].sessions() as s:
        return s.scalar(select(func.count()).select_from(Party))


def test_officer_with_a_bad_check_character_sees_the_field_error(app, client, auth, ids):
    auth.login()
    good = uscc(42)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = _count(app)
    r = client.post("/parties/new", data=_party(ids, id_code=bad))
    assert r.status_code == 422
    assert "check character should be" in r.text and "has-error" in r.text
    assert _count(app) == before


def test_officer_registers_a_party_and_finds_it(app, client, auth, ids):
    auth.login()
    r = client.post("/parties/new", data=_party(ids, tags="锂电池，1+6+2+1"))
    assert r.status_code == 302
    page = client.get("/parties/?q=测试化工").text
    assert uscc(42) in page and "锂电池" in page


def test_an_individual_is_checked_as_a_resident_id(client, auth, ids):
    auth.login()
    r = client.post(
        "/parties/new", data=_party(ids, kind="individual", id_code="11010519491231002Y")
    )
    assert r.status_code == 422 and "has-error" in r.text
