"""Co-editing is exact, in real Chromium with two writers (two browser contexts):

- opening the editor records nothing (the browser's empty first answer is no edit);
- a restore right after co-editing succeeds at once, keeps the co-edited words in a
  record before it, and the open editors show the restored text;
- an editor opened while someone else has the chapter open starts with the saved text,
  every time (the server answers each browser's sync alone);
- two writers typing in turn at one spot lose or add no letter;
- "Versie opslaan" saves only what the server holds of everything this browser typed,
  even when the last keystrokes are slow to arrive;
- pressed while the connection is down, it waits and saves once the connection is back.
"""

import time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from agenda.coediting import consumer, document
from agenda.coediting import services as coediting_services
from agenda.models import CoeditingUpdate, Contribution
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import caret

pytestmark = pytest.mark.e2e

TEXT = "<p>De bibliotheek helpt.</p>"
OPENINGS = 30


@pytest.fixture(autouse=True)
def _patient_save(monkeypatch):
    """A loaded machine stores slowly; these tests are about what is saved, not how long
    "Versie opslaan" waits before it says it cannot yet."""
    monkeypatch.setattr(coediting_services, "ARRIVAL_SECONDS", 30)


@pytest.fixture
def chapter(asgi):
    anna = factories.writer(username="anna", first_name="Anna", last_name="Aalders")
    factories.writer(username="bert", first_name="Bert", last_name="Bakker")
    return fill(factories.contribution(1), anna, context=TEXT)


CONTEXT = "#field-id_context .ProseMirror"


def editor(page):
    return page.locator(CONTEXT)


def open_editor(page, chapter):
    page.goto(f"/bijdragen/{chapter.pk}/bewerken/")
    expect(page.get_by_text("Samen bewerken:")).to_be_visible()
    expect(editor(page)).to_contain_text("De bibliotheek helpt.")


def saved(chapter) -> Contribution:
    return Contribution.objects.get(pk=chapter.pk)


def test_opening_the_editor_records_no_edit(chapter, writers_page):
    first, second = writers_page("anna"), writers_page("bert")
    for page in (first, second):
        open_editor(page, chapter)
    expect(first.get_by_text("Nu in dit hoofdstuk: Anna Aalders, Bert Bakker")).to_be_visible()
    assert not document.has_unrecorded(chapter)
    assert not CoeditingUpdate.objects.filter(contribution=chapter, recorded=False).exists()


def test_a_restore_right_after_coediting_succeeds_and_keeps_the_typed_words(chapter, writers_page):
    oldest = chapter.history.order_by("history_date", "history_id").first()
    first, second = writers_page("anna"), writers_page("bert")
    for page in (first, second):
        open_editor(page, chapter)
    caret(first, editor(first))
    first.keyboard.type(" Nog even getypt.")
    expect(editor(second)).to_contain_text("Nog even getypt.")
    first.goto(f"/bijdragen/{chapter.pk}/versies/{oldest.history_id}/terugzetten/")
    first.get_by_role("button", name="Ja, deze versie terugzetten").click()
    expect(first.get_by_text("is teruggezet als nieuwe versie")).to_be_visible()
    assert "Nog even getypt." not in saved(chapter).context
    assert any(
        "Nog even getypt." in record.context
        for record in saved(chapter).history.exclude(history_id=oldest.history_id)
    ), "the co-edited words are kept in a record before the restore"
    expect(editor(second)).not_to_contain_text("Nog even getypt.")
    assert first.console_errors == [] and second.console_errors == []


def test_an_editor_opened_beside_another_starts_with_the_saved_text(chapter, writers_page):
    first, second = writers_page("anna"), writers_page("bert")
    open_editor(first, chapter)
    for opening in range(OPENINGS):
        second.goto(f"/bijdragen/{chapter.pk}/bewerken/")
        ready = second.wait_for_selector(CONTEXT)
        # As soon as the editor exists it holds the saved text: never an empty document
        # that fills a moment later.
        assert "De bibliotheek helpt." in ready.inner_text(), opening
        caret(second, editor(second))
        second.keyboard.type(f" {opening}.")
        expect(editor(first)).to_contain_text(f" {opening}.")
    numbers = " ".join(f"{n}." for n in range(OPENINGS))
    assert document.current_texts(chapter)["context"] == f"<p>De bibliotheek helpt. {numbers}</p>"


WITHOUT_CARETS = """(element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy.textContent;
}"""


def typed_text(page) -> str:
    """The editor's text as typed, without the other writers' carets and names."""
    return editor(page).evaluate(WITHOUT_CARETS)


def test_two_writers_typing_in_turn_at_one_spot_lose_or_add_no_letter(chapter, writers_page):
    first, second = writers_page("anna"), writers_page("bert")
    for page in (first, second):
        open_editor(page, chapter)
        caret(page, editor(page))
    for anna, bert in zip("Markering", "Opmerking", strict=True):  # faster than people
        first.keyboard.type(anna)
        second.keyboard.type(bert)
    wanted = sorted("De bibliotheek helpt.MarkeringOpmerking")
    for page in (first, second):
        page.wait_for_function(
            f"(n) => ({WITHOUT_CARETS})(document.querySelector('{CONTEXT}')).length >= n",
            arg=len(wanted),
        )
    assert typed_text(first) == typed_text(second)
    assert sorted(typed_text(first)) == wanted, typed_text(first)
    first.get_by_role("button", name="Versie opslaan").click()
    expect(first.get_by_text("Er is een versie opgeslagen om")).to_be_visible()
    stored = saved(chapter).context.removeprefix("<p>").removesuffix("</p>")
    assert sorted(stored) == wanted, stored
    assert stored == typed_text(first)


def test_versie_opslaan_waits_for_the_last_keystrokes(chapter, writers_page, monkeypatch):
    """The server is slow to store each update (a busy database): the last keystrokes
    are still on their way when "Versie opslaan" is pressed, and the save waits for them
    instead of saving without them."""
    store = document.store

    def slowly(*args, **kwargs):
        time.sleep(0.05)
        return store(*args, **kwargs)

    monkeypatch.setattr(document, "store", slowly)
    first = writers_page("anna")
    open_editor(first, chapter)
    caret(first, editor(first))
    first.keyboard.type(" Als laatste getypt.")
    first.get_by_role("button", name="Versie opslaan").click()
    expect(first.get_by_text("Er is een versie opgeslagen om")).to_be_visible()
    assert "Als laatste getypt." in saved(chapter).context


def test_versie_opslaan_pressed_offline_saves_once_the_connection_is_back(
    chapter, writers_page, monkeypatch
):
    """The database goes away while a writer types: the keystroke it cannot store closes
    the socket for a reconnect, and reconnecting fails while it is away. The writer types
    on and presses "Versie opslaan": the page says the save waits, saves nothing
    meanwhile, and saves by itself, with the words typed offline, once it is back."""
    away = {"now": False}

    def unless_away(function):
        def call(*args, **kwargs):
            if away["now"]:
                raise OperationalError("the database server is restarting")
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(consumer, "coediting_store", unless_away(consumer.coediting_store))
    monkeypatch.setattr(document, "state_of", unless_away(document.state_of))
    first = writers_page("anna")
    open_editor(first, chapter)
    caret(first, editor(first))
    away["now"] = True
    first.keyboard.type(" Zonder verbinding getypt.")
    expect(first.get_by_text("Samen bewerken: de verbinding is weg.")).to_be_visible()
    records = chapter.history.count()
    first.get_by_role("button", name="Versie opslaan").click()
    expect(first.get_by_text("Versie opslaan wacht daarop")).to_be_visible()
    expect(first.get_by_role("button", name="Versie opslaan")).to_be_visible()  # still here
    assert chapter.history.count() == records
    away["now"] = False
    expect(first.get_by_text("Er is een versie opgeslagen om")).to_be_visible()
    assert "Zonder verbinding getypt." in saved(chapter).context
    assert chapter.history.count() == records + 1
