"""The footer's pages about the site: readable without logging in, edited in the admin."""

import pytest

from infra.models import SitePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["toegankelijkheid", "privacy", "contact"])
def test_anonymous_visitor_reads_each_seeded_page(client, slug):
    page = SitePage.objects.get(slug=slug)
    response = client.get(f"/pages/{slug}/")
    assert response.status_code == 200
    assert f'<h1 class="utrecht-heading-1">{page.title}</h1>' in response.text
    assert page.body.split("\n")[0] in response.text


def test_accessibility_statement_names_the_target_and_how_to_report():
    body = SitePage.objects.get(slug="toegankelijkheid").body
    assert "WCAG" in body and "2.1" in body and "AA" in body
    assert "@" in body  # an address to report problems to


def test_every_page_footer_links_the_three_pages(client):
    response = client.get("/inloggen/")
    for slug in ["toegankelijkheid", "privacy", "contact"]:
        assert f'href="/pages/{slug}/"' in response.text
    client.force_login(factories.writer())
    response = client.get("/")
    assert 'href="/pages/toegankelijkheid/"' in response.text


def test_unknown_page_is_404(client):
    assert client.get("/pages/bestaat-niet/").status_code == 404


def test_body_is_plain_text_escaped_with_paragraphs_and_links(client):
    SitePage.objects.filter(slug="contact").update(
        body="<script>alert(1)</script> Mail info@example.org\n\nOf kijk op https://example.org"
    )
    html = client.get("/pages/contact/").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="mailto:info@example.org">info@example.org</a>' in html
    assert 'href="https://example.org"' in html
    assert html.count("<p>") >= 2


def test_admin_edits_a_page(client):
    admin = factories.coordinator(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = SitePage.objects.get(slug="privacy")
    response = client.post(
        f"/beheer/infra/sitepage/{page.pk}/change/",
        {"slug": "privacy", "title": "Privacy", "body": "Nieuwe tekst."},
    )
    assert response.status_code == 302
    assert "Nieuwe tekst." in client.get("/pages/privacy/").text
