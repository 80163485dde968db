"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in this thread, so Django would refuse
database access in the same test; allowing it is safe here because the test and
the server never share a connection.
"""

import os
import time

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
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the browser tests' database is a file, as ``make run``'s is: its busy
    timeout and WAL apply, so two people saving at once wait for each other as they do
    in the portal. (The in-memory test database shares one cache between threads, whose
    table locks fail at once instead of waiting.)"""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("e2e") / "db.sqlite3")


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
    # What the page did, printed with a failing test's output (pytest shows a passing
    # test's output to nobody): requests other than static files, and its sockets.
    name = f"page {len(contexts)}"
    page.on(
        "response",
        lambda response: (
            "/static/" not in response.url
            and print(
                f"{time.monotonic():.2f}",
                name,
                response.request.method,
                response.url,
                response.status,
            )
        ),
    )
    page.on(
        "websocket",
        lambda socket: (
            print(f"{time.monotonic():.2f}", name, "socket open", socket.url),
            socket.on(
                "close",
                lambda closed: print(f"{time.monotonic():.2f}", name, "socket closed", closed.url),
            ),
        ),
    )
    return page


def login(page, username, password):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")


CARET_AT = """(editor, end) => {
  const selection = window.getSelection();
  if (!selection.rangeCount || !editor.contains(selection.focusNode)) {
    return false;
  }
  const around = document.createRange();  // from the caret to the end, or start to caret
  if (end) {
    around.setStart(selection.focusNode, selection.focusOffset);
    around.setEnd(editor, editor.childNodes.length);
  } else {
    around.setStart(editor, 0);
    around.setEnd(selection.focusNode, selection.focusOffset);
  }
  return around.toString() === "";
}"""


def caret(page, editor, *, end: bool = True) -> None:
    """Put the caret at the end (Control+End) or start (Control+Home) of ``editor`` (a
    locator), as someone who tabs into it, and see it there. ProseMirror puts its own
    selection back shortly after the editor gains focus, which can land after the key:
    press again until the caret stays."""
    editor.focus()
    for _ in range(20):
        page.keyboard.press("Control+End" if end else "Control+Home")
        page.wait_for_timeout(100)  # ProseMirror's own reset comes 20 ms after focus
        if editor.evaluate(CARET_AT, end):
            return
    raise AssertionError(f"the caret does not stay at the {'end' if end else 'start'}")
