"""Browser tests: Playwright drives Debian's chromium (launched by its path, nothing
downloaded) against the app served on loopback, on a demo district seeded on a fixed
day with the settable clock.

They run in the SQLite pass only, and skip, saying why, where no chromium is installed
(``apt-get install chromium``; ``CASEFLOW_CHROMIUM`` names another binary).
Screenshots go to ``CASEFLOW_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.clock import settable_clock
from caseflow.demo import PASSWORD, seed_demo
from caseflow.migrate import upgrade

# The demo's day: every browser test sees the same deadlines, whatever day it runs.
DEMO_DAY = "2024-06-20"
CHROMIUM = os.environ.get("CASEFLOW_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

if os.environ.get("CASEFLOW_TEST_DATABASE_URL"):
    pytest.skip("browser tests run in the SQLite pass only", allow_module_level=True)
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The demo district, served on a free loopback port for the whole session."""
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'caseflow.sqlite'}",
            "SECRET_KEY": "browser-tests",
            "EVIDENCE_DIR": str(folder / "evidence"),
            # the demo's people sign in with the demo password only in demo mode
            "DEMO": True,
        },
        clock=settable_clock(DEMO_DAY),
    )
    rt = app.extensions["caseflow"]
    upgrade(rt.db)
    seed_demo(rt, echo=lambda _m: None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    rt.db.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("CASEFLOW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def phone(browser, live_app):
    """A phone-sized page in Chinese, as an officer in the field holds it."""
    context = browser.new_context(base_url=live_app.config["BASE_URL"], locale="zh-CN", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


@pytest.fixture
def desk(browser, live_app):
    """A desktop page in Chinese, as a head at the bureau holds it."""
    context = browser.new_context(
        base_url=live_app.config["BASE_URL"],
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
