"""Governance as steps, in real Chromium: after VOB's rejection the coordinator finds the
way back (the chapter to reopen, then the compile page); the version page passes axe
for coordinator and partner at 1280 and 375 px."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_response_record
from agenda.models import AgendaVersion, Edition, PartnerResponse
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_everything
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]
SIZES = [(1280, 900), (375, 800)]


def nl(msgid):
    with translation.override("nl"):
        return gettext(msgid)


def to_consultation(coordinator) -> AgendaVersion:
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ("to_feedback", "to_definitive", "to_consultation"):
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def respond_all(version, reps):
    for code in CODES:
        partner_response_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            verdict=PartnerResponse.Verdict.AGREE,
            text="",
        )


def test_after_vobs_rejection_the_coordinator_follows_the_way_back(new_page):
    coordinator = factories.coordinator(username="carla")
    reps = {code: factories.partner_rep(code, username=code.lower()) for code in CODES}
    version = to_consultation(coordinator)
    respond_all(version, reps)
    for step in ("establish", "to_decision"):
        version = agenda_step(version=version, user=coordinator, step=step)
    url = f"/agenda/{version.pk}/"

    board = new_page()
    login(board, "vob", factories.PASSWORD)
    board.goto(url)
    board.get_by_label(nl("Reject")).check()
    board.get_by_label(nl("Note")).fill("De lokale bibliotheek ontbreekt in hoofdstuk 3.")
    board.get_by_label("3. Leven lang ontwikkelen").check()
    board.get_by_role("button", name=nl("Record the decision")).click()
    expect(board.locator("[aria-current='step']")).to_be_focused()  # focus after the post
    expect(board.locator(".portal-way-back")).to_have_count(0)  # the way back is the office's

    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto(url)
    current = page.locator("[aria-current='step']")
    expect(current).to_contain_text(str(AgendaVersion.State.DEFINITIVE_CONCEPT.label))
    way_back = page.locator(".portal-way-back")
    expect(way_back).to_contain_text("0.2")
    chapter = way_back.get_by_role("link", name="3. Leven lang ontwikkelen")
    chapter.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leven lang ontwikkelen")
    page.go_back()
    compile_link = page.locator(".portal-way-back a[href='/agenda/samenstellen/']")
    compile_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/samenstellen/")
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_version_page_has_no_wcag_violations(new_page, width, height):
    coordinator = factories.coordinator(username="carla")
    reps = {code: factories.partner_rep(code, username=code.lower()) for code in CODES}
    version = to_consultation(coordinator)
    partner_response_record(
        version=version,
        user=reps["OCW"],
        partner=Partner.objects.get(code="OCW"),
        verdict=PartnerResponse.Verdict.OBJECTION,
        text="Te weinig over leesbevordering.",
    )
    for username in ("carla", "vob"):
        page = new_page()
        page.set_viewport_size({"width": width, "height": height})
        login(page, username, factories.PASSWORD)
        found = violations(page, f"/agenda/{version.pk}/")
        assert found == [], (username, width, found)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (username, width, scroll)
