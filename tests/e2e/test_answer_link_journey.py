"""Answering without an account, in real Chromium: the coordinator invites VNG's
secretary on a version in consultation; in a fresh browser context, not logged in, the
secretary opens the link from the e-mail, reads, and answers "Akkoord met opmerkingen"
by keyboard; the coordinator sees the response counted; the link then shows the answer,
read only. axe-core at 1280 and 375 px."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from agenda.models import PartnerResponse
from tests import factories
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations
from tests.e2e.test_partner_journey import WIDTHS, in_consultation, shots

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page):
    return not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_secretary_answers_through_a_personal_link(new_page, tmp_path):
    version = in_consultation()  # the coordinator "carla" took it there
    mail.outbox.clear()

    coordinator = new_page()
    login(coordinator, "carla", factories.PASSWORD)
    coordinator.goto(f"/agenda/{version.pk}/")
    invite = coordinator.locator('form[action$="/uitnodigen/"]')
    invite.locator('select[name="uitnodiging-partner"]').select_option("VNG")
    invite.locator('input[name="uitnodiging-name"]').fill("Sanne Secretaris")
    invite.locator('input[name="uitnodiging-email"]').fill("sanne@vng.test")
    invite.locator('button[type="submit"]').click()
    listed = coordinator.locator("#uitnodigingen .portal-summary-list__row")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Sanne Secretaris (sanne@vng.test)")

    (sent,) = [m for m in mail.outbox if m.to == ["sanne@vng.test"]]
    path = re.search(r"/antwoord/[A-Za-z0-9_-]+/", sent.body).group(0)

    secretary = new_page()  # a fresh context: no login, no cookies
    found = {}
    for width in WIDTHS:
        secretary.set_viewport_size({"width": width, "height": 900})
        if result := violations(secretary, path):
            found[f"form {width}"] = result
        assert no_sideways_scroll(secretary), f"the link's page scrolls sideways at {width} px"
        secretary.screenshot(path=str(shots(tmp_path) / f"link-{width}.png"), full_page=True)
    assert found == {}
    expect(secretary.get_by_role("heading", level=1)).to_have_count(1)
    expect(secretary.locator("main")).to_contain_text("12. Digitale bibliotheek")
    assert not [c for c in secretary.context.cookies() if c["name"] == "sessionid"]

    # The header's language switch is a link on this page (its POST would carry no
    # referrer, which the origin check refuses): English and back, still the form.
    secretary.set_viewport_size({"width": 1280, "height": 900})  # the header's menu open
    secretary.locator("[data-language-link]").click()
    expect(secretary.locator("html")).to_have_attribute("lang", "en")
    expect(secretary.get_by_role("heading", level=1)).to_have_text("Response of VNG")
    secretary.locator("[data-language-link]").click()
    expect(secretary.locator("html")).to_have_attribute("lang", "nl")
    expect(secretary.get_by_role("heading", level=1)).to_have_text("Reactie van VNG")

    # By keyboard: Tab to the first verdict, the arrow to the next, Tab to the text.
    for _ in range(80):
        secretary.keyboard.press("Tab")
        if secretary.evaluate("document.activeElement.name === 'verdict'"):
            break
    else:
        raise AssertionError("the verdict is not reachable with Tab")
    secretary.keyboard.press("ArrowDown")
    assert secretary.evaluate("document.activeElement.value") == "agree_with_remarks"
    secretary.keyboard.press("Tab")
    assert secretary.evaluate("document.activeElement.name") == "text"
    secretary.keyboard.type("Let op de kleine gemeenten.")
    secretary.keyboard.press("Tab")
    assert secretary.evaluate("document.activeElement.type") == "submit"
    secretary.keyboard.press("Enter")

    expect(secretary.locator("[data-recorded-answer]")).to_be_visible()
    expect(secretary.locator("[data-recorder]")).to_contain_text(
        "Sanne Secretaris (sanne@vng.test)"
    )
    expect(secretary.locator("main")).to_contain_text("Let op de kleine gemeenten.")
    expect(secretary.locator('textarea[name="text"]')).to_have_count(0)
    for width in WIDTHS:
        secretary.set_viewport_size({"width": width, "height": 900})
        if result := violations(secretary, path):
            found[f"done {width}"] = result
        assert no_sideways_scroll(secretary)
    assert found == {}

    recorded = version.responses.get(partner__code="VNG")
    assert recorded.verdict == PartnerResponse.Verdict.AGREE_WITH_REMARKS
    assert recorded.invitation.name == "Sanne Secretaris"

    coordinator.goto(f"/agenda/{version.pk}/")
    expect(coordinator.locator(".portal-process-steps__tally")).to_contain_text("VNG")
    expect(coordinator.locator(".portal-responses").first).to_contain_text("Sanne Secretaris")
    expect(listed.first).to_contain_text("Gebruikt op")  # used, no longer "valid until"
    expect(listed.first).not_to_contain_text("geldig tot")
    assert coordinator.console_errors == [] and secretary.console_errors == []
