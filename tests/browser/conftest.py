"""Browser journeys: Playwright driving Debian's Chromium against the live test server.

Screenshots of each page go to artifacts/screenshots/<test>/ (kept by CI as artifacts).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class Journey:
    """One person's browser: a context with its own cookies, a language and a viewport."""

    def __init__(self, browser, live_server, name, language="zh-CN", phone=False, folder="journey"):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        self.context = browser.new_context(locale=language, viewport=viewport,
                                           extra_http_headers={"Accept-Language": language})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.base = live_server.url
        self.name = name
        self.folder = ARTIFACTS / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0
        self.console_errors = []
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def shot(self, label):
        self.shots += 1
        safe = re.sub(r"[^\w.-]+", "-", f"{self.shots:02d}-{self.name}-{label}")
        self.page.screenshot(path=str(self.folder / f"{safe}.png"), full_page=True)

    def login(self, username, password):
        self.go("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.locator("main form button[type=submit]").first.click()
        self.page.wait_for_load_state()
        if "/accounts/two-factor/verify/" in self.page.url:
            # The second factor, as the phone's app would show it (the factories enrol office users).
            from accounts.models import User
            from tests.factories import totp_code

            self.page.fill("input[name=token]", totp_code(User.objects.get(username=username)))
            self.page.locator("main form button[type=submit]").first.click()
            self.page.wait_for_load_state()

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    opened = []

    def open_journey(name, **kwargs):
        kwargs.setdefault("folder", request.node.name)
        j = Journey(browser, live_server, name, **kwargs)
        opened.append(j)
        return j

    yield open_journey
    for j in opened:
        j.close()
