"""Tracked actions in real Chromium: KB's representative finds the actions waiting on
KB under *Voor u*, opens one and posts an update with a report by keyboard only (the
file chosen in the system's dialog), after which it waits no more; the network overview gives its
figures as a table and as a chart with an accessible name; axe-core at 1280 and 375 px
on every tracked-action page."""

import re

import pytest
from playwright.sync_api import expect

from agenda.models import ProgressUpdate, TrackedAction
from tests import factories
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import AXE, WCAG, violations
from tests.e2e.test_partner_journey import shots, tab_to
from tests.test_tracking import ratify

pytestmark = pytest.mark.e2e
WIDTHS = [1280, 375]
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: tags})).violations
    .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""


@pytest.fixture
def ratified(site):
    return ratify(factories.coordinator(username="carla"))


def test_kb_representative_posts_an_update_by_keyboard(ratified, new_page, tmp_path):
    factories.partner_rep("KB", username="kb")
    action = TrackedAction.objects.get(version=ratified, activity="Leesoffensief")
    page = new_page()
    login(page, "kb", factories.PASSWORD)
    page.goto("/")
    waiting = page.locator('[data-for-you-item="tracked_action"]')
    kb_actions = TrackedAction.objects.filter(version=ratified, lead_partner__code="KB")
    expect(waiting).to_have_count(kb_actions.count())  # the year is over: all late
    link = f'[data-for-you-item="tracked_action"] a[href="{action.get_absolute_url()}"]'
    expect(page.locator(link)).to_have_count(1)

    tab_to(page, link, limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/acties/{action.pk}/")

    tab_to(page, "#field-id_text")
    page.keyboard.type("Eerste leesclubs gestart in drie provincies.")
    page.keyboard.press("Tab")  # the status
    expect(page.locator("#id_status")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Niet gestart -> Loopt
    expect(page.locator("#id_status")).to_have_value("running")
    page.keyboard.press("Tab")  # the percentage: left empty, the status's default
    page.keyboard.press("Tab")  # the link
    page.keyboard.type("https://www.kb.nl/leesclubs")
    page.keyboard.press("Tab")  # the document: the file is chosen in the system's dialog
    expect(page.locator("#id_document")).to_be_focused()
    report = tmp_path / "leesclubs-verslag.pdf"
    report.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    page.set_input_files("#id_document", str(report))
    page.keyboard.press("Tab")  # public
    expect(page.locator("#id_public")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/acties/{action.pk}/")
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator("[data-progress-update]")).to_have_count(1)
    expect(page.locator("[data-progress-update]")).to_contain_text("Eerste leesclubs")
    expect(page.locator("[data-action-percentage]")).to_have_text("50%")
    page.screenshot(path=str(shots(tmp_path) / "action-1280.png"), full_page=True)
    update = ProgressUpdate.objects.get()
    assert (update.status, update.percentage, update.public) == ("running", 50, True)
    assert update.link == "https://www.kb.nl/leesclubs"
    document = page.locator("[data-update-document]")
    expect(document).to_be_visible()
    expect(document).to_contain_text("leesclubs-verslag.pdf")
    with page.expect_download() as download:
        document.click()
    assert download.value.suggested_filename == "leesclubs-verslag.pdf"

    page.goto("/")  # updated this quarter: it waits no more
    expect(waiting).to_have_count(kb_actions.count() - 1)
    expect(page.locator(link)).to_have_count(0)
    assert page.console_errors == []


def test_the_overview_gives_its_figures_as_tables_and_named_charts(ratified, new_page):
    factories.partner_rep("KB", username="kb")
    page = new_page()
    login(page, "kb", factories.PASSWORD)
    page.goto("/acties/")
    teams_chart, partners_chart = page.locator("svg[data-tracking-chart]").all()
    for chart in (teams_chart, partners_chart):
        expect(chart).to_be_visible()
        expect(chart).to_have_attribute("role", "img")
    expect(teams_chart).to_have_accessible_name(re.compile(r"team"))
    expect(partners_chart).to_have_accessible_name(re.compile(r"partner"))
    table = page.locator("table[data-tracking-figures]")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tfoot td").last).to_have_text(str(TrackedAction.objects.count()))
    expect(page.locator("table[data-partner-figures] tbody tr")).to_have_count(6)
    assert page.console_errors == []


def test_tracked_action_pages_have_no_wcag_violations(ratified, new_page, tmp_path):
    factories.partner_rep("KB", username="kb")
    action = TrackedAction.objects.get(version=ratified, activity="Leesoffensief")
    page = new_page()
    login(page, "kb", factories.PASSWORD)
    paths = {
        "overview": "/acties/",
        "team": "/acties/team/1/",
        "partner": "/acties/partner/KB/",
        "quarter": "/acties/kwartaal/",
        "action": f"/acties/{action.pk}/",
        "home": "/",
    }
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths.items():
            if result := violations(page, path):
                found[f"{name} {width}"] = result
            page.screenshot(path=str(shots(tmp_path) / f"{name}-{width}.png"), full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not overflow, f"{name} scrolls sideways at {width} px"
    assert found == {}
    assert page.console_errors == []


def test_the_import_with_errors_and_the_public_page_have_no_wcag_violations(
    ratified, new_page, tmp_path, settings
):
    """The coordinator's import page showing a refused file's errors (the summary takes
    the focus, each error links to its row), and the public progress page without login."""
    settings.PUBLIC_FINAL_AGENDA = True
    action = TrackedAction.objects.get(version=ratified, activity="Leesoffensief")
    bad = tmp_path / "updates.csv"
    bad.write_text(f"{action.pk};klaar;150;;;\n99999;running;;Stand.;;\n", encoding="utf-8")
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/acties/importeren/")
        page.set_input_files("#id_file", str(bad))
        page.get_by_role("button", name=re.compile("Import|Importeren")).click()
        expect(page.locator("[data-import-error]")).to_have_count(4)
        expect(page.locator("[data-error-summary]")).to_be_focused()
        page.evaluate(AXE)
        if result := page.evaluate(AXE_RUN, WCAG):
            found[f"import {width}"] = result
        page.screenshot(path=str(shots(tmp_path) / f"import-{width}.png"), full_page=True)
    assert ProgressUpdate.objects.count() == 0
    page.context.clear_cookies()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if result := violations(page, "/acties/openbaar/"):
            found[f"public {width}"] = result
        page.screenshot(path=str(shots(tmp_path) / f"public-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, f"the public page scrolls sideways at {width} px"
    assert found == {}
    assert page.console_errors == []
