"""Numbered paragraphs in real Chromium: a constituency's response cites §4.12, the
citation leads to chapter 4's reading page at #p4.12, scrolled to and marked; the
numbers in the margin link to themselves. axe-core at 1280 and 375 px."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Edition, PartnerResponse
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations
from tests.e2e.test_partner_journey import shots

pytestmark = pytest.mark.e2e
WIDTHS = [1280, 375]
LONG = "".join(
    f"<p>Alinea {k} over de toegankelijke bibliotheek: open, dichtbij en voor iedereen "
    f"bereikbaar, ook buiten de openingstijden en in de kleinste kernen.</p>"
    for k in range(1, 15)
)


def cited_in_consultation():
    """A version in consultation whose chapter 4 is long, with VOB's response citing its
    twelfth paragraph and a paragraph it does not have."""
    coordinator = factories.coordinator(username="carla")
    approve_network_texts(coordinator)
    for number in range(1, 13):
        approve_chapter(number, coordinator, text=LONG if number == 4 else None)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    PartnerResponse.objects.create(
        version=version,
        partner=Partner.objects.get(code="VOB"),
        verdict=PartnerResponse.Verdict.AGREE_WITH_REMARKS,
        text="Akkoord, maar lees §4.12 nog eens; §4.99 en 2026 zijn geen verwijzing.",
        recorded_by=factories.partner_rep("VOB", username="vob"),
        recorded_at=timezone.now(),
    )
    return version


def test_a_citation_leads_to_the_numbered_paragraph(new_page, tmp_path):
    version = cited_in_consultation()
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/agenda/{version.pk}/")
        citation = page.get_by_role("link", name="§4.12", exact=True)
        expect(citation).to_have_count(1)
        expect(page.get_by_role("link", name="§4.99")).to_have_count(0)
        citation.click()
        page.wait_for_url(f"**/agenda/{version.pk}/lezen/4/#p4.12")
        paragraph = page.locator('[id="p4.12"]')
        expect(paragraph).to_be_in_viewport()
        expect(paragraph).to_contain_text("Alinea 12 over")
        expect(paragraph.get_by_role("link", name="4.12", exact=True)).to_be_visible()
        expect(page.locator('[id="p4.1"]')).not_to_be_in_viewport()
        marked = paragraph.evaluate("p => getComputedStyle(p).backgroundColor")
        assert marked not in ("rgba(0, 0, 0, 0)", "transparent"), marked
        page.screenshot(path=str(shots(tmp_path) / f"cited-{width}.png"))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, f"the chapter scrolls sideways at {width} px"
        if result := violations(page, f"/agenda/{version.pk}/lezen/4/#p4.12"):
            found[f"chapter {width}"] = result
    assert found == {}

    # A number in the margin links to its own paragraph; the action row has one too.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/agenda/{version.pk}/lezen/4/")
    page.get_by_role("link", name="4.3", exact=True).click()
    page.wait_for_url("**#p4.3")
    expect(page.locator('[id="p4.3"]')).to_be_in_viewport()
    row = page.locator('tr[id="p4.20"]')  # after 14 + ambition + 3 provisions + introduction
    expect(row).to_contain_text("Actie 4")
    assert page.console_errors == []
