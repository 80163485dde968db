"""The rich-text editor by keyboard: one Tab stop per toolbar, arrows inside it, Tab
always leaves the text, and every toolbar icon is drawn by its font (no "tofu" boxes)."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

FOCUSED_NAME = "() => document.activeElement.dataset.name || ''"


def open_edit_page(new_page):
    factories.writer(username="wendy")
    contribution = factories.contribution(1)
    page = new_page()
    login(page, "wendy", factories.PASSWORD)
    page.goto(f"/bijdragen/{contribution.pk}/bewerken/")
    expect(page.locator("#field-id_context [role=toolbar]")).to_have_count(1)
    return page


def focused_in(page, selector):
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def test_toolbar_is_one_tab_stop_and_arrows_move_within_it(new_page):
    page = open_edit_page(new_page)
    toolbar = page.locator("#field-id_context [role=toolbar]")
    # Named after its field (the words around the name come from the JS catalogue).
    expect(toolbar).to_have_attribute("aria-label", re.compile("1. Context van de opgave"))
    expect(toolbar.locator("button[tabindex='0']")).to_have_count(1)

    # From the field's hint (just under its label) Tab reaches the toolbar's first button.
    page.locator("#id_context_helptext").click()
    page.keyboard.press("Tab")
    assert focused_in(page, "#field-id_context [role=toolbar]")
    assert page.evaluate(FOCUSED_NAME) == "heading3"

    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_NAME) == "heading4"
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED_NAME) == "history:redo"
    page.keyboard.press("ArrowRight")  # wraps around
    assert page.evaluate(FOCUSED_NAME) == "heading3"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(FOCUSED_NAME) == "history:redo"
    page.keyboard.press("Home")
    assert page.evaluate(FOCUSED_NAME) == "heading3"
    # Hidden buttons (remove link, list properties) are skipped; the one stop moved along.
    page.keyboard.press("ArrowRight")
    expect(toolbar.locator("button[tabindex='0']")).to_have_attribute("data-name", "heading4")

    # Tab goes on into the text, where typing works.
    page.keyboard.press("Tab")
    assert focused_in(page, "#field-id_context .ProseMirror")
    page.keyboard.type("Laaggeletterdheid blijft")
    expect(page.locator("#field-id_context .ProseMirror")).to_have_text("Laaggeletterdheid blijft")
    # The toggle buttons say whether they are on.
    expect(toolbar.locator("[data-name=paragraph]")).to_have_attribute("aria-pressed", "true")

    # Shift+Tab returns to the toolbar, on the button last used.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_NAME) == "heading4"


def test_tab_leaves_the_editor_even_in_a_list_and_buttons_indent(new_page):
    page = open_edit_page(new_page)
    text = page.locator("#field-id_context .ProseMirror")
    text.click()
    page.keyboard.type("- eerste")
    page.keyboard.press("Enter")
    page.keyboard.type("tweede")
    expect(text.locator("ul > li")).to_have_count(2)

    page.keyboard.press("Tab")
    # Focus left the editor for the next field's toolbar; nothing was indented or typed.
    assert not focused_in(page, "#field-id_context")
    assert focused_in(page, "#field-id_ambition [role=toolbar]")
    expect(text.locator("ul ul")).to_have_count(0)
    assert "\t" not in text.inner_text()

    # Back into the text, then indent from the toolbar's button.
    page.keyboard.press("Shift+Tab")
    assert focused_in(page, "#field-id_context .ProseMirror")
    page.keyboard.press("Shift+Tab")
    assert focused_in(page, "#field-id_context [role=toolbar]")
    for _ in range(10):
        if page.evaluate(FOCUSED_NAME) == "listIndent":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_NAME) == "listIndent"
    page.keyboard.press("Enter")
    expect(text.locator("ul ul li")).to_have_text("tweede")
    assert focused_in(page, "#field-id_context .ProseMirror")


def test_toolbar_icons_are_drawn_by_their_font(new_page):
    page = open_edit_page(new_page)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(
        "async () => (await document.fonts.ready, document.fonts.check('24px \"Material Icons\"'))"
    )
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('Material Icons'))"
        ".map(f => f.status)"
    )
    assert loaded and set(loaded) == {"loaded"}
    # An icon is one ligature glyph about 24 px wide: an unresolved name would be drawn as
    # its letters (far wider) and a missing glyph as a box. Every button has a name.
    buttons = page.evaluate(
        """() => [...document.querySelectorAll('#field-id_context [role=toolbar] button')]
            .filter(b => b.getClientRects().length)
            .map(b => {
              const range = document.createRange();
              range.selectNodeContents(b);
              const width = range.getBoundingClientRect().width;
              return {name: b.getAttribute('aria-label') || '', width};
            })"""
    )
    assert len(buttons) >= 10
    for button in buttons:
        assert button["name"], button
        assert 0 < button["width"] <= 30, button
    # No pick-list arrow glyph that no font has.
    expect(page.locator(".prose-menubar__selected")).to_have_count(0)
    page.locator("#field-id_context").screenshot(path="/tmp/ek/toolbar.png")
