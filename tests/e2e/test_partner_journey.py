"""A partner representative's journey, in real Chromium: "Voor u" on the home page asks
for the constituency's response, the response is recorded on the version's page, and the
request is gone; the reading view of the version. axe-core at 1280 and 375 px."""

import os
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Edition
from agenda.selectors.timeline import step_deadline
from tests import factories
from tests.agenda_helpers import approve_everything
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
WIDTHS = [1280, 375]


def in_consultation():
    coordinator = factories.coordinator(username="carla")
    approve_everything(coordinator)
    edition = Edition.objects.current()
    version = agenda_compile(edition=edition, user=coordinator)
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def expected_request(version) -> str:
    """The sentence as the (Dutch) page shows it, through the same translations: a
    deadline that has passed is said to have passed."""
    deadline = step_deadline(version.edition.milestones.all(), version.state)
    sentence = (
        "Response of your constituency was due on %(date)s"
        if deadline < timezone.localdate()
        else "Response of your constituency requested before %(date)s"
    )
    with translation.override("nl"):
        return gettext(sentence) % {"date": date_format(deadline, "j F Y")}


def shots(tmp_path) -> Path:
    """Where screenshots go: ``SCREENSHOTS`` to keep and look at them, else the test's tmp."""
    return Path(os.environ.get("SCREENSHOTS") or tmp_path)


def tab_to(page, selector, limit=60):
    """Press Tab until the focus is inside ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement.closest({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_partner_is_asked_responds_and_the_request_is_gone(new_page, tmp_path):
    version = in_consultation()
    factories.partner_rep("VOB", username="vob")
    page = new_page()
    login(page, "vob", factories.PASSWORD)

    item = page.locator('[data-for-you-item="response"]')
    expect(item).to_have_count(1)
    expect(item).to_contain_text(expected_request(version))
    page.screenshot(path=str(shots(tmp_path) / "home-1280.png"), full_page=True)

    tab_to(page, '[data-for-you-item="response"]')  # the link, by keyboard
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/agenda/{version.pk}/")

    form = page.locator('form[action$="/reactie/VOB/"]')
    verdicts = form.locator('input[type="radio"][name$="verdict"]')
    if verdicts.count():
        verdicts.first.check()
    form.locator("textarea").first.fill("De achterban van VOB steunt de agenda.")
    form.locator('button[type="submit"]').click()
    expect(page.get_by_role("status").first).to_contain_text("VOB")

    page.goto("/")
    expect(page.locator("[data-for-you]")).to_be_visible()
    expect(page.locator("[data-for-you-item]")).to_have_count(0)
    assert page.console_errors == []


def test_home_and_reading_view_have_no_wcag_violations(new_page, tmp_path):
    version = in_consultation()
    factories.partner_rep("VOB", username="vob")
    page = new_page()
    login(page, "vob", factories.PASSWORD)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in [
            ("home", "/"),
            ("read", f"/agenda/{version.pk}/lezen/"),
            ("chapter", f"/agenda/{version.pk}/lezen/12/"),
        ]:
            if result := violations(page, path):
                found[f"{name} {width}"] = result
            page.screenshot(path=str(shots(tmp_path) / f"{name}-{width}.png"), full_page=False)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not overflow, f"{name} scrolls sideways at {width} px"
    assert found == {}

    # The contents lead to each chapter's page, and from there to the one before.
    page.goto(f"/agenda/{version.pk}/lezen/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_text("Hoofdstuk van team 12")).to_have_count(0)
    page.get_by_role("navigation", name="Inhoud").get_by_role("link", name="12. ").click()
    assert page.url.endswith(f"/agenda/{version.pk}/lezen/12/")
    expect(page.get_by_role("heading", level=1)).to_have_text("12. Digitale bibliotheek")
    expect(page.get_by_text("Hoofdstuk van team 12")).to_be_visible()
    contents = page.get_by_role("navigation", name="Inhoud")
    expect(contents.locator('[aria-current="page"]')).to_have_text("12. Digitale bibliotheek")
    page.set_viewport_size({"width": 375, "height": 900})
    page.locator("main").screenshot(path=str(shots(tmp_path) / "chapter-375.png"))
    contents.screenshot(path=str(shots(tmp_path) / "toc-375.png"))
    page.locator('a[rel="prev"]').click()
    assert page.url.endswith(f"/agenda/{version.pk}/lezen/11/")
    expect(page.get_by_text("Hoofdstuk van team 11")).to_be_visible()
    expect(page.get_by_text("Hoofdstuk van team 12")).to_have_count(0)
    assert page.console_errors == []
