"""The pages at 375 px (a small phone) and at 1280 px: tables become cards, nothing
scrolls sideways, and axe finds no WCAG 2.1 AA violation at either width."""

import importlib
import os

import pytest
from django.apps import apps

from agenda.models import Edition
from agenda.services import agenda_compile, comment_add
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set to look at the pages by eye


def pages_with_data():
    writer = factories.writer(
        username="wendy", first_name="Wendelien", last_name="Vermeulen-Bakker"
    )
    coordinator = factories.coordinator(username="carla")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    long_word = (
        "<p>Tweede versie, met een lange samenstelling: bibliotheekvoorzieningenstelsel.</p>"
    )
    fill(contribution, writer, context=long_word)
    comment_add(contribution=contribution, user=coordinator, aspect="context", body="Bron?")
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    pk = contribution.pk
    # The browser tests' flush removed the footer's pages: seed them again.
    importlib.import_module("partners.migrations.0004_seed_site_pages").seed(apps, None)
    return {
        None: {
            "accessibility": "/pages/toegankelijkheid/",
            "contact": "/pages/contact/",
            "login": "/inloggen/",
        },
        "wendy": {
            "home": "/",
            "chapter": f"/bijdragen/{pk}/",
            "edit": f"/bijdragen/{pk}/bewerken/",
            "history": f"/bijdragen/{pk}/versies/",
            "team": "/teams/1/",
        },
        "carla": {
            "overview": "/overzicht/",
            "agenda-version": f"/agenda/{version.pk}/",
            "team-manage": "/teams/1/",
        },
    }


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
    assert found == {}
