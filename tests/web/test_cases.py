"""Cases: opening, the case page with its actions, jurisdiction, printed documents."""

from tests.web.conftest import INSPECTION, open_case


def test_officer_opens_a_case_and_sees_its_page(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    page = client.get(f"/cases/{case_id}").text
    # Numbered when a head files it, not when an inspection opens it.
    assert "待立案-LG-" in page and "深龙应急罚〔2024〕" not in page
    assert "检查发现" in page  # state label
    assert "general_penalty v2" in page
    assert "校验通过" in page  # the audit chain verifies


def test_a_head_files_the_case_and_it_takes_the_next_number_of_the_register(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    assert client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION).status_code == 302
    auth.logout()
    auth.login("head1")
    r = client.post(
        f"/cases/{case_id}/steps/register",
        data={"date": "2024-03-05", "discovered": "2024-03-05", "expected_version": "2",
              "acknowledge": "y"},
    )  # fmt: skip
    assert r.status_code == 302, r.text
    page = client.get(f"/cases/{case_id}").text
    assert "已编案号：深龙应急罚〔2024〕1号" in page
    assert "<h1>深龙应急罚〔2024〕1号" in page and "待立案" not in page


def test_the_case_page_lists_actions_with_reasons(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    page = client.get(f"/cases/{case_id}").text
    # Allowed for an officer: a link to the step form.
    assert f'href="/cases/{case_id}/steps/inspect"' in page
    # Not the officer's to take: shown disabled with the engine's reason.
    assert "“立案”需由负责人办理" in page
    assert f'href="/cases/{case_id}/steps/register"' not in page


def test_an_officer_of_one_street_gets_404_on_another_streets_case(client, auth, ids):
    auth.login("officer1")  # bureau officer opens a case for the Buji street office
    case_id = open_case(client, ids, unit="LG-BJ")
    auth.logout()
    auth.login("officer3")  # a Bantian officer
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get(f"/cases/{case_id}/steps/inspect").status_code == 404
    assert client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION).status_code == 404
    assert f'href="/cases/{case_id}"' not in client.get("/cases/").text
    assert client.get("/cases/99999").status_code == 404


def test_case_list_filters_by_state_and_paginates(client, auth, ids):
    auth.login()
    first = open_case(client, ids)
    open_case(client, ids, title="第二件")
    client.post(f"/cases/{first}/steps/inspect", data=INSPECTION)
    page = client.get("/cases/?state=inspection").text
    assert "共 2 件" in page
    assert "共 0 件" in client.get("/cases/?state=closed").text
    assert client.get("/cases/?page=999").status_code == 200
    assert client.get("/cases/?page=abc&overdue=y").status_code == 200


def test_an_issued_document_prints(client, auth, ids):
    auth.login()
    case_id = open_case(client, ids)
    client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION)
    page = client.get(f"/cases/{case_id}").text
    link = page.split(f'href="/cases/{case_id}/documents/')[1].split('"')[0]
    doc = client.get(f"/cases/{case_id}/documents/{link}")
    assert doc.status_code == 200
    assert "现场检查记录" in doc.text and "生产车间" in doc.text
    assert "4403" in doc.text  # the officers' certificate numbers


def test_new_case_form_handles_an_unknown_party_without_a_500(client, auth, ids):
    auth.login()
    r = client.post("/cases/new", data={"workflow": "nope", "unit_id": "x", "party_id": "999"})
    assert r.status_code == 422


def test_the_history_names_the_people_who_acted(app, client, auth, ids):
    from sqlalchemy import update

    from caseflow.models import User

    with app.extensions["caseflow"].sessions() as s:
        s.execute(update(User).where(User.username == "officer2").values(name="李娜"))
        s.commit()
    auth.login()
    case_id = open_case(client, ids)
    assert client.post(f"/cases/{case_id}/steps/inspect", data=INSPECTION).status_code == 302
    page = client.get(f"/cases/{case_id}").text
    assert "李娜（officer2）" in page


def test_an_officer_enters_one_act_breaching_two_provisions_with_its_gains_and_accident(
    app, client, auth, ids
):
    from caseflow.models import Case

    auth.login()
    page = client.get("/cases/new").text
    assert "责任主体" in page and "事故调查报告批复日期" in page
    r = client.post(
        "/cases/new",
        data={"workflow": "general_penalty", "unit_id": ids["LG"], "party_id": ids["party"],
              "violations": ["AQL-97-3", "AQL-99-2"], "act_start": "2024-01-01",
              "liable": "unit", "one_act": "y", "gains": "8000",
              "accident_grade": "general", "accident_report_approved_on": "2024-02-20"},
    )  # fmt: skip
    assert r.status_code == 302, r.text
    case_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with app.extensions["caseflow"].sessions() as s:
        first, second = s.get(Case, case_id).violations
    assert first["act"] == second["act"] == "A1"
    assert first["gains"] == 8000 and "gains" not in second  # counted once
    assert first["accident"] == {"grade": "general", "report_approved_on": "2024-02-20"}
    assert first["liable"] == "unit"


def test_the_new_case_form_refuses_an_unknown_liable_subject(client, auth, ids):
    auth.login()
    r = client.post(
        "/cases/new",
        data={"workflow": "general_penalty", "unit_id": ids["LG"], "party_id": ids["party"],
              "violations": ["AQL-97-3"], "liable": "nobody"},
    )  # fmt: skip
    assert r.status_code == 422
