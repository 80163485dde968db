"""The header and a board's decision, as a person sees them in real Chromium.

The header is one row at 1280 px (brand, menu, search with its visible label, account
and language) and a small bar at 375 px whose menu opens and closes by keyboard, or
shows without JavaScript. A board's representative sees the chapters to object to only
after choosing "Afwijzen". The pages pass axe (WCAG 2.2 AA) at both widths.
Set SCREENSHOT_DIR to look at the pages by eye."""

import os

import pytest
from playwright.sync_api import expect

from agenda.governance.services import agenda_step
from agenda.models import PartnerDecision
from agenda.review.services import take_review_step
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import TIMEOUT_MS, login
from tests.e2e.test_accessibility import AXE, WCAG
from tests.e2e.test_governance_journey import CODES, respond_all, to_consultation

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
SIZES = [(1280, 800), (375, 800)]
CHAPTER = "3. Leven lang ontwikkelen"


def axe(page):
    """axe's WCAG 2.2 AA violations on the page as it is now (after a click, say)."""
    page.evaluate(AXE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
        [*WCAG, "wcag22aa"],
    )


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png")


def sized_page(new_page, width, height=800):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page


def box(locator):
    return locator.bounding_box()


@pytest.fixture
def staff_writer(site):
    """A writer with a long name who is also staff: the widest header there is."""
    user = factories.writer(
        username="wendy", first_name="Wendelien", last_name="Vermeulen-Bakker", is_staff=True
    )
    return user


@pytest.fixture
def deciding(site):
    """A version with the boards, VOB's representative logged in later."""
    coordinator = factories.coordinator(username="carla")
    reps = {code: factories.partner_rep(code, username=code.lower()) for code in CODES}
    version = to_consultation(coordinator)
    respond_all(version, reps)
    for step in ("establish", "to_decision"):
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


# The header


def test_the_header_is_one_row_at_1280_with_a_visible_search_label(new_page, staff_writer):
    page = sized_page(new_page, 1280)
    login(page, "wendy", factories.PASSWORD)
    header = page.locator("header.portal-header")
    parts = {
        "brand": page.locator(".portal-brand"),
        "menu": page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer"),
        "search": page.get_by_label("Zoeken in het portaal"),
        "user": page.get_by_text("Ingelogd als Wendelien Vermeulen-Bakker"),
        "log out": page.get_by_role("button", name="Uitloggen"),
        "language": page.get_by_role("button", name="English"),
    }
    for part in parts.values():
        expect(part).to_be_visible()
    expect(page.get_by_text("Zoeken in het portaal", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    height = box(header)["height"]
    assert height < 100, height
    # one row: every part lies within the header's one band, side by side, in this order
    lefts = [box(part)["x"] for part in parts.values()]
    assert lefts[:4] == sorted(lefts[:4]), lefts
    assert box(parts["log out"])["x"] < box(parts["language"])["x"]
    assert all(box(part)["y"] + box(part)["height"] <= height for part in parts.values())
    assert abs(box(parts["log out"])["y"] - box(parts["language"])["y"]) < 2
    shot(page, "header-1280")
    assert page.console_errors == []


def test_the_header_is_small_at_375_and_its_menu_works_by_keyboard(new_page, staff_writer):
    page = sized_page(new_page, 375)
    login(page, "wendy", factories.PASSWORD)
    page.goto("/tijdpad/")
    header = page.locator("header.portal-header")
    height = box(header)["height"]
    assert height < 80, height
    heading = box(page.get_by_role("heading", level=1))
    assert heading["y"] < 200, heading  # the content starts high on the page
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    search = page.get_by_label("Zoeken in het portaal")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(search).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()
    shot(page, "header-375")

    page.keyboard.press("Tab")
    expect(page.locator(".utrecht-skip-link")).to_be_focused()  # the skip link comes first
    page.keyboard.press("Tab")
    expect(page.locator(".portal-brand")).to_be_focused()
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Hoofdstukken")).to_be_visible()
    expect(page.get_by_text("Zoeken in het portaal", exact=True)).to_be_visible()
    expect(search).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Hoofdstukken")).to_be_focused()
    shot(page, "header-375-open")
    page.keyboard.press("Escape")  # folds the menu and goes back to its button
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()
    page.keyboard.press("Space")
    expect(nav).to_be_hidden()

    # the search works from the opened menu
    menu.click()
    search.fill("versie")
    search.press("Enter")
    page.wait_for_url("**/zoeken/?q=versie")
    assert page.console_errors == []


def test_without_javascript_the_menu_shows_and_no_button_does_nothing(browser, site, staff_writer):
    context = browser.new_context(locale="nl-NL", base_url=site.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 375, "height": 800})
        login(page, "wendy", factories.PASSWORD)
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name="Hoofdstukken")).to_be_visible()
        expect(page.get_by_label("Zoeken in het portaal")).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        shot(page, "header-375-no-js")
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_visitor_sees_the_same_header_without_search(new_page, width, height):
    page = sized_page(new_page, width, height)
    page.goto("/")
    if width < 400:
        expect(page.get_by_label("Zoeken in het portaal")).to_have_count(0)
        page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    assert axe(page) == []
    assert page.console_errors == []


# The board's decision


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_chapters_show_after_afwijzen_and_hide_after_goedkeuren_by_keyboard(
    new_page, deciding, width, height
):
    page = sized_page(new_page, width, height)
    login(page, "vob", factories.PASSWORD)
    page.goto(f"/agenda/{deciding.pk}/")
    approve = page.get_by_role("radio", name="Goedkeuren")
    reject = page.get_by_role("radio", name="Afwijzen")
    chapter = page.get_by_role("checkbox", name=CHAPTER)
    expect(chapter).to_be_hidden()  # nothing chosen yet
    expect(page.get_by_text("Toelichting (nodig bij een afwijzing)")).to_be_visible()

    approve.focus()
    page.keyboard.press("Space")
    expect(approve).to_be_checked()
    expect(chapter).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(reject).to_be_checked()
    expect(chapter).to_be_visible()
    assert axe(page) == []
    shot(page, f"decision-reject-{width}")
    page.keyboard.press("ArrowUp")
    expect(approve).to_be_checked()
    expect(chapter).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(chapter).to_be_visible()

    chapter.focus()
    page.keyboard.press("Space")
    expect(chapter).to_be_checked()
    page.get_by_label("Toelichting").fill("De lokale bibliotheek ontbreekt in hoofdstuk 3.")
    page.get_by_role("button", name="Besluit vastleggen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[aria-current='step']")).to_be_focused()
    decision = PartnerDecision.objects.get(version=deciding, partner__code="VOB")
    assert decision.decision == PartnerDecision.Decision.REJECT
    assert [team.number for team in decision.teams.all()] == [3]
    assert page.console_errors == []


def test_without_javascript_the_chapters_show_and_an_approval_ignores_them(browser, site, deciding):
    context = browser.new_context(locale="nl-NL", base_url=site.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        login(page, "vob", factories.PASSWORD)
        page.goto(f"/agenda/{deciding.pk}/")
        chapter = page.get_by_role("checkbox", name=CHAPTER)
        expect(chapter).to_be_visible()
        page.get_by_role("radio", name="Goedkeuren").check()
        chapter.check()
        page.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_text("Het besluit van VOB is vastgelegd.")).to_be_visible()
        decision = PartnerDecision.objects.get(version=deciding, partner__code="VOB")
        assert decision.decision == PartnerDecision.Decision.APPROVE
        assert list(decision.teams.all()) == []
    finally:
        context.close()


# axe on the pages this changes, at both widths


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_changed_pages_pass_axe(new_page, deciding, staff_writer, width, height):
    contribution = factories.contribution(1)
    coordinator = factories.coordinator(username="cees")
    take_review_step(obj=contribution, user=factories.coordinator(username="carla"), step="reopen")
    fill(factories.contribution(1), staff_writer)
    take_review_step(obj=factories.contribution(1), user=staff_writer, step="submit")
    take_review_step(obj=factories.contribution(1), user=coordinator, step="return", reason="Bron?")
    found = {}
    for username, paths in {
        "wendy": {"home": "/", "chapter": f"/bijdragen/{contribution.pk}/"},
        "vob": {"version": f"/agenda/{deciding.pk}/"},
    }.items():
        page = sized_page(new_page, width, height)
        login(page, username, factories.PASSWORD)
        for name, path in paths.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            if result := axe(page):
                found[name] = result
            if width < 400:
                page.get_by_role("button", name="Menu").click()
                if result := axe(page):
                    found[f"{name} with the menu open"] = result
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    found[f"{name} too wide"] = scroll
            shot(page, f"{name}-{width}")
        if username == "wendy":
            line = page.locator(".portal-meta")
            expect(line).to_contain_text("Tekst laatst gewijzigd door Wendelien Vermeulen-Bakker")
            expect(line).to_contain_text("Teruggestuurd door")
        assert page.console_errors == []
    assert found == {}, found
