"""Pages that stay short as the work grows, used as people use them: many comments on
one aspect, and the changes between two agenda versions part by part."""

import pytest
from playwright.sync_api import expect

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Edition
from agenda.review.services import take_review_step
from agenda.services import comment_add
from tests import factories
from tests.agenda_helpers import approve_everything, fill
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_writer_reads_all_comments_of_an_aspect_and_resolves_one_there(new_page):
    writer = factories.writer(username="wendy")
    member = factories.member(username="maarten")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    for number in range(1, 8):
        comment_add(
            contribution=contribution, user=member, aspect="ambition", body=f"Vraag {number}"
        )
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "wendy", factories.PASSWORD)
    page.goto(contribution.get_absolute_url())
    thread = page.locator("section.portal-thread", has_text="Vraag 1")
    expect(thread.locator(".portal-comment")).to_have_count(5)
    expect(thread.get_by_text("Vraag 6")).to_have_count(0)
    expect(thread).to_contain_text("nog 2 open")

    thread.get_by_role("link", name="Alle reacties bij").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reacties bij")
    expect(page.get_by_text("Vraag 7")).to_be_visible()
    page.locator(".portal-comment", has_text="Vraag 7").get_by_role(
        "button", name="Markeren als afgehandeld"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reacties bij")
    expect(page.locator(".portal-comment--resolved", has_text="Vraag 7")).to_be_visible()
    assert page.console_errors == []


def test_read_along_opens_one_changed_chapter_between_two_versions(new_page):
    coordinator = factories.coordinator(username="carla")
    factories.read_along(username="vera")  # partners see only the newest version
    approve_everything(coordinator)
    edition = Edition.objects.current()
    first = agenda_compile(edition=edition, user=coordinator)
    for step in ("to_feedback", "to_definitive"):
        first = agenda_step(version=first, user=coordinator, step=step)
    contribution = factories.contribution(3)
    take_review_step(obj=contribution, user=coordinator, step="reopen")
    writer = contribution.team.memberships.get().user
    fill(contribution, writer, context="<p>Een nieuwe alinea over leesplezier.</p>")
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="approve")
    second = agenda_compile(edition=edition, user=coordinator)
    for step in ("to_feedback", "to_definitive"):
        agenda_step(version=second, user=coordinator, step=step)

    page = new_page()
    login(page, "vera", factories.PASSWORD)
    page.goto(f"/agenda/vergelijken/?van={first.pk}&naar={second.pk}")
    expect(page.get_by_text("1 van de 14 onderdelen gewijzigd")).to_be_visible()
    page.get_by_role("link", name="Wijzigingen bekijken in 3.").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("3.")
    expect(page.locator("ins", has_text="leesplezier").first).to_be_visible()
    assert page.console_errors == []
