"""A visitor who is not logged in, in real Chromium and with the keyboard only: the
welcome page explains the Netwerkagenda, the timeline says where the agenda is, and the
teams overview shows organisations but no people."""

import pytest
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.models import Edition
from tests import factories
from tests.agenda_helpers import approve_chapter
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import AXE, WCAG, violations

pytestmark = pytest.mark.e2e
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: tags})).violations
    .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
"""``test_accessibility.violations`` on the page as it is, without loading it again."""


def test_a_visitor_reads_the_welcome_page_the_timeline_and_the_teams(new_page):
    coordinator = factories.coordinator(username="carla")
    approve_chapter(1, coordinator)
    agenda_compile(edition=Edition.objects.current(), user=coordinator)  # a rough version
    writer = factories.writer(first_name="Noor", last_name="Zichtbaar", name_public=True)

    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "De Netwerkagenda van de openbare bibliotheken"
    )
    expect(page.get_by_text("Bibliotheekconvenant 2020-2023")).to_be_visible()
    link = page.get_by_role("link", name="Tijdpad: hoe de agenda tot stand komt")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdpad")
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("Eerste ruwe versies")
    expect(current.get_by_text("u bent hier")).to_be_visible()

    teams = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Teams")
    teams.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmateams")
    expect(page.get_by_role("heading", name="Stelseluitdagingen")).to_be_visible()
    expect(page.get_by_text(writer.organisation.name).first).to_be_visible()
    expect(page.get_by_text("Noor Zichtbaar")).to_have_count(0)  # people only after login
    assert page.console_errors == []


def test_a_coordinator_uploads_a_document_that_a_member_downloads(new_page, tmp_path):
    factories.coordinator(username="carla")
    factories.member(username="mila")
    report = tmp_path / "Verslag netwerkoverleg.pdf"
    report.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    fake = tmp_path / "rapport.pdf"
    fake.write_bytes(b"<!DOCTYPE html><script>alert(1)</script>")

    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto("/documenten/")
    page.get_by_role("link", name="Document of video toevoegen").click()
    page.get_by_label("document", exact=True).check()
    page.get_by_label("Titel", exact=True).fill("Verslag van het netwerkoverleg")
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Bestand").set_input_files(str(fake))
    page.get_by_label("iedereen die is ingelogd").check()
    page.get_by_role("button", name="Toevoegen").click()
    summary = page.locator(".utrecht-form-field-error-message").first
    expect(summary).to_be_visible()  # an HTML page named .pdf is refused, with the reason
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Verslag van het netwerkoverleg")
    page.get_by_label("Bestand").set_input_files(str(report))
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("“Verslag van het netwerkoverleg” is toegevoegd.")).to_be_visible()

    member = new_page()
    login(member, "mila", factories.PASSWORD)
    member.goto("/documenten/")
    link = member.get_by_role("link", name="Downloaden Verslag van het netwerkoverleg")
    expect(link).to_be_visible()
    with member.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Verslag_netwerkoverleg.pdf"
    assert page.console_errors == [] and member.console_errors == []


def test_a_coordinator_chooses_the_kind_by_keyboard_and_sees_only_its_fields(new_page):
    """GOV.UK radios with conditional reveal: each kind shows its own fields, chosen with
    the arrow keys; the page has no WCAG violation at either width, with a part revealed
    and without."""
    factories.coordinator(username="carla")
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page, "/documenten/nieuw/") == [], width
    kind = page.get_by_role("group", name="Soort")
    expect(kind.get_by_role("radio")).to_have_count(3)  # no empty "Select an option"
    fields = {
        "file": page.get_by_label("Bestand"),
        "captions": page.get_by_label("Ondertiteling (WebVTT)"),
        "url": page.get_by_label("Adres van de videopagina"),
    }
    for field in fields.values():
        expect(field).to_be_hidden()  # nothing chosen yet
    page.get_by_role("link", name="Documenten en video's").focus()
    page.keyboard.press("Tab")  # into the radio group, on its first answer
    page.keyboard.press("Space")
    for label, shown, key in [
        ("document", {"file"}, "ArrowDown"),
        ("video", {"file", "captions"}, "ArrowDown"),
        ("video op een andere website", {"url"}, "ArrowUp"),
        ("video", {"file", "captions"}, None),
    ]:
        expect(kind.get_by_label(label, exact=True)).to_be_checked()
        for name, field in fields.items():
            if name in shown:
                expect(field).to_be_visible()
            else:
                expect(field).to_be_hidden()
        if label == "video":  # axe on the revealed part too
            page.evaluate(AXE)
            assert page.evaluate(AXE_RUN, WCAG) == [], label
        if key:
            page.keyboard.press(key)
    # The address field looks like the other text inputs.
    page.keyboard.press("ArrowDown")
    url, title = fields["url"], page.get_by_label("Titel", exact=True)
    for style in ("border-top-width", "border-top-color", "padding-top", "max-width", "font-size"):
        expect(url).to_have_css(style, title.evaluate(f"e => getComputedStyle(e)['{style}']"))
    url.fill("https://video.example/uitleg")
    title.fill("Uitleg over de Netwerkagenda")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("“Uitleg over de Netwerkagenda” is toegevoegd.")).to_be_visible()
    assert page.console_errors == []
