"""The quarterly progress report in real Chromium: a coordinator reads the network
overview and asks for the quarter's report; its page says it is being made and changes
by itself once the worker has made it; the coordinator makes it final after a
confirmation; a partner representative downloads the final PDF. axe-core at 1280 and
375 px on every progress-report page."""

import pytest
from playwright.sync_api import expect

from agenda.models import ProgressReport
from agenda.pdf.tasks import render_progress_report
from agenda.tracking.reports import progress_report_request
from tests import factories
from tests.catalogue import dutch
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import AXE, WCAG, violations
from tests.e2e.test_partner_journey import shots
from tests.e2e.test_tracking_journey import AXE_RUN
from tests.test_tracking import ratify

pytestmark = pytest.mark.e2e
WIDTHS = [1280, 375]


@pytest.fixture
def coordinator(site):
    return factories.coordinator(username="carla")


@pytest.fixture
def ratified(coordinator):
    return ratify(coordinator)


def worker_makes(report) -> ProgressReport:
    """The worker's turn (the task as ``db_worker`` runs it): the browser tests enqueue
    PDFs without running them, so the test plays the worker."""
    assert render_progress_report.call(progress_report_id=report.pk) == "ready"
    return ProgressReport.objects.select_related("pdf").get(pk=report.pk)


def test_a_coordinator_asks_for_the_quarters_report_and_a_partner_downloads_it(
    ratified, new_page, tmp_path
):
    factories.partner_rep("KB", username="kb")
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto("/acties/")
    expect(page.get_by_role("img", name=dutch("Actions per team by status"))).to_be_visible()
    expect(page.locator("table[data-tracking-figures] tbody tr")).to_have_count(12)
    page.get_by_role("link", name=dutch("Progress reports")).click()
    page.wait_for_url("**/acties/rapportages/")

    page.get_by_label(dutch("Quarter")).select_option("2")
    page.locator("[data-progress-report-form] button[type=submit]").click()
    report = ProgressReport.objects.get()
    page.wait_for_url(f"**/acties/rapportages/{report.pk}/")
    status = page.locator("[data-pdf-status]")
    expect(status).to_contain_text(
        dutch("The PDF is being made. This message changes by itself as soon as it is ready.")
    )
    page.screenshot(path=str(shots(tmp_path) / "report-pending.png"), full_page=True)

    report = worker_makes(report)  # the page finds out by itself, without a reload
    expect(status.get_by_role("link", name=report.filename)).to_be_visible()

    page.reload()  # "Make final" shows once the concept PDF has been made
    page.locator("[data-progress-report-final]").click()
    page.wait_for_url(f"**/acties/rapportages/{report.pk}/definitief/")
    page.get_by_role("button", name=dutch("Yes, make it final")).click()
    page.wait_for_url(f"**/acties/rapportages/{report.pk}/")
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator("[data-progress-report-state]")).to_have_text(dutch("Final"))
    concept_pdf = report.pdf_id
    report = worker_makes(report)
    assert report.is_final and report.pdf_id != concept_pdf
    expect(status.get_by_role("link", name=report.filename)).to_be_visible()
    assert page.console_errors == []

    partner = new_page()
    login(partner, "kb", factories.PASSWORD)
    partner.goto("/acties/rapportages/")
    expect(partner.locator("[data-progress-report-form]")).to_have_count(0)
    link = partner.locator(f'[data-progress-report="{report.pk}"] a[href$="/pdf/"]')
    expect(link).to_contain_text(report.pdf.size_label)
    with partner.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "netwerkagenda-2021-2023-voortgangsrapportage-2021-k2.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    response = partner.request.get(f"/acties/rapportages/{report.pk}/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert partner.console_errors == []


def test_progress_report_pages_have_no_wcag_violations(ratified, coordinator, new_page, tmp_path):
    report = worker_makes(progress_report_request(version=ratified, quarter=1, user=coordinator))
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    paths = {
        "reports": "/acties/rapportages/",
        "report": f"/acties/rapportages/{report.pk}/",
        "final": f"/acties/rapportages/{report.pk}/definitief/",
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
        # The form with an error: the summary takes the focus and links to the field.
        page.goto(paths["reports"])
        page.get_by_label(dutch("Quarter")).select_option("")
        page.locator("[data-progress-report-form] button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        expect(page.locator('[data-error-summary] a[href="#id_quarter"]')).to_have_count(1)
        page.evaluate(AXE)
        if result := page.evaluate(AXE_RUN, WCAG):
            found[f"reports with an error {width}"] = result
    assert found == {}
    assert page.console_errors == []
