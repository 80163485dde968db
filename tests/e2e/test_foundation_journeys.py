"""The three journeys of the foundation, in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
PASSWORD = factories.PASSWORD


def editor(page, field):
    return page.locator(f"#field-id_{field} [contenteditable=true]")


def type_in_editor(page, field, *parts):
    """Type into a rich-text field; ``parts`` alternate plain text and (shortcut, text)."""
    box = editor(page, field)
    box.click()
    for part in parts:
        if isinstance(part, tuple):
            shortcut, text = part
            page.keyboard.press(shortcut)
            page.keyboard.type(text)
            page.keyboard.press(shortcut)
        else:
            page.keyboard.type(part)


def fill_action(page, index, activity, lead, quarters, result):
    page.locator(f"#id_actions-{index}-activity").fill(activity)
    page.locator(f"#id_actions-{index}-lead").select_option(lead)
    for quarter in quarters:
        page.locator(f"input[name='actions-{index}-quarters'][value='{quarter}']").check()
    page.locator(f"#id_actions-{index}-result").fill(result)


def test_writer_fills_all_aspects_and_sees_them_on_the_read_page(new_page):
    factories.writer(username="wendy")
    contribution = factories.contribution(1)
    page = new_page()
    login(page, "wendy", PASSWORD)

    # The writer's own chapter is listed first, above the twelve.
    page.get_by_role("link", name="1. Geletterde samenleving").first.click()
    page.get_by_role("link", name="Bijdrage bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bijdrage bewerken")
    # The editor's toolbar speaks Dutch, and its box is labelled by the field's label.
    expect(page.locator("#field-id_context").get_by_role("button", name="Vet")).to_be_visible()
    expect(
        page.get_by_role("textbox", name="1. Context van de opgave of uitdaging")
    ).to_be_visible()

    type_in_editor(page, "context", "Laaggeletterdheid is ", ("Control+b", "hardnekkig"), ".")
    type_in_editor(page, "ambition", "- Elk kind leest")
    page.keyboard.press("Enter")
    page.keyboard.type("Elke volwassene kan terecht")
    type_in_editor(page, "provision_BIB", "Taalhuizen in ", ("Control+i", "elke"), " gemeente.")
    type_in_editor(page, "provision_POI", "POI's trainen vrijwilligers.")
    type_in_editor(page, "provision_KB", "De KB meet de effecten.")
    type_in_editor(page, "programme_intro", "In 2021 starten we.")

    page.get_by_role("button", name="Actie toevoegen").click()
    fill_action(page, 0, "Leesclubs starten", "provision:BIB", ["Q1", "Q2"], "Twintig leesclubs")
    page.get_by_role("button", name="Actie toevoegen").click()
    fill_action(page, 1, "Campagne voorlezen", "partner:VNG", ["Q3"], "Bereik van 10.000 ouders")
    # Reorder: the campaign goes first.
    page.get_by_role("button", name="Omhoog (actie 2)").click()
    page.get_by_label("Toelichting bij deze wijziging").fill("Eerste opzet")
    page.get_by_role("button", name="Concept opslaan").click()

    # Saving keeps the writer in the editor, with the time of the save.
    expect(page.get_by_role("status").first).to_contain_text("Uw concept is opgeslagen om")
    page.get_by_role("link", name="Terug naar het hoofdstuk").click()
    expect(page.locator("#aspect-context + div strong")).to_have_text("hardnekkig")
    expect(page.locator("li", has_text="Elk kind leest")).to_be_visible()
    expect(page.locator("li", has_text="Elke volwassene kan terecht")).to_be_visible()
    expect(page.locator("em", has_text="elke")).to_be_visible()
    expect(page.get_by_text("De KB meet de effecten.")).to_be_visible()
    rows = page.locator("table.portal-actions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Campagne voorlezen")
    expect(rows.nth(0)).to_contain_text("VNG")
    expect(rows.nth(1)).to_contain_text("Leesclubs starten")
    expect(rows.nth(1)).to_contain_text("K1, K2")
    assert page.console_errors == []

    contribution.refresh_from_db()
    assert "<strong>hardnekkig</strong>" in contribution.context
    assert "<ul>" in contribution.ambition
    assert contribution.history.latest().history_change_reason == "Eerste opzet"


def test_member_sees_no_edit_button_and_is_refused_on_the_edit_page(new_page):
    factories.member(username="maarten")
    contribution = factories.contribution(1)
    page = new_page()
    login(page, "maarten", PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geletterde samenleving")
    expect(page.get_by_role("link", name="Bijdrage bewerken")).to_have_count(0)

    response = page.goto(f"/bijdragen/{contribution.pk}/bewerken/")
    assert response.status == 403
    outsider_page = new_page()
    factories.outsider(username="olaf")
    login(outsider_page, "olaf", PASSWORD)
    assert outsider_page.goto(f"/bijdragen/{contribution.pk}/bewerken/").status == 404


def test_form_error_keeps_the_typed_text(new_page):
    factories.writer(username="wendy")
    contribution = factories.contribution(1)
    page = new_page()
    login(page, "wendy", PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/bewerken/")

    type_in_editor(page, "context", "Tekst die niet verloren mag gaan")
    page.get_by_role("button", name="Actie toevoegen").click()
    fill_action(page, 0, "Goede actie", "partner:KB", ["Q4"], "Resultaat A")
    page.get_by_role("button", name="Actie toevoegen").click()
    page.locator("#id_actions-1-result").fill("Resultaat zonder activiteit")
    page.get_by_role("button", name="Concept opslaan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout \(1\):"))
    summary.get_by_role("link").click()
    expect(page.locator("#id_actions-1-activity")).to_be_focused()
    expect(editor(page, "context")).to_have_text("Tekst die niet verloren mag gaan")
    expect(page.locator("#id_actions-0-activity")).to_have_value("Goede actie")
    expect(page.locator("#id_actions-0-lead")).to_have_value("partner:KB")
    expect(page.locator("input[name='actions-0-quarters'][value='Q4']")).to_be_checked()
    expect(page.locator("#id_actions-1-result")).to_have_value("Resultaat zonder activiteit")
    contribution.refresh_from_db()
    assert contribution.revision == 0
