"""Browser tests: Debian's Chromium, driven by Playwright, against the app on a live server.

Every test in this folder carries the `browser` marker (`pytest -m browser` runs them alone,
`-m "not browser"` leaves them out). Playwright's sync API keeps an event loop running in the
test's thread, so Django must be told that ORM calls from that thread are safe here.
"""

import os
import threading
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


class RequestsInFlight:
    """The live server's application, counting the requests it is answering.

    An article form's page sends requests of its own (autosave, presence, a goodbye when
    closed), which may still be on their way when a test ends; the test's data is flushed once
    the server has been quiet for a moment.
    """

    QUIET = 0.5  # seconds without a request: a goodbye sent as a tab closes has arrived
    LIMIT = 15

    def __init__(self, application):
        self.application = application
        self.answering = 0
        self.last_answered = time.monotonic()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.answering += 1
        try:
            response = self.application(environ, start_response)
            try:
                # Read whole here, so that a streamed answer's queries count as in flight.
                return [b"".join(response)]
            finally:
                response.close()  # Django's end of request: its connections are put back
        finally:
            with self.lock:
                self.answering -= 1
                self.last_answered = time.monotonic()

    def wait_until_quiet(self):
        deadline = time.monotonic() + self.LIMIT
        while True:
            with self.lock:
                quiet = not self.answering and time.monotonic() - self.last_answered > self.QUIET
            if quiet:
                return
            assert time.monotonic() < deadline, f"the server still answers after {self.LIMIT} s"
            time.sleep(0.05)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started once the tests' database exists: started before,
    on SQLite, it would see Django's database in memory and share the test's connection."""
    assert not live_server.thread.connections_override, "the live server shares a connection"
    return live_server


@pytest.fixture(scope="session")
def requests_in_flight(live_server):
    server = live_server.thread.httpd
    counting = RequestsInFlight(server.get_app())
    server.set_app(counting)
    return counting


@pytest.fixture
def open_context(browser, live_server, requests_in_flight):
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
        requests_in_flight.wait_until_quiet()


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
