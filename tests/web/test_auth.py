"""Logging in and out; nothing is shown to someone not logged in."""

from tests.factories import PASSWORD


def test_login_page_shows_in_chinese_by_default(client):
    r = client.get("/login")
    assert r.status_code == 200
    assert "登录" in r.text and "用户名" in r.text


def test_officer_logs_in_and_out(client, auth):
    r = auth.login()
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert "工作台" in client.get("/").text
    r = auth.logout()
    assert r.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, auth):
    r = auth.login(password="nope")
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text


def test_anonymous_is_redirected_to_login(client):
    for path in ("/", "/cases/", "/cases/1", "/parties/", "/admin/users", "/review/"):
        r = client.get(path)
        assert r.status_code == 302, path
        assert r.headers["Location"].startswith("/login"), path


def test_login_does_not_redirect_to_another_site(client):
    r = client.post(
        "/login?next=https://evil.example/", data={"username": "officer1", "password": PASSWORD}
    )
    assert r.headers["Location"] == "/"


def test_english_switch_shows_english_labels(client, auth):
    auth.login()
    r = client.post("/lang/en", data={"next": "/cases/"})
    assert r.headers["Location"] == "/cases/"
    page = client.get("/cases/").text
    assert "Cases" in page and "New case" in page
    assert "新建案件" not in page
    client.post("/lang/zh")
    assert "新建案件" in client.get("/cases/").text


def test_csrf_protected_post_without_token_is_rejected(make_app):
    from tests.factories import make_district

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.extensions["caseflow"].sessions() as s:
        make_district(s)
    client = app.test_client()
    r = client.post("/login", data={"username": "officer1", "password": PASSWORD})
    assert r.status_code == 400
    assert "表单已失效" in r.text
    # With the token from the page, the same login goes through.
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    r = client.post(
        "/login", data={"username": "officer1", "password": PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 302
