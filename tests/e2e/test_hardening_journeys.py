"""Hardening as people meet it in the browser: four eyes, chapter PDFs made in the
background (and a failure a coordinator can retry), Dutch error pages."""

import pytest
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.models import Edition
from agenda.review.services import take_review_step
from teams.services import membership_set
from tests import factories
from tests.agenda_helpers import approve_chapter, fill
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 375])
def test_a_coordinator_who_wrote_the_chapter_is_told_someone_else_approves(new_page, width):
    carla = factories.coordinator(username="carla")
    membership_set(team=factories.team(1), user=carla, role="writer")
    factories.coordinator(username="otto")
    contribution = factories.contribution(1)
    fill(contribution, carla)
    take_review_step(obj=contribution, user=carla, step="submit")
    url = f"/bijdragen/{contribution.pk}/"

    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "carla", factories.PASSWORD)
    page.goto(url)
    expect(page.get_by_text("een andere coördinator keurt haar goed (vier ogen)")).to_be_visible()
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    expect(page.get_by_role("button", name="Terugsturen naar het team")).to_be_visible()

    other = new_page()
    login(other, "otto", factories.PASSWORD)
    other.goto(url)
    other.get_by_label("Goedkeuren", exact=True).check()
    other.get_by_role("button", name="Beslissing vastleggen").click()
    expect(other.locator(".portal-meta .portal-tag")).to_have_text("Goedgekeurd")
    assert page.console_errors == [] and other.console_errors == []


@pytest.mark.pdf
def test_a_reader_downloads_a_chapter_pdf_and_a_coordinator_retries_a_failed_one(
    new_page, settings, tmp_path
):
    coordinator = factories.coordinator(username="carla")
    factories.read_along(username="rita")
    approve_chapter(1, coordinator)
    approve_chapter(3, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)

    reader = new_page()
    login(reader, "rita", factories.PASSWORD)
    reader.goto(f"/agenda/{version.pk}/")
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="PDF van het hoofdstuk Geletterde samenleving").click()
    assert download_info.value.suggested_filename == (
        "netwerkagenda-2021-2023-v0.1-hoofdstuk-1.pdf"
    )
    target = tmp_path / "hoofdstuk.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    settings.PDF_RENDER_TIMEOUT = 0.01  # the rendering of chapter 3 runs out of time
    reader.goto(f"/agenda/{version.pk}/hoofdstukken/3/pdf/")
    expect(reader.get_by_role("alert")).to_contain_text("Het maken van de PDF is mislukt.")
    expect(reader.get_by_role("button", name="Opnieuw proberen")).to_have_count(0)

    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto(f"/agenda/{version.pk}/hoofdstukken/3/pdf/")
    expect(page.get_by_role("alert")).to_contain_text("duurde langer dan 0.01 seconden")
    settings.PDF_RENDER_TIMEOUT = 120
    with page.expect_download() as download_info:  # made again, then served
        page.get_by_role("button", name="Opnieuw proberen").click()
    assert download_info.value.suggested_filename.endswith("hoofdstuk-3.pdf")
    assert reader.console_errors == [] and page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_error_pages_are_dutch_and_in_the_site_layout(new_page, width):
    factories.writer(username="wendy")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "wendy", factories.PASSWORD)
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_role("link", name="Terug naar de hoofdstukken")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_visible()


def test_the_pdf_area_updates_itself_and_typed_text_stays(new_page):
    from agenda.pdf.tasks import render_version_pdf

    coordinator = factories.coordinator(username="carla")
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.goto(f"/agenda/{version.pk}/")
    expect(page.get_by_text("De PDF wordt gemaakt.")).to_be_visible()
    reason = page.get_by_label("Toelichting voor de versiegeschiedenis").first
    reason.fill("Vergadering van 3 maart")
    render_version_pdf.call(version_id=version.pk)  # what the worker does meanwhile
    expect(
        page.get_by_role("link", name="netwerkagenda-2021-2023-v0.1.pdf downloaden")
    ).to_be_visible(timeout=20_000)
    expect(reason).to_have_value("Vergadering van 3 maart")
    assert page.console_errors == []
