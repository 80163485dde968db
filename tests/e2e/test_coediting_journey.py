"""Live co-editing in real Chromium: two writers type in the same aspect at once and
each sees the other's words and caret with the name; "Versie opslaan" writes one history
record with both texts; the server stops while both type and nothing typed is lost; a
submit ends the sessions with a message."""

import os

import pytest
from playwright.sync_api import expect

from agenda.models import Contribution
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import caret
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set to look at the live editor by eye

TEXT = "<p>De bibliotheek helpt.</p>"


def context_editor(page):
    return page.locator("#field-id_context .ProseMirror")


def type_together(first, first_words, second, second_words):
    """Both type at once, word by word in turn: the first at the end of the text, the
    second at its start."""
    caret(first, context_editor(first), end=True)
    caret(second, context_editor(second), end=False)
    for one, other in zip(first_words.split(" "), second_words.split(" "), strict=True):
        first.keyboard.type(f" {one}")
        second.keyboard.type(f"{other} ")


def test_two_writers_type_together_and_one_version_holds_both(asgi, writers_page):
    anna = factories.writer(username="anna", first_name="Anna", last_name="Aalders")
    factories.writer(username="bert", first_name="Bert", last_name="Bakker")
    contribution = fill(factories.contribution(1), anna, context=TEXT)
    edit = f"/bijdragen/{contribution.pk}/bewerken/"

    first, second = writers_page("anna"), writers_page("bert")
    for page in (first, second):
        page.goto(edit)
        expect(page.get_by_text("Samen bewerken:")).to_be_visible()
        expect(context_editor(page)).to_contain_text("De bibliotheek helpt.")
    expect(first.get_by_text("Nu in dit hoofdstuk: Anna Aalders, Bert Bakker")).to_be_visible()
    for width in (1280, 375):  # the live editor passes axe at both widths
        first.set_viewport_size({"width": width, "height": 800})
        assert violations(first, edit) == [], width
        expect(first.get_by_text("Samen bewerken:")).to_be_visible()

    type_together(first, "Anna schrijft dit.", second, "Bert begint hier.")
    # Each sees the other's words: how fast is bench/coediting_load.py's to measure (a
    # busy machine types slowly too), so the wait here is generous.
    for page in (first, second):
        expect(context_editor(page)).to_contain_text("Anna schrijft dit.", timeout=10_000)
        expect(context_editor(page)).to_contain_text("Bert begint hier.", timeout=10_000)
    name_tag = first.locator(".collaboration-carets__label")
    expect(name_tag).to_have_text("Bert Bakker", timeout=10_000)
    expect(name_tag).to_be_visible()
    if SCREENSHOTS:
        first.screenshot(path=f"{SCREENSHOTS}/coediting.png")

    records = contribution.history.count()
    first.get_by_role("button", name="Versie opslaan").click()
    expect(first.get_by_text("Er is een versie opgeslagen om")).to_be_visible()
    expect(first.get_by_text("Samen bewerken:")).to_be_visible()  # in the session again
    saved = Contribution.objects.get(pk=contribution.pk)
    assert "<p>Bert begint hier. De bibliotheek helpt. Anna schrijft dit.</p>" in saved.context
    assert saved.history.count() == records + 1
    note = saved.history.order_by("-history_id").first().history_change_reason
    assert "Anna Aalders" in note and "Bert Bakker" in note

    # The server stops while both type; started again, nothing typed is lost.
    asgi.stop()
    type_together(first, "Tijdens de storing.", second, "Bert typt door.")
    expect(first.get_by_text("De verbinding is weg")).to_be_visible()
    asgi.start()
    for page in (first, second):
        expect(context_editor(page)).to_contain_text("Tijdens de storing.", timeout=15000)
        expect(context_editor(page)).to_contain_text("Bert typt door.", timeout=15000)
    second.get_by_role("button", name="Versie opslaan").click()
    expect(second.get_by_text("Er is een versie opgeslagen om")).to_be_visible()
    expect(second.get_by_text("Samen bewerken:")).to_be_visible()  # in the session again
    saved = Contribution.objects.get(pk=contribution.pk)
    assert "Tijdens de storing." in saved.context and "Bert typt door." in saved.context

    # Submitting ends the session of the other writer, who is told.
    first.get_by_role("button", name="Opslaan en controleren voor indienen").click()
    expect(first.get_by_role("heading", level=1)).to_contain_text("Controleer uw bijdrage")
    first.get_by_role("button", name="Indienen", exact=True).click()
    expect(second.get_by_text("bewerken is beëindigd")).to_be_visible()
    expect(second.get_by_text("De verbinding is weg")).to_be_hidden()  # ended, not offline
    expect(context_editor(second)).to_have_attribute("contenteditable", "false")
    assert first.console_errors == [] and second.console_errors == []


def test_without_websockets_the_editor_is_the_form_with_its_conflict_check(asgi, writers_page):
    anna = factories.writer(username="anna", first_name="Anna", last_name="Aalders")
    contribution = fill(factories.contribution(1), anna, context=TEXT)
    page = writers_page("anna")
    page.route_web_socket("**/ws/**", lambda socket: socket.close())  # a proxy that blocks
    page.goto(f"/bijdragen/{contribution.pk}/bewerken/")
    expect(context_editor(page)).to_contain_text("De bibliotheek helpt.")
    expect(page.get_by_text("Samen bewerken:")).to_be_hidden()
    caret(page, context_editor(page))
    page.keyboard.type(" Zonder verbinding.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Uw concept is opgeslagen om")).to_be_visible()
    saved = Contribution.objects.get(pk=contribution.pk)
    assert "De bibliotheek helpt. Zonder verbinding." in saved.context
