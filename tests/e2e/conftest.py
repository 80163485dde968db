"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in this thread, so Django would refuse
database access in the same test; allowing it is safe here because the test and
the server never share a connection.
"""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import reseed_domain_facts
from tests.factories import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Waits sized for a loaded machine (a PDF rendered inside a request takes seconds there):
# a passing step goes on as soon as it can, only a failing one waits this long.
TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server with the seed data that the flush of the previous test removed.
    It speaks HTTP only, so its edit pages are the form without co-editing
    (``test_coediting_journey.py`` serves the ASGI application for that)."""
    settings.COEDIT_ENABLED = False
    reseed_domain_facts()
    return live_server


@pytest.fixture
def new_page(browser, site):
    """Open a fresh Dutch browser context; every page fails the test on a console error."""
    contexts = []

    yield lambda: dutch_page(browser, site.url, contexts)
    for context in contexts:
        context.close()


@pytest.fixture
def asgi(transactional_db):
    """The ASGI application (HTTP and the co-editing WebSockets) served by uvicorn in a
    thread, on the test database with its seed data: pytest-django's live server
    speaks HTTP only."""
    from tests.e2e.asgi import AsgiServer

    reseed_domain_facts()
    server = AsgiServer().start()
    yield server
    server.stop()


@pytest.fixture
def writers_page(browser, asgi):
    """``writers_page(username)``: a fresh Dutch browser context on the ASGI server,
    logged in as ``username`` (one context per writer, as two people are)."""
    contexts = []

    def open_as(username):
        page = dutch_page(browser, asgi.url, contexts)
        login(page, username, PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


def dutch_page(browser, base_url: str, contexts: list):
    """A page in a fresh Dutch context (added to ``contexts``, which the caller closes)
    that records console errors in ``page.console_errors``, except the browser's own
    report of a WebSocket it could not open."""
    context = browser.new_context(locale="nl-NL", base_url=base_url)
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "WebSocket" not in message.text
            and page.console_errors.append(message.text)
        ),
    )
    return page


def login(page, username, password):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")
