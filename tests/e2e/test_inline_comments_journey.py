"""Comments in the text, by keyboard, in real Chromium: a read-along selects a sentence
of team 1's chapter (the text focused, the caret put before the sentence, then Shift
and the arrow keys), is offered the
actions by the live region, opens the comment form beside the text with Alt+Shift+C,
mentions a team member through the combobox and places the comment; the member finds it
under *Voor u* and answers in the thread; the writer resolves the thread. axe finds
nothing at 1280 and 375 pixels with the form open."""

import pytest
from playwright.sync_api import expect

from agenda.models import Comment
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import AXE, WCAG

pytestmark = pytest.mark.e2e

TEXT = (
    "<p>De bibliotheek <strong>helpt</strong> mensen met lezen.</p>"
    "<p>Lezen is fijn en lezen helpt.</p>"
)
SENTENCE = "Lezen is fijn en lezen helpt."

CARET_BEFORE = """([source, words]) => {
    const container = document.querySelector(`[data-passage-source="${source}"]`);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const at = walker.currentNode.data.indexOf(words);
        if (at >= 0) {
            document.getSelection().collapse(walker.currentNode, at);
            return true;
        }
    }
    return false;
}"""


def axe_violations(page):
    page.evaluate(AXE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
        WCAG,
    )


def test_read_along_comments_on_a_sentence_member_answers_writer_resolves(new_page):
    writer = factories.writer(username="wendy", first_name="Wendy", last_name="Schrijver")
    factories.read_along(username="rita", first_name="Rita", last_name="Meelezer")
    member = factories.member(username="mark", first_name="Mark", last_name="Teamlid")
    factories.outsider(username="otto", first_name="Otto", last_name="Buiten")
    contribution = fill(factories.contribution(1), writer, context=TEXT)

    # The read-along selects the sentence by keyboard.
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "rita", factories.PASSWORD)
    page.goto(contribution.get_absolute_url())
    expect(page.locator("[data-selection-help]")).to_be_visible()
    page.locator("[data-passage-source=context]").focus()
    assert page.evaluate(CARET_BEFORE, ["context", SENTENCE])
    for _ in SENTENCE:
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("document.getSelection().toString()") == SENTENCE
    toolbar = page.locator("[data-selection-toolbar]")
    expect(toolbar).to_be_visible()
    expect(page.locator("[data-selection-live]")).to_contain_text("Alt+Shift+C")

    # Alt+Shift+C: the comment form opens beside the text, with the passage.
    page.keyboard.press("Alt+Shift+C")
    form = page.locator("[data-comment-form]")
    body = form.locator("textarea[name=body]")
    expect(body).to_be_focused()
    expect(form.locator("textarea[name=exact]")).to_have_value(SENTENCE)
    expect(form.locator("select[name=aspect]")).to_have_value("context")
    assert page.locator("[data-passage-source=context] [data-comment-form]").count() == 1
    text_box = page.locator("[data-passage-source=context] .portal-rich-text").bounding_box()
    form_box = form.bounding_box()
    assert form_box["x"] > text_box["x"] + text_box["width"] - 1  # beside the text

    # Mention the member: "@ma" offers Mark (and nobody who may not read the chapter).
    body.type("Klopt dit, @ma")
    expect(body).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option")).to_contain_text("Mark Teamlid")
    expect(body).to_have_attribute(
        "aria-activedescendant", listbox.get_by_role("option").get_attribute("id")
    )
    body.press("ArrowDown")
    body.press("Enter")
    expect(body).to_have_value("Klopt dit, @mark ")
    expect(body).to_have_attribute("aria-expanded", "false")
    body.type("?")
    body.press("@")
    body.type("ott")
    expect(listbox.get_by_role("option")).to_have_count(0)
    body.press("Backspace")
    body.press("Backspace")
    body.press("Backspace")
    body.press("Backspace")

    # axe with the form open, wide and narrow (then below the text).
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    form_box, text_box = (
        form.bounding_box(),
        page.locator("[data-passage-source=context] .portal-rich-text").bounding_box(),
    )
    assert form_box["y"] >= text_box["y"] + text_box["height"] - 1  # below the text
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    submit = form.locator("button[type=submit]")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    thread = Comment.objects.get()
    assert (thread.exact, list(thread.mentions.all())) == (SENTENCE, [member])
    expect(page.locator(f"#{thread.passage_id}")).to_have_text(SENTENCE)

    # The member answers from Voor u.
    member_page = new_page()
    login(member_page, "mark", factories.PASSWORD)
    link = member_page.locator("[data-for-you-item=mention] a")
    expect(link).to_have_count(1)
    link.focus()
    member_page.keyboard.press("Enter")
    member_page.wait_for_url(f"**/gesprekken/{thread.pk}/")
    reply = member_page.locator("textarea[name=body]")
    reply.focus()
    reply.type("Ja, dat klopt.")
    member_page.locator("main form button[type=submit]").last.focus()
    with member_page.expect_navigation():
        member_page.keyboard.press("Enter")
    expect(member_page.locator(".portal-reply")).to_contain_text("Ja, dat klopt.")
    expect(member_page.locator("[data-for-you-item=mention]")).to_have_count(0)

    # The writer resolves the thread on the chapter's page.
    writer_page = new_page()
    login(writer_page, "wendy", factories.PASSWORD)
    writer_page.goto(contribution.get_absolute_url() + f"#{thread.anchor}")
    resolve = writer_page.locator(f"#{thread.anchor} form[action$='/afgehandeld/'] button")
    resolve.focus()
    with writer_page.expect_navigation():
        writer_page.keyboard.press("Enter")
    thread.refresh_from_db()
    assert not thread.is_open and thread.resolved_by == writer
