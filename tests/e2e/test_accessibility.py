"""axe-core (vendored for the tests only, tests/e2e/vendor/): ``violations`` runs it on a
page. Every page and role is checked at two widths in ``test_small_screens.py``.

axe is evaluated through the browser's debugging protocol, which the page's strict
Content-Security-Policy does not govern, so the pages are tested with their real CSP.
"""

from pathlib import Path

import pytest

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
