"""A team member, in real Chromium and with the keyboard only: the teams overview counts
each team's participants per role without naming anyone, and the link under a team
leads to its participants, named only with their consent, twenty to a page."""

import pytest
from django.utils.translation import gettext_noop
from playwright.sync_api import expect

from bench.grow import add_members
from teams.models import Membership
from tests import factories
from tests.e2e.conftest import login
from tests.test_teams_overview import counted, dutch

pytestmark = pytest.mark.e2e


def test_a_member_counts_the_participants_and_follows_the_link_to_their_names(new_page):
    factories.member(username="mila")
    factories.member(first_name="Lies", last_name="Aaldering", name_public=True)
    factories.writer(first_name="Noor", last_name="Zichtbaar", name_public=True)
    factories.read_along(first_name="Piet", last_name="Verborgen", name_public=False)
    add_members(factories.team(1), 20)  # 24 participants: two pages
    team = factories.team(1)

    page = new_page()
    login(page, "mila", factories.PASSWORD)
    page.goto("/teams/")
    card = page.get_by_role("article", name=f"{team.number}. {team.name}")
    counts = ", ".join(
        [
            counted(Membership.Role.WRITER, 1),
            counted(Membership.Role.MEMBER, 22),
            counted(Membership.Role.READ_ALONG, 1),
        ]
    )
    expect(card.get_by_text(counts)).to_be_visible()
    for name in ["Lies Aaldering", "Noor Zichtbaar"]:  # names on the team's own page
        expect(page.get_by_text(name)).to_have_count(0)
    link = card.get_by_role(
        "link", name=dutch(gettext_noop("View the participants of team %(number)s"), number=1)
    )
    card.get_by_role("link", name=f"{team.number}. {team.name}").focus()
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{team.number}. {team.name}")
    expect(page.get_by_text("Lies Aaldering")).to_be_visible()  # by role, then name: members first
    expect(page.get_by_text("Piet Verborgen")).to_have_count(0)  # no consent
    pages = page.get_by_role("navigation", name=dutch(gettext_noop("Pages of participants")))
    expect(pages.locator('[aria-current="page"]')).to_have_text("Pagina 1 van 2")
    pages.get_by_role("link", name=dutch(gettext_noop("Next participants"))).focus()
    page.keyboard.press("Enter")
    expect(pages.locator('[aria-current="page"]')).to_have_text("Pagina 2 van 2")
    expect(page.get_by_role("listitem").filter(has_text="(teamlid)")).to_have_count(2)
    expect(page.get_by_text("Noor Zichtbaar")).to_be_visible()
    expect(page.get_by_text("Piet Verborgen")).to_have_count(0)
    assert page.console_errors == []
