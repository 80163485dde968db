"""Review in the browser: submit, return with a reason, resubmit, approve."""

import pytest
from playwright.sync_api import expect

from agenda.models import Contribution
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_writer_and_coordinator_take_a_chapter_through_review(new_page):
    wendy = factories.writer(username="wendy")
    factories.coordinator(username="carla")
    contribution = factories.contribution(1)
    fill(contribution, wendy)
    url = f"/bijdragen/{contribution.pk}/"
    writer, coordinator = new_page(), new_page()
    login(writer, "wendy", factories.PASSWORD)
    login(coordinator, "carla", factories.PASSWORD)

    writer.goto(url)
    writer.get_by_role("link", name="Indienen").click()
    writer.get_by_role("button", name="Indienen").click()
    expect(writer.get_by_role("status").first).to_contain_text("De bijdrage is ingediend")
    expect(writer.locator(".portal-meta .portal-tag")).to_have_text("Ingediend")
    expect(writer.get_by_role("link", name="Bijdrage bewerken")).to_have_count(0)

    coordinator.goto(url)
    coordinator.get_by_label("Terugsturen naar het team").check()
    coordinator.get_by_role("button", name="Beslissing vastleggen").click()
    expect(coordinator.locator("[data-error-summary]")).to_be_focused()
    coordinator.get_by_label("Reden van terugsturen").fill("Vul aspect 3 voor de KB aan.")
    coordinator.get_by_role("button", name="Beslissing vastleggen").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("teruggestuurd")

    writer.goto(url)
    expect(writer.locator(".portal-return-reason")).to_contain_text("Vul aspect 3 voor de KB aan.")
    writer.get_by_role("link", name="Bijdrage bewerken").click()
    writer.locator("#field-id_provision_KB [contenteditable=true]").click()
    writer.keyboard.press("End")
    writer.keyboard.type(" De KB levert de monitor.")
    writer.get_by_role("button", name="Opslaan en controleren voor indienen").click()
    writer.get_by_role("button", name="Indienen").click()
    expect(writer.locator(".portal-meta .portal-tag")).to_have_text("Ingediend")

    coordinator.goto(url)
    expect(coordinator.get_by_text("De KB levert de monitor.")).to_be_visible()
    coordinator.get_by_label("Goedkeuren", exact=True).check()
    coordinator.get_by_role("button", name="Beslissing vastleggen").click()
    expect(coordinator.locator(".portal-meta .portal-tag")).to_have_text("Goedgekeurd")

    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.APPROVED
    states = list(contribution.history.order_by("history_date").values_list("state", flat=True))
    assert states[-5:] == ["submitted", "concept", "concept", "submitted", "approved"]
    assert "De KB levert de monitor." in contribution.provision_texts["KB"]
    assert writer.console_errors == [] and coordinator.console_errors == []
