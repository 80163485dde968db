"""A visitor who is not logged in, in real Chromium and with the keyboard only: the
welcome page explains the Netwerkagenda, the timeline says where the agenda is, and the
teams overview shows organisations but no people."""

import pytest
from playwright.sync_api import expect

from agenda.models import Edition
from agenda.services import agenda_compile
from tests import factories
from tests.agenda_helpers import approve_chapter

pytestmark = pytest.mark.e2e


def test_a_visitor_reads_the_welcome_page_the_timeline_and_the_teams(new_page):
    coordinator = factories.coordinator(username="carla")
    approve_chapter(1, coordinator)
    agenda_compile(edition=Edition.objects.current(), user=coordinator)  # a rough version
    writer = factories.writer(first_name="Noor", last_name="Zichtbaar", name_public=True)

    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "De Netwerkagenda van de openbare bibliotheken"
    )
    expect(page.get_by_text("Bibliotheekconvenant 2020-2023")).to_be_visible()
    link = page.get_by_role("link", name="Tijdpad: hoe de agenda tot stand komt")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdpad")
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("Eerste ruwe versies")
    expect(current.get_by_text("u bent hier")).to_be_visible()

    teams = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Teams")
    teams.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmateams")
    expect(page.get_by_role("heading", name="Stelseluitdagingen")).to_be_visible()
    expect(page.get_by_text(writer.organisation.name).first).to_be_visible()
    expect(page.get_by_text("Noor Zichtbaar")).to_have_count(0)  # people only after login
    assert page.console_errors == []
