"""Proposals in real Chromium: a read-along selects a passage of team 1's chapter and
proposes a change; the writer sees it marked in the text and accepts it; the history
shows the new version naming the proposal; the proposer is told by email and on their
home page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e

TEXT = (
    "<p>De bibliotheek <strong>helpt</strong> mensen met lezen.</p>"
    "<p>Lezen is fijn en lezen helpt.</p>"
)

SELECT = """([source, words]) => {
    const container = document.querySelector(`[data-passage-source="${source}"]`);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const text = nodes.map((n) => n.data).join("");
    const start = text.indexOf(words), end = start + words.length;
    const range = document.createRange();
    let offset = 0;
    for (const node of nodes) {
        const next = offset + node.data.length;
        if (start >= offset && start < next) range.setStart(node, start - offset);
        if (end > offset && end <= next) range.setEnd(node, end - offset);
        offset = next;
    }
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
    container.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


def test_read_along_proposes_writer_accepts_history_names_it_proposer_told(new_page):
    writer = factories.writer(username="wendy")
    reader = factories.read_along(username="rita")
    contribution = fill(factories.contribution(1), writer, context=TEXT)

    page = new_page()
    login(page, "rita", factories.PASSWORD)
    page.goto(contribution.get_absolute_url())
    link = page.get_by_role("link", name="Wijziging voorstellen")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijziging voorstellen voor")
    expect(page.get_by_text("Tip: selecteer een passage")).to_be_visible()

    # Selecting the second "lezen" copies it with its context, which tells it apart.
    page.evaluate(SELECT, ["context", "lezen helpt"])
    expect(page.get_by_label("Te wijzigen passage")).to_have_value("lezen helpt")
    page.evaluate(SELECT, ["context", "helpt mensen"])
    expect(page.get_by_label("Te wijzigen passage")).to_have_value("helpt mensen")
    expect(page.get_by_label("Onderdeel van het hoofdstuk")).to_have_value("context")
    page.get_by_label("Nieuwe tekst").fill("steunt alle mensen")
    page.get_by_role("button", name="Voorstel versturen").click()  # no reason yet
    expect(
        page.get_by_role("link", name="Geef een reden, zodat de schrijvers weten waarom.")
    ).to_be_visible()
    expect(page.get_by_label("Nieuwe tekst")).to_have_value("steunt alle mensen")  # kept
    page.get_by_label("Waarom?").fill("Preciezer: het gaat om iedereen.")
    page.get_by_role("button", name="Voorstel versturen").click()
    expect(page.get_by_text("Uw voorstel is verstuurd")).to_be_visible()
    mark = page.locator("mark.portal-proposal-mark").first
    expect(mark).to_be_visible()
    expect(mark).to_have_text("helpt")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        path = f"/bijdragen/{contribution.pk}/voorstellen/nieuw/"
        assert violations(page, path) == [], width
        assert violations(page, contribution.get_absolute_url()) == [], width
    assert any(writer.email in m.to for m in mail.outbox)

    page = new_page()
    login(page, "wendy", factories.PASSWORD)
    expect(page.get_by_text("1 voorgestelde wijziging in 1.")).to_be_visible()
    page.get_by_role("link", name="naar de voorstellen").click()
    proposal = page.locator("article.portal-proposal")
    expect(proposal).to_be_visible()
    expect(proposal).to_contain_text("Preciezer: het gaat om iedereen.")
    expect(proposal.locator("ins")).to_contain_text("steunt alle")
    expect(proposal.locator("del")).to_contain_text("helpt")
    accept = proposal.get_by_role("button", name="Overnemen")
    accept.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("1 voorstel overgenomen; het hoofdstuk heeft een nieuwe versie.")
    ).to_be_visible()
    expect(page.get_by_text("De bibliotheek steunt alle mensen met lezen.")).to_be_visible()
    expect(page.locator("mark.portal-proposal-mark")).to_have_count(0)

    page.get_by_role("link", name="Versiegeschiedenis").click()
    expect(page.get_by_text("Overgenomen: voorstel ").first).to_be_visible()
    expect(page.get_by_text(str(reader)).first).to_be_visible()

    assert any(reader.email in m.to and "overgenomen" in m.subject for m in mail.outbox)
    page = new_page()
    login(page, "rita", factories.PASSWORD)
    expect(page.get_by_text("Uw voorstel voor 1.")).to_be_visible()
    page.get_by_role("link", name="lees het besluit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voorstel voor")
    expect(page.locator(".portal-tag--approved")).to_have_text("Overgenomen")
    assert page.console_errors == []
