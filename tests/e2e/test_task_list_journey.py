"""The writers' home page as a task list, driven with the keyboard only, and checked by axe.

A writer whose chapter was returned sees "Returned" on the home page, follows the link
to the reason, edits and saves; the chapter stays "Returned" until it is submitted again
(``agenda.review.selectors.task_status``).
"""

import pytest
from playwright.sync_api import expect

from agenda.review.selectors import TaskStatus
from agenda.review.services import take_review_step
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
TABS = 80  # more than any page here has focusable elements before the target


def keyboard_login(page, username):
    page.goto("/inloggen/")
    page.keyboard.press("Tab")
    for _ in range(TABS):
        if page.evaluate("document.activeElement.name") == "username":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    expect(page.locator("h1")).not_to_have_text("")


def tab_to(page, selector):
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def returned_chapter(writer, coordinator):
    contribution = factories.contribution(1)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(
        obj=contribution,
        user=coordinator,
        step="return",
        reason="Het jaarprogramma mist een planning.",
    )
    contribution.refresh_from_db()
    return contribution


def test_returned_writer_finds_the_reason_edits_and_saves_with_the_keyboard(new_page):
    writer = factories.writer(username="wendy")
    coordinator = factories.coordinator(username="carla")
    contribution = returned_chapter(writer, coordinator)
    returned_label = str(TaskStatus.RETURNED.label)
    page = new_page()
    keyboard_login(page, "wendy")

    own = page.locator("#own-heading + .portal-task-list")
    expect(own.locator(".portal-tag--returned")).to_have_text(returned_label)
    page.screenshot(path="/tmp/task_list_home_1280.png", full_page=True)

    # The reason is one Enter away.
    tab_to(page, f'#own-heading ~ ul a[href$="/bijdragen/{contribution.pk}/#reden"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/bijdragen/{contribution.pk}/#reden")
    reason = page.locator("#reden")
    expect(reason).to_contain_text("Het jaarprogramma mist een planning.")
    expect(reason).to_be_in_viewport()

    # On to the editor, change the context, save the draft.
    tab_to(page, f'a[href$="/bijdragen/{contribution.pk}/bewerken/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/bewerken/")
    tab_to(page, "#field-id_context [contenteditable=true]")
    page.keyboard.press("Control+a")
    page.keyboard.type("Context met een planning per kwartaal.")
    tab_to(page, 'button[name="save"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/bewerken/?opgeslagen=*")  # the save status, in whatever words

    # Saved, not submitted: the team still has to act, so the tag still says so.
    page.goto("/")
    expect(own.locator(".portal-tag--returned")).to_have_text(returned_label)
    assert "Context met een planning" in factories.contribution(1).context
    assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_home_and_compile_page_have_no_wcag_violations(new_page, width):
    writer = factories.writer(username="wendy")
    coordinator = factories.coordinator(username="carla")
    returned_chapter(writer, coordinator)
    factories.team_user("writer", number=7, username="zeven")
    for username, paths in {
        "wendy": ["/"],
        "zeven": ["/"],
        "carla": ["/", "/agenda/samenstellen/"],
    }.items():
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        keyboard_login(page, username)
        for path in paths:
            assert violations(page, path) == [], (username, path, width)
            assert "/inloggen/" not in page.url
            page.screenshot(
                path=f"/tmp/task_list_{username}{path.replace('/', '_')}{width}.png",
                full_page=True,
            )
            assert page.locator("h1").count() == 1
        assert page.console_errors == []


def test_status_words_are_the_labels(new_page):
    """The tags show the translated labels (Dutch once the translations are in)."""
    factories.writer(username="wendy")
    page = new_page()
    keyboard_login(page, "wendy")
    expect(page.locator("#own-heading + .portal-task-list .portal-tag")).to_have_text(
        str(TaskStatus.NOT_STARTED.label)
    )
