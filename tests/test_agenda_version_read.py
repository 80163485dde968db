"""The reading view of an agenda version: who may open it and what its pages show (a
front page with the contents, a page per chapter, the colophon and annex), and that a
chapter is rendered once per language and then read from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import AgendaVersion, Edition, PdfDocument
from agenda.pdf import reading
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def url(version):
    return reverse("agenda:agenda_version_read", args=[version.pk])


def compile_(coordinator):
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_partner_gets_404_on_a_rough_version(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    assert (
        as_user(factories.partner_rep("VOB", username="vob")).get(url(version)).status_code == 404
    )
    assert as_user(factories.outsider(username="olga")).get(url(version)).status_code == 404


@pytest.mark.parametrize("role", ["writer", "member", "read_along", "coordinator"])
def test_participants_read_a_rough_version(cast, as_user, role):
    approve_chapter(1, cast["coordinator"])
    version = compile_(cast["coordinator"])
    assert as_user(cast[role]).get(url(version)).status_code == 200


def definitive(coordinator):
    """Every chapter approved and the version a definitive concept: partners read it."""
    approve_everything(coordinator)
    version = compile_(coordinator)
    for step in ["to_feedback", "to_definitive"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def chapter_url(version, number):
    return reverse("agenda:agenda_version_read_chapter", args=[version.pk, number])


def annex_url(version):
    return reverse("agenda:agenda_version_read_annex", args=[version.pk])


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "<script>" not in page and "style=" not in page and " onclick=" not in page
    return page


def chapter_part(page):
    """The chapter's own content on its page (what is cached)."""
    start = page.index('<div class="portal-read"')
    return page[start : page.index('<nav class="portal-pagination"', start)]


def test_front_page_shows_contents_and_motto_but_no_chapter_text(coordinator, as_user):
    version = definitive(coordinator)
    client = as_user(factories.partner_rep("VOB", username="vob"))
    with CaptureQueriesContext(connection) as queries:
        page = read(client, url(version))
    assert '<nav class="portal-read__toc" aria-label="Inhoud">' in page
    for number in range(1, 13):
        assert f'href="{chapter_url(version, number)}"' in page
    assert f'href="{annex_url(version)}#bijlage"' in page
    assert "Samen sterker" in page and "Wij geloven in lezen." in page  # motto, manifesto
    assert "Hoofdstuk van team" not in page
    assert not [q["sql"] for q in queries if '."ambition"' in q["sql"]]  # texts unread
    assert 'aria-current="page"' not in page
    assert f'href="{chapter_url(version, 1)}" rel="next">' in page  # on to chapter 1


def test_chapter_page_shows_that_chapter_only_with_the_contents(coordinator, as_user):
    version = definitive(coordinator)
    page = read(as_user(factories.partner_rep("VOB", username="vob")), chapter_url(version, 3))
    assert "Hoofdstuk van team 3" in page
    assert "Hoofdstuk van team 2" not in page and "Hoofdstuk van team 4" not in page
    assert "Samen sterker" not in page  # the motto is on the front page
    assert f'href="{chapter_url(version, 3)}" aria-current="page"' in page
    assert page.count('aria-current="page"') == 1
    assert '<div class="portal-read" lang="nl">' in page
    assert "Actie 3" in page  # the annual programme's table


def test_chapter_pages_link_to_the_chapters_before_and_after(coordinator, as_user):
    version = definitive(coordinator)
    client = as_user(coordinator)
    middle = read(client, chapter_url(version, 3))
    assert f'href="{chapter_url(version, 2)}" rel="prev">' in middle
    assert f'href="{chapter_url(version, 4)}" rel="next">' in middle
    first = read(client, chapter_url(version, 1))
    assert f'href="{url(version)}#motto-en-manifest" rel="prev"' in first
    last = read(client, chapter_url(version, 12))
    assert f'href="{annex_url(version)}" rel="next">' in last
    annex = read(client, annex_url(version))
    assert f'href="{chapter_url(version, 12)}" rel="prev">' in annex


def test_a_team_not_in_the_version_is_404(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    client = as_user(coordinator)
    assert client.get(chapter_url(version, 99)).status_code == 404
    assert client.get(chapter_url(version, 0)).status_code == 404
    assert (
        client.get(reverse("agenda:agenda_version_read_chapter", args=[9999, 1])).status_code == 404
    )


def test_a_placeholder_chapter_says_so_without_actions(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = agenda_step(version=compile_(coordinator), user=coordinator, step="to_feedback")
    page = read(as_user(coordinator), chapter_url(version, 2))
    assert "Plaatshouder: dit team heeft nog geen goedgekeurde bijdrage." in page
    assert reverse("agenda:agenda_feedback", args=[version.pk, 2]) not in page
    assert reverse("agenda:version_proposal", args=[version.pk, 2]) not in page
    feedback = read(as_user(coordinator), chapter_url(version, 1))
    assert f'href="{reverse("agenda:agenda_feedback", args=[version.pk, 1])}"' in feedback
    assert f'href="{reverse("agenda:version_proposal", args=[version.pk, 1])}"' in feedback


def test_partner_and_outsider_get_404_on_every_page_of_a_rough_version(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    for user in [
        factories.partner_rep("VOB", username="vob"),
        factories.outsider(username="olga"),
    ]:
        client = as_user(user)
        for page in [url(version), chapter_url(version, 1), annex_url(version)]:
            assert client.get(page).status_code == 404, (user, page)


def test_partner_proposes_on_a_chapter_page_in_consultation(coordinator, as_user):
    version = agenda_step(version=definitive(coordinator), user=coordinator, step="to_consultation")
    page = read(as_user(factories.partner_rep("VOB", username="vob")), chapter_url(version, 5))
    assert f'href="{reverse("agenda:version_proposal", args=[version.pk, 5])}"' in page
    assert reverse("agenda:agenda_feedback", args=[version.pk, 5]) not in page


def test_annex_page_has_the_colophon_and_team_compositions(coordinator, as_user):
    version = definitive(coordinator)
    factories.writer(username="wendy", first_name="Wendy", last_name="Woord", name_public=True)
    page = read(as_user(factories.partner_rep("VOB", username="vob")), annex_url(version))
    assert 'id="colofon"' in page and 'id="bijlage"' in page
    assert "Bijlage: samenstelling van de teams" in page
    assert "(VOB)" in page  # the partners of the covenant
    assert "Wendy Woord" in page  # named with consent
    assert "Hoofdstuk van team" not in page


def test_a_chapter_is_rendered_once_and_then_read_from_the_cache(coordinator, as_user, monkeypatch):
    version = definitive(coordinator)
    rendered = []
    real = reading.chapter_content
    monkeypatch.setattr(
        reading, "chapter_content", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    client = as_user(coordinator)
    first = read(client, chapter_url(version, 3))
    second = read(client, chapter_url(version, 3))
    assert len(rendered) == 1
    assert "Hoofdstuk van team 3" in second
    assert chapter_part(first) == chapter_part(second)


def test_the_cached_chapter_is_kept_per_language(coordinator, as_user, settings, monkeypatch):
    version = definitive(coordinator)
    rendered = []
    real = reading.chapter_content
    monkeypatch.setattr(
        reading, "chapter_content", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = read(client, chapter_url(version, 3))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = read(client, chapter_url(version, 3))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    again = read(client, chapter_url(version, 3))
    assert ">Activiteit</th>" in dutch and ">Activity</th>" not in dutch
    assert ">Activity</th>" in english and ">Activiteit</th>" not in english
    assert ">Activiteit</th>" in again
    assert len(rendered) == 2  # once per language


def test_anonymous_visitor_is_sent_to_log_in(coordinator, client):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    response = client.get(url(version))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_version_page_links_to_the_reading_view_and_says_the_pdf_size(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    document = PdfDocument.objects.create(key="b" * 64, file="pdf/x.pdf", pages=2, size=95_400)
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    page = as_user(coordinator).get(reverse("agenda:agenda_version", args=[version.pk]))
    html = page.content.decode()
    assert f'href="{url(version)}"' in html
    assert "95 kB" in html


@pytest.mark.parametrize(
    ("size", "label"), [(0, ""), (400, "1 kB"), (95_400, "95 kB"), (1_234_567, "1,2 MB")]
)
def test_pdf_size_label(size, label):
    with translation.override("nl"):
        assert PdfDocument(size=size).size_label == label


def test_a_stored_pdf_records_its_size(db, monkeypatch, settings, tmp_path):
    from agenda.pdf import storage as pdf

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "render_pdf", lambda html: (b"%PDF-1.7 " + b"x" * 2_000, 1))
    document = pdf.store_pdf("<html><body>Agenda</body></html>")
    assert document.size == 2_009 and document.size_label == "2 kB"


def test_the_reading_view_builds_chapters_from_their_records_alone(coordinator, as_user):
    """Frozen chapters come from their history records: no query per chapter (a
    record's ``instance`` would read today's word counts for each)."""
    approve_everything(coordinator)
    version = compile_(coordinator)
    client = as_user(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(chapter_url(version, 12))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "word_counts" in q["sql"]]
    assert "Hoofdstuk van team 12" in response.content.decode()
