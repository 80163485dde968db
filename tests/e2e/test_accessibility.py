"""axe-core (vendored for the tests only, tests/e2e/vendor/) on the main pages.

axe is evaluated through the browser's debugging protocol, which the page's strict
Content-Security-Policy does not govern, so the pages are tested with their real CSP.
"""

from pathlib import Path

import pytest

from agenda.models import Edition
from agenda.services import agenda_compile, comment_add
from tests import factories
from tests.agenda_helpers import fill
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()


def violations(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
        WCAG,
    )


def test_main_pages_have_no_wcag_violations(new_page):
    writer = factories.writer(username="wendy")
    coordinator = factories.coordinator(username="carla")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    fill(contribution, writer, context="<p>Tweede versie</p>")
    comment_add(contribution=contribution, user=coordinator, aspect="context", body="Bron?")
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    pk = contribution.pk
    pages = {
        "wendy": [
            "/",
            f"/bijdragen/{pk}/",
            f"/bijdragen/{pk}/bewerken/",
            f"/bijdragen/{pk}/versies/",
            f"/bijdragen/{pk}/vergelijken/",
            f"/bijdragen/{pk}/reacties/context/",
            "/teams/1/",
        ],
        "carla": [
            "/overzicht/",
            "/agenda/",
            f"/agenda/{version.pk}/",
            "/netwerkteksten/motto/",
            "/teams/1/",
        ],
    }
    found = {}
    for username, paths in pages.items():
        page = new_page()
        login(page, username, factories.PASSWORD)
        for path in paths:
            if result := violations(page, path):
                found[f"{username} {path}"] = result
    anonymous = new_page()
    if result := violations(anonymous, "/inloggen/"):
        found["login"] = result
    assert found == {}
