"""From compiled versions to the ratified PDF, in real Chromium."""

import pytest
from playwright.sync_api import expect

from agenda.models import AgendaVersion
from tests import factories
from tests.agenda_helpers import approve_everything
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]


def step(page, name, done):
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("status").first).to_contain_text(done)


@pytest.mark.pdf
def test_agenda_goes_from_compilation_to_ratified_pdf(new_page, tmp_path):
    coordinator = factories.coordinator(username="carla")
    for code in CODES:
        factories.partner_rep(code, username=code.lower())
    approve_everything(coordinator)

    page = new_page()
    login(page, "carla", factories.PASSWORD)
    page.get_by_role("link", name="Agenda", exact=True).click()
    page.get_by_role("link", name="Nieuwe versie samenstellen").click()
    page.get_by_role("button", name="Ja, samenstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versie 0.1")
    expect(
        page.get_by_role("link", name="netwerkagenda-2021-2023-v0.1.pdf downloaden")
    ).to_be_visible()
    step(page, "Openstellen voor feedback", "Opengesteld voor feedback")
    step(page, "Definitief concept maken", "Definitief concept gemaakt")
    step(page, "Voorleggen aan de achterban", "Voorgelegd aan de achterban")
    version_url = page.url

    for code in CODES:
        partner = new_page()
        login(partner, code.lower(), factories.PASSWORD)
        partner.goto(version_url)
        partner.get_by_label("Akkoord", exact=True).check()
        partner.get_by_label("Reactie van de achterban").fill(
            f"De achterban van {code} steunt de agenda."
        )
        partner.get_by_role("button", name="Reactie vastleggen").click()
        expect(partner.get_by_role("status").first).to_contain_text(
            f"De reactie van {code} is vastgelegd"
        )

    page.reload()
    step(page, "Vaststelling door het netwerkoverleg vastleggen", "Vastgesteld door")
    step(page, "Voorleggen aan de besturen", "Voorgelegd aan de besturen")

    for code in ["VOB", "SPN", "KB"]:
        board = new_page()
        login(board, code.lower(), factories.PASSWORD)
        board.goto(version_url)
        board.get_by_label("Goedkeuren").check()
        board.get_by_role("button", name="Besluit vastleggen").click()
        expect(board.get_by_role("status").first).to_contain_text(
            f"Het besluit van {code} is vastgelegd"
        )

    page.reload()
    step(page, "Bekrachtiging door het bestuurlijk overleg vastleggen", "Bekrachtigd door")
    expect(page.get_by_role("heading", level=1)).to_have_text("Versie 1.0")

    reader = new_page()
    login(reader, "ocw", factories.PASSWORD)
    reader.goto(version_url)
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="netwerkagenda-2021-2023-v1.0.pdf downloaden").click()
    download = download_info.value
    assert download.suggested_filename == "netwerkagenda-2021-2023-v1.0.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert AgendaVersion.objects.get().state == AgendaVersion.State.RATIFIED
    assert page.console_errors == [] and reader.console_errors == []
