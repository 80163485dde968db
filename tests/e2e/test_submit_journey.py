"""Edit, check and submit in the browser: the writer saves and stays in the editor (focus
on the save status), checks the chapter on the check page and submits it there."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from agenda.models import Contribution
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations
from tests.e2e.test_foundation_journeys import fill_action, type_in_editor

pytestmark = pytest.mark.e2e
SIZES = [(1280, 900), (375, 800)]


def nl(message):
    with translation.override("nl"):
        return gettext(message)


def test_writer_saves_checks_and_submits(new_page):
    factories.writer(username="wendy")
    contribution = factories.contribution(1)
    page = new_page()
    login(page, "wendy", factories.PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/bewerken/")
    expect(page.locator("[data-stale-banner]")).to_be_hidden()

    type_in_editor(page, "context", "Laaggeletterdheid blijft hardnekkig.")
    type_in_editor(page, "ambition", "Iedereen kan lezen.")
    page.get_by_role("button", name="Concept opslaan").click()

    # Saved: still in the editor, the status says when and has the focus.
    expect(page).to_have_url(f"/bijdragen/{contribution.pk}/bewerken/?opgeslagen=1#save-status")
    contribution.refresh_from_db()
    time = timezone.localtime(contribution.updated_at).strftime("%H:%M")
    status = page.locator("#save-status")
    expect(status).to_be_focused()
    expect(status).to_have_text(nl("Your draft was saved at %(time)s.") % {"time": time})
    expect(page.locator("[data-stale-banner]")).to_be_hidden()
    expect(page.locator("#field-id_context [contenteditable=true]")).to_contain_text("hardnekkig")

    # Not complete yet: the check page lists what is missing, links there, and has no button.
    page.locator("button[name=check]").click()
    expect(page).to_have_url(f"/bijdragen/{contribution.pk}/indienen/")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("button[name=step]")).to_have_count(0)
    summary.locator("a[href='#fix-provision_KB']").click()
    expect(page.locator("#fix-provision_KB")).to_be_focused()
    page.keyboard.press("Enter")  # the fix link, with the keyboard
    expect(page).to_have_url(f"/bijdragen/{contribution.pk}/bewerken/#field-id_provision_KB")

    type_in_editor(page, "provision_BIB", "Taalhuizen in elke gemeente.")
    type_in_editor(page, "provision_POI", "POI's trainen vrijwilligers.")
    type_in_editor(page, "provision_KB", "De KB meet de effecten.")
    type_in_editor(page, "programme_intro", "In 2021 starten we.")
    page.get_by_role("button", name="Actie toevoegen").click()
    fill_action(page, 0, "Leesclubs starten", "provision:BIB", ["Q1"], "Twintig leesclubs")
    check = page.locator("button[name=check]")
    check.focus()
    page.keyboard.press("Enter")

    # Complete: every aspect is complete and one button submits.
    expect(page).to_have_url(f"/bijdragen/{contribution.pk}/indienen/")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page.locator(".portal-check")).to_have_count(4)
    expect(page.locator(".portal-check .portal-tag--approved")).to_have_count(4)
    expect(page.locator("#fix-actions")).to_have_attribute(
        "href", f"/bijdragen/{contribution.pk}/bewerken/#actions-table"
    )
    page.locator("button[name=step][value=submit]").click()

    expect(page).to_have_url(f"/bijdragen/{contribution.pk}/")
    expect(page.get_by_role("status").first).to_contain_text("De bijdrage is ingediend")
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.SUBMITTED
    assert contribution.actions[0]["activity"] == "Leesclubs starten"
    assert page.console_errors == []


def test_edit_and_check_pages_have_no_wcag_violations(new_page):
    writer = factories.writer(username="wendy")
    contribution = factories.contribution(1)
    fill(contribution, writer, ambition="")
    edit, check = (f"/bijdragen/{contribution.pk}/{step}/" for step in ("bewerken", "indienen"))
    pages = {"incomplete": [edit, check], "complete": [f"{edit}?opgeslagen=2", check]}
    found = {}
    for state, paths in pages.items():
        if state == "complete":
            fill(contribution, writer)
        for width, height in SIZES:
            page = new_page()
            page.set_viewport_size({"width": width, "height": height})
            login(page, "wendy", factories.PASSWORD)
            for path in paths:
                if result := violations(page, path):
                    found[f"{state} {width} {path}"] = result
            assert page.console_errors == []
    assert found == {}
