"""A coordinator decides on a submitted chapter with the keyboard only: one form, the
reason revealed under "Terugsturen", a confirmation where focus lands; the page passes
axe at 1280 and 375 px and works without JavaScript."""

import os

import pytest
from django.utils import translation
from playwright.sync_api import expect

from agenda.models import Contribution, Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.services import network_text_save
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import AXE, WCAG, violations

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SCREENSHOTS_DIR")  # set to look at the pages


def nl(text: str) -> str:
    """The Dutch of a string this feature added (English until it is translated)."""
    with translation.override("nl"):
        return translation.gettext(text)


RECORD = nl("Record decision")
NOTE = nl("Note for the team")


def submitted_chapter():
    wendy = factories.writer(username="wendy")
    factories.coordinator(username="carla")
    contribution = factories.contribution(1)
    fill(contribution, wendy)
    take_review_step(obj=contribution, user=wendy, step="submit")
    return contribution


def tab_to(page, selector, limit=80):
    """Press Tab until ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_coordinator_returns_a_chapter_with_the_keyboard_only(new_page):
    contribution = submitted_chapter()
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/")

    reason = page.get_by_label("Reden van terugsturen")
    expect(reason).to_be_hidden()  # revealed only under "Terugsturen"
    tab_to(page, "input[name='review-decision']")
    expect(page.get_by_label("Goedkeuren", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")  # the radio group: arrows choose
    returning = page.get_by_label("Terugsturen naar het team")
    expect(returning).to_be_checked()
    expect(returning).to_have_attribute("aria-controls", "decision-return")
    expect(reason).to_be_visible()
    shot(page, "decision-return-1280")
    page.keyboard.press("Tab")
    expect(reason).to_be_focused()
    page.keyboard.type("Vul aspect 3 voor de KB aan.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=RECORD)).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/bijdragen/{contribution.pk}/#inhoud")
    confirmation = page.locator("#inhoud > .portal-messages [role=status]")
    expect(confirmation).to_contain_text("teruggestuurd")
    expect(page.locator("#inhoud")).to_be_focused()  # the message opens what has focus
    expect(page.locator(".portal-meta .portal-tag")).to_have_text("Concept")
    shot(page, "decision-done-1280")
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.CONCEPT
    assert contribution.history.latest().history_change_reason == "Vul aspect 3 voor de KB aan."
    assert page.console_errors == []


def test_a_decision_without_a_reason_shows_the_error_summary_and_keeps_the_choice(new_page):
    contribution = submitted_chapter()
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/")
    page.get_by_role("button", name=RECORD).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Goedkeuren", exact=True)).to_be_focused()

    page.get_by_label("Terugsturen naar het team").check()
    page.get_by_role("button", name=RECORD).click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_label("Terugsturen naar het team")).to_be_checked()
    expect(page.get_by_label("Reden van terugsturen")).to_be_visible()
    page.evaluate(AXE)
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations.map(v => v.id)""",
        WCAG,
    )
    assert found == []
    page.locator("[data-error-summary] a").first.click()
    expect(page.get_by_label("Reden van terugsturen")).to_be_focused()
    shot(page, "decision-error-1280")
    assert page.console_errors == []


def test_without_javascript_every_part_of_the_decision_shows(browser, site):
    contribution = submitted_chapter()
    context = browser.new_context(locale="nl-NL", base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "carla", factories.PASSWORD)
        page.goto(f"/bijdragen/{contribution.pk}/")
        expect(page.get_by_label("Reden van terugsturen")).to_be_visible()
        expect(page.get_by_label(NOTE)).to_be_visible()
        page.get_by_label("Goedkeuren", exact=True).check()
        page.get_by_role("button", name=RECORD).click()
        expect(page.locator(".portal-meta .portal-tag")).to_have_text("Goedgekeurd")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_chapter_page_of_a_coordinator_passes_axe(new_page, width):
    contribution = submitted_chapter()
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "carla", factories.PASSWORD)
    assert violations(page, f"/bijdragen/{contribution.pk}/") == []
    page.get_by_label("Terugsturen naar het team").check()
    page.evaluate(AXE)
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations.map(v => v.id)""",
        WCAG,
    )
    assert found == []
    shot(page, f"decision-{width}")
    assert page.console_errors == []


def test_a_coordinator_approves_the_motto_in_one_form(new_page):
    writer = factories.team_user("writer", number=7)
    factories.coordinator(username="carla")
    motto = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(text=motto, user=writer, body="<p>Samen sterk</p>", base_revision=0)
    take_review_step(obj=motto, user=writer, step="submit")
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    login(page, "carla", factories.PASSWORD)
    assert violations(page, "/netwerkteksten/motto/") == []
    expect(page.get_by_label(NOTE)).to_be_hidden()
    page.get_by_label("Goedkeuren", exact=True).check()
    expect(page.get_by_label(NOTE)).to_be_visible()
    page.get_by_label(NOTE).fill("Mooi kort")
    page.get_by_role("button", name=RECORD).click()
    expect(page.locator("#inhoud")).to_be_focused()
    expect(page.locator(".portal-messages [role=status]")).to_contain_text(
        nl("%(text)s has been approved.") % {"text": "Motto"}
    )
    shot(page, "motto-approved-375")
    motto.refresh_from_db()
    assert motto.state == NetworkText.State.APPROVED
    assert motto.history.latest().history_change_reason == "Mooi kort"
    assert page.console_errors == []
