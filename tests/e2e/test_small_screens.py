"""Every page, for each role that uses it, at 375 px (a small phone) and at 1280 px:
tables become cards, nothing scrolls sideways, and axe finds no WCAG 2.1 AA violation
at either width."""

import os

import pytest

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Edition
from agenda.review.services import take_review_step
from agenda.services import ProposalInput, comment_add, proposal_add
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set to look at the pages by eye


def pages_with_data():
    """Every page people use, for each role that uses it: name -> path per username
    (None: not logged in). The agenda has two versions (the newer one in consultation,
    so partners read it and are asked to respond); chapter 1 is a concept with two
    saved versions and a comment, chapter 2 waits for review."""
    coordinator = factories.coordinator(username="carla")
    approve_chapter(1, coordinator)
    older = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    approve_everything(coordinator, numbers=range(2, 13))
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    writer = factories.writer(
        username="wendy", first_name="Wendelien", last_name="Vermeulen-Bakker"
    )
    factories.partner_rep("VOB", username="vob")
    contribution = factories.contribution(1)
    take_review_step(obj=contribution, user=coordinator, step="reopen")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    rita = factories.read_along(username="rita")
    outdated = propose(contribution, rita, "context", "Hoofdstuk van team 1", "Hoofdstuk 1")
    long_word = (
        "<p>Tweede versie, met een lange samenstelling: bibliotheekvoorzieningenstelsel.</p>"
    )
    fill(contribution, writer, context=long_word)
    comment_add(contribution=contribution, user=coordinator, aspect="context", body="Bron?")
    current = propose(contribution, rita, "ambition", "iedereen doet mee", "iedereen leest mee")
    second = factories.contribution(2)
    take_review_step(obj=second, user=coordinator, step="reopen")
    second = factories.contribution(2)
    writer2 = factories.team_user("writer", number=2)
    second = fill(second, writer2, context="<p>Herzien hoofdstuk van team 2.</p>")
    take_review_step(obj=second, user=writer2, step="submit")
    pk = contribution.pk
    history = list(contribution.history.order_by("history_id").values_list("history_id", flat=True))
    membership = contribution.team.memberships.first()
    return {
        None: {
            "welcome": "/",
            "public-timeline": "/tijdpad/",
            "public-teams": "/teams/",
            "public-documents": "/documenten/",
            "about": "/over/",
            "editions": "/edities/",
            "accessibility": "/pages/toegankelijkheid/",
            "contact": "/pages/contact/",
            "login": "/inloggen/",
        },
        "wendy": {
            "home": "/",
            "chapter": f"/bijdragen/{pk}/",
            "edit": f"/bijdragen/{pk}/bewerken/",
            "submit-check": f"/bijdragen/{pk}/indienen/",
            "history": f"/bijdragen/{pk}/versies/",
            "old-version": f"/bijdragen/{pk}/versies/{history[-2]}/",
            "restore": f"/bijdragen/{pk}/versies/{history[-2]}/terugzetten/",
            "compare": f"/bijdragen/{pk}/vergelijken/",
            "comments": f"/bijdragen/{pk}/reacties/context/",
            "team": "/teams/1/",
            "teams": "/teams/",
            "team-participants": "/teams/1/deelnemers/",
            "timeline": "/tijdpad/",
            "search": "/zoeken/?q=versie",
            "proposal-reject": f"/bijdragen/{pk}/voorstellen/{current.pk}/afwijzen/",
            "text-proposals": f"/bijdragen/{pk}/voorstellen/tekst/context/",
            "edit-beside-proposal": f"/bijdragen/{pk}/bewerken/?voorstel={outdated.pk}",
        },
        "rita": {
            "reader-home": "/",
            "reader-chapter": f"/bijdragen/{pk}/",
            "reader-agenda-versions": "/agenda/",
            "reader-motto": "/netwerkteksten/motto/",
            "propose": f"/bijdragen/{pk}/voorstellen/nieuw/",
            "proposal-decision": f"/voorstellen/{current.pk}/",
        },
        "carla": {
            "coordinator-home": "/",
            "overview": "/overzicht/",
            "review": f"/bijdragen/{second.pk}/",
            "compile": "/agenda/samenstellen/",
            "agenda-version": f"/agenda/{version.pk}/",
            "superseded-version": f"/agenda/{older.pk}/",
            "agenda-compare": f"/agenda/vergelijken/?van={older.pk}&naar={version.pk}",
            "agenda-compare-item": f"/agenda/vergelijken/{older.pk}/{version.pk}/2/",
            "redline": f"/agenda/wijzigingen/{older.pk}/{version.pk}/",
            "motto-edit": "/netwerkteksten/motto/bewerken/",
            "team-manage": "/teams/1/",
            "membership-remove": f"/teams/1/leden/{membership.pk}/verwijderen/",
            "document-add": "/documenten/nieuw/",
            "about-edit": "/over/bewerken/",
        },
        "vob": {
            "partner-home": "/",
            "partner-versions": "/agenda/",
            "partner-version": f"/agenda/{version.pk}/",
            "reading-view": f"/agenda/{version.pk}/lezen/",
            "reading-chapter": f"/agenda/{version.pk}/lezen/3/",
            "reading-annex": f"/agenda/{version.pk}/lezen/bijlage/",
            "version-propose": f"/agenda/{version.pk}/hoofdstukken/3/voorstel/",
            "pdf-check": "/agenda/controleren/",
        },
    }


def propose(contribution, user, text_name, exact, text):
    data = ProposalInput(text_name, exact, "replace", text, "Korter en duidelijker.")
    return proposal_add(contribution=contribution, user=user, data=data)


def overflowing(page):
    """Elements wider than the viewport (what makes a page scroll sideways), leaving out
    what is visually hidden (a card table's header row is, at 375 px)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('thead')]
            .filter(t => getComputedStyle(t).position === 'absolute')
            .forEach(t => t.dataset.hidden = '')
          || [...document.querySelectorAll('main *, header *, footer *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && !e.closest('.portal-visually-hidden, thead[data-hidden]'))
            .map(e => e.tagName + '.' + e.className)"""
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_and_pass_axe(new_page, width):
    pages = pages_with_data()
    found = {}
    for username, paths in pages.items():
        page = new_page()
        page.set_viewport_size({"width": width, "height": 800})
        if username:
            login(page, username, factories.PASSWORD)
        for name, path in paths.items():
            if result := violations(page, path):
                found[f"{name} axe"] = result
            if width == 375 and (wide := overflowing(page)):
                found[f"{name} too wide"] = wide[:5]
            if SCREENSHOTS:
                page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    assert found == {}, "\n".join(f"{name}: {what}" for name, what in found.items())
