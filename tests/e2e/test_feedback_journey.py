"""Feedback during *Feedback*, in real Chromium and with the keyboard only: a read-along
of team 1 gives feedback on chapter 3 from the version page, and team 3's writer finds
it with the comments on their chapter, marked with the version."""

import pytest
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Edition
from tests import factories
from tests.agenda_helpers import approve_chapter
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e


def test_read_along_gives_feedback_and_the_writer_finds_it(new_page):
    coordinator = factories.coordinator(username="carla")
    contribution = approve_chapter(3, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    version = agenda_step(version=version, user=coordinator, step="to_feedback")
    factories.read_along(username="rita")  # a read-along of team 1
    writer = contribution.team.memberships.get(role="writer").user

    page = new_page()
    login(page, "rita", factories.PASSWORD)
    page.goto(f"/agenda/{version.pk}/")
    link = page.get_by_role("link", name=f"Feedback geven {contribution.team.name}")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback op hoofdstuk 3.")

    page.get_by_role("button", name="Feedback plaatsen").focus()
    page.keyboard.press("Enter")  # nothing written yet: the summary links to the field
    summary = page.locator(".utrecht-form-field-error-message, [role=alert]").first
    expect(summary).to_be_visible()
    page.get_by_role("link", name="Schrijf eerst een reactie.").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Uw reactie")).to_be_focused()
    page.keyboard.type("Noem de bron van de cijfers.")
    page.get_by_label("Over", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Feedback plaatsen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank u: uw feedback staat bij hoofdstuk 3.")).to_be_visible()
    for width in (1280, 375):  # the feedback page passes axe at both widths
        page.set_viewport_size({"width": width, "height": 800})
        assert violations(page, f"/agenda/{version.pk}/hoofdstukken/3/feedback/") == [], width

    page = new_page()
    login(page, writer.username, factories.PASSWORD)
    page.goto(contribution.get_absolute_url())
    expect(page.get_by_text("Noem de bron van de cijfers.")).to_be_visible()
    expect(page.get_by_text(f"Feedback op versie {version.number}")).to_be_visible()
    assert page.console_errors == []
