"""Two writers editing at once, and restoring an old version, in real Chromium."""

import pytest
from playwright.sync_api import expect

from agenda.models import Contribution
from agenda.services import ContributionContent, contribution_save
from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def replace_text(page, field, text):
    box = page.locator(f"#field-id_{field} [contenteditable=true]")
    box.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def test_conflicting_saves_keep_both_texts(new_page):
    factories.writer(username="wendy")
    factories.writer(username="willem")
    contribution = factories.contribution(1)
    edit = f"/bijdragen/{contribution.pk}/bewerken/"
    first, second = new_page(), new_page()
    login(first, "wendy", factories.PASSWORD)
    login(second, "willem", factories.PASSWORD)
    first.goto(edit)
    second.goto(edit)
    # Nobody else has saved yet: the warning is not shown (it once was, on every load).
    second.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(second.locator("[data-stale-banner]")).to_be_hidden()

    replace_text(first, "context", "Context volgens Wendy.")
    replace_text(first, "ambition", "Ambitie volgens Wendy.")
    first.get_by_role("button", name="Concept opslaan").click()
    expect(first.get_by_role("status").first).to_contain_text("Uw concept is opgeslagen")

    # Willem's page learns of Wendy's save before he saves (checked on focus).
    second.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(second.locator("[data-stale-banner]")).to_be_visible()
    expect(second.locator("[data-stale-banner]")).to_contain_text(
        "Iemand anders heeft deze bijdrage opgeslagen"
    )
    replace_text(second, "context", "Context volgens Willem.")
    replace_text(second, "ambition", "Ambitie volgens Willem.")
    second.get_by_role("button", name="Concept opslaan").click()

    expect(second.locator("#conflict")).to_contain_text("Iemand anders heeft intussen opgeslagen")
    context_field = second.locator("#field-id_context")
    expect(context_field.locator("[contenteditable=true]")).to_have_text("Context volgens Willem.")
    panel = second.locator("#field-id_context + .portal-conflict-panel")
    expect(panel).to_contain_text("Context volgens Wendy.")
    # Keep Willem's context, take Wendy's ambition.
    second.locator("input[name='choice_ambition'][value='current']").check()
    second.get_by_role("button", name="Concept opslaan").click()
    expect(second.get_by_role("status").first).to_contain_text("Uw concept is opgeslagen")

    contribution.refresh_from_db()
    assert "Context volgens Willem." in contribution.context
    assert "Ambitie volgens Wendy." in contribution.ambition
    assert contribution.history.filter(history_type="~").count() == 2  # two saves, none lost
    assert first.console_errors == [] and second.console_errors == []


def test_writer_restores_an_old_version(new_page):
    writer = factories.writer(username="wendy")
    contribution = factories.contribution(1)
    for text in ["Goede eerste tekst.", "Mislukte tweede tekst."]:
        contribution_save(
            contribution=contribution,
            user=writer,
            content=ContributionContent(context=f"<p>{text}</p>"),
            base_revision=Contribution.objects.get(pk=contribution.pk).revision,
        )
    page = new_page()
    login(page, "wendy", factories.PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/")
    page.get_by_role("link", name="Versiegeschiedenis").click()
    page.get_by_role("link", name="Versies vergelijken").click()
    expect(page.locator(".portal-aspect del").first).to_contain_text("Goede eerste")
    expect(page.locator(".portal-aspect ins").first).to_contain_text("Mislukte tweede")

    page.get_by_role("link", name="Versiegeschiedenis").click()
    # Version 1 is the empty chapter the seed created; version 2 is the first save.
    page.get_by_role("link", name="Versie 2", exact=True).click()
    expect(page.get_by_text("Goede eerste tekst.")).to_be_visible()
    page.get_by_role("link", name="Deze versie terugzetten").click()
    page.get_by_label("Waarom zet u deze versie terug?").fill("Terug naar de eerste tekst")
    page.get_by_role("button", name="Ja, deze versie terugzetten").click()
    expect(page.get_by_role("status").first).to_contain_text("teruggezet als nieuwe versie")
    expect(page.get_by_text("Goede eerste tekst.")).to_be_visible()

    contribution.refresh_from_db()
    assert contribution.context == "<p>Goede eerste tekst.</p>"
    assert contribution.history.filter(history_type="~").count() == 3
    assert page.console_errors == []
