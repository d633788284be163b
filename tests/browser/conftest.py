"""Browser tests: Debian's Chromium, driven by Playwright, against the app on a live server.

Every test in this folder carries the `browser` marker (`pytest -m browser` runs them alone,
`-m "not browser"` leaves them out). Playwright's sync API keeps an event loop running in the
test's thread, so Django must be told that ORM calls from that thread are safe here.
"""

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_context(browser, live_server):
    """Opens a fresh browser profile (its own cookies) on the live server; closed after the test."""
    contexts = []

    def open_context(viewport=WIDE):
        # The newsroom's readers and editors read German, the interface's default.
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="de-DE")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if contexts:
        # An article form's page sends requests of its own (autosave, presence, a goodbye
        # when closed); let those in flight finish before the test's data is flushed.
        time.sleep(1)


@pytest.fixture
def page(open_context):
    return open_context().new_page()


@pytest.fixture
def cri_article(transactional_db):
    from django.core.management import call_command

    from articles.models import Article

    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(source__slug="cri")


ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="session")
def artifacts():
    """Where the tests leave screenshots for people to look at (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
