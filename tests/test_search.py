"""Search finds only what the user may read, marks the words found and escapes the rest;
it searches in Dutch, with stemming, on PostgreSQL and on SQLite alike."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Edition, NetworkText
from agenda.search import search, stem
from agenda.services import (
    ContributionContent,
    comment_add,
    contribution_save,
    network_text_save,
)
from infra.models import SitePage
from tests import factories
from tests.conftest import requires_postgresql

requires_sqlite = pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite behaviour (site pages and documents are matched as typed on PostgreSQL)",
)


def write(number: int, html: str = "", **content):
    contribution = factories.contribution(number)
    return contribution_save(
        contribution=contribution,
        user=factories.team_user("writer", number=number),
        content=ContributionContent(context=html, **content),
        base_revision=contribution.revision,
    )


def document(title: str, description: str, coordinator):
    from portal.models import Document

    edition = Edition.objects.current()
    return Document.objects.create(
        edition=edition,
        kind="link",
        title=title,
        description=description,
        date=edition.milestones.first().date,
        audience="everyone",
        url="https://www.kb.nl/",
        uploaded_by=coordinator,
    )


def titles(user, text):
    return [hit.title for hit in search(user, text, Edition.objects.current())]


def test_a_writer_of_team_5_does_not_find_team_1s_draft(cast):
    write(1, "<p>De zeldzame kraanvogelregeling van team één.</p>")
    writer5 = factories.team_user("writer", number=5)
    assert not [t for t in titles(writer5, "kraanvogelregeling") if t.startswith("1.")]
    assert [t for t in titles(cast["writer"], "kraanvogelregeling") if t.startswith("1.")]
    assert [t for t in titles(cast["coordinator"], "kraanvogelregeling") if t.startswith("1.")]


def test_comments_are_found_only_where_the_user_may_read_them(cast):
    comment_add(
        contribution=factories.contribution(1),
        user=cast["member"],
        aspect="context",
        body="Noem de <b>boekenbusroute</b> expliciet.",
    )
    hits = search(cast["read_along"], "boekenbusroute", Edition.objects.current())
    assert [h.kind for h in hits] == ["Reactie"]
    assert "<b>" not in hits[0].snippet and "<mark>boekenbusroute</mark>" in hits[0].snippet
    assert search(cast["partner"], "boekenbusroute", Edition.objects.current()) == []


def test_network_texts_are_for_participants_and_site_pages_for_everyone(cast):
    assert "Over de Netwerkagenda" in titles(cast["partner"], "Bibliotheekconvenant")
    assert "Over de Netwerkagenda" in titles(cast["outsider"], "Bibliotheekconvenant")


def test_the_results_page_shows_hits_with_their_kind(as_user, cast):
    write(1, "<p>Een plan voor de kraanvogelregeling.</p>")
    page = as_user(cast["writer"]).get(reverse("portal:search"), {"q": "kraanvogelregeling"})
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<h1") == 1
    assert "1 resultaat voor" in html and "Hoofdstuk" in html and "<mark>" in html
    assert 'role="search"' in html


def test_search_needs_two_letters_and_a_login(as_user, cast):
    html = as_user(cast["writer"]).get(reverse("portal:search"), {"q": "a"}).content.decode()
    assert "Typ ten minste twee letters." in html
    assert Client().get(reverse("portal:search"), {"q": "plan"}).status_code == 302


def test_search_costs_the_same_with_more_results(as_user, cast):
    client = as_user(cast["coordinator"])
    write(1, "<p>kraanvogelregeling</p>")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal:search"), {"q": "kraanvogelregeling"})
        return len(queries)

    few = count()
    for number in range(2, 8):
        write(number, "<p>kraanvogelregeling</p>")
        comment_add(
            contribution=factories.contribution(number),
            user=cast["coordinator"],
            aspect="context",
            body="kraanvogelregeling?",
        )
    assert count() == few


def test_dutch_stemming_finds_other_forms_of_a_word(cast):
    write(1, "<p>Wij versterken de lokale bibliotheken en hun leesclubs.</p>")
    found = titles(cast["coordinator"], "bibliotheek leesclub")
    assert [t for t in found if t.startswith("1.")]


def test_singular_and_plural_find_the_same_chapters_network_texts_and_comments(cast):
    write(1, "<p>De bibliotheek in het dorp.</p>")
    write(2, actions=[{"activity": "Twee bibliotheken verbouwen", "quarters": ["Q1"]}])
    write(3, provision_texts={"KB": "<p>De Koninklijke Bibliotheek helpt.</p>"})
    write(4, "<p>Over scholen.</p>")
    comment_add(
        contribution=factories.contribution(5),
        user=cast["coordinator"],
        aspect="context",
        body="Welke bibliotheken doen mee?",
    )
    motto = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(
        text=motto,
        user=factories.team_user("writer", number=7),
        body="<p>Bibliotheken, samen sterker</p>",
        base_revision=motto.revision,
    )

    def found(text):
        hits = search(cast["coordinator"], text, Edition.objects.current())
        return sorted((h.kind, h.title) for h in hits if h.kind != "Pagina")

    chapters = [("Hoofdstuk", f"{n}. {factories.team(n).name}") for n in (1, 2, 3)]
    comment = ("Reactie", f"Reactie van {cast['coordinator']} op {factories.team(5).name}")
    assert found("bibliotheek") == sorted([*chapters, ("Netwerktekst", "Motto"), comment])
    assert found("bibliotheken") == found("BIBLIOTHEKEN") == found("bibliotheek")
    assert found("scholen") == found("school") == [("Hoofdstuk", f"4. {factories.team(4).name}")]


@requires_sqlite
def test_on_sqlite_singular_and_plural_find_the_same_pages_and_documents(cast):
    from portal.search import document_hits

    SitePage.objects.create(slug="scholen", title="Voor scholen", body="De bibliotheek op school.")
    document("Leesmonitor", "Bezoek aan bibliotheken door scholen.", cast["coordinator"])

    def found(text):
        edition = Edition.objects.current()
        hits = search(cast["outsider"], text, edition) + document_hits(
            cast["writer"], text, edition
        )
        return sorted(h.title for h in hits)

    assert found("bibliotheek school") == ["Leesmonitor", "Voor scholen"]
    assert (
        found("bibliotheken scholen") == found("Bibliotheek Scholen") == found("bibliotheek school")
    )
    assert "Over de Netwerkagenda" in found("bibliotheek")  # it says "bibliotheken"
    assert found("bibliotheek") == found("bibliotheken")


def test_a_word_only_in_an_unreadable_chapter_is_not_found_in_any_form(cast):
    write(1, "<p>Een proef met kraanvogels.</p>")
    comment_add(
        contribution=factories.contribution(1),
        user=cast["member"],
        aspect="context",
        body="Hoeveel kraanvogels?",
    )
    writer5 = factories.team_user("writer", number=5)
    for text in ["kraanvogel", "kraanvogels", "KRAANVOGELS"]:
        assert search(writer5, text, Edition.objects.current()) == []
        assert search(cast["partner"], text, Edition.objects.current()) == []
        hits = search(cast["writer"], text, Edition.objects.current())
        assert [(h.kind, h.url) for h in hits] == [
            ("Hoofdstuk", factories.contribution(1).get_absolute_url()),
            ("Reactie", f"{factories.contribution(1).get_absolute_url()}#reacties"),
        ]


def test_the_snippet_marks_the_form_the_text_uses(cast):
    comment_add(
        contribution=factories.contribution(1),
        user=cast["member"],
        aspect="context",
        body="Welke bibliotheken doen mee?",
    )
    hits = search(cast["read_along"], "bibliotheek", Edition.objects.current())
    [comment] = [h for h in hits if h.kind == "Reactie"]
    assert "<mark>bibliotheken</mark>" in comment.snippet


def test_a_query_without_letters_finds_nothing(cast):
    write(1, "<p>Wat nu?!</p>")
    assert search(cast["coordinator"], "?!", Edition.objects.current()) == []


@requires_postgresql
def test_sqlite_stems_words_as_postgresql_does(db):
    words = [  # regular, irregular, vowel-doubling, accents; some that stay apart
        *("bibliotheek", "bibliotheken", "school", "scholen", "lezen", "leest", "gelezen"),
        *("leesclubs", "samenleving", "geletterdheid", "laaggeletterdheid", "kinderen"),
        *("ontwikkelingen", "vrijwilligers", "steden", "gemeenten", "gemeentes", "digitale"),
        *("digitaal", "mogelijkheden", "toegankelijkheid", "ideeën", "café", "maan"),
        *("brood", "bakken", "huizen", "brieven", "geven", "programma's"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, ts_lexize('dutch_stem', w) FROM unnest(%s::text[]) w", [words])
        postgresql = {word: stems[0] for word, stems in cursor.fetchall()}
    assert {word: stem(word) for word in words} == postgresql


def test_a_snippet_shows_whole_words_and_the_provisions_as_text(cast):
    from agenda.search import snippet

    text = "begin " + "woord " * 40 + "kraanvogel " + "einde " * 40
    snippet = str(snippet(text, "kraanvogel"))
    assert snippet.startswith("… woord ") and snippet.endswith(" einde …")
    assert "<mark>kraanvogel</mark>" in snippet
    contribution = factories.contribution(1)
    contribution_save(
        contribution=contribution,
        user=factories.team_user("writer", number=1),
        content=ContributionContent(provision_texts={"KB": "<p>Een landelijke leesbus.</p>"}),
        base_revision=contribution.revision,
    )
    [hit] = search(cast["writer"], "leesbus", Edition.objects.current())
    assert "{" not in hit.snippet and "<mark>leesbus</mark>" in hit.snippet


def test_documents_are_found_by_title_and_description_where_visible(as_user, cast):
    from portal.models import Document
    from portal.search import document_hits

    edition = Edition.objects.current()
    for audience, team, title in [
        ("everyone", None, "Leesmonitor openbaar"),
        ("team", 2, "Leesmonitor team twee"),
    ]:
        Document.objects.create(
            edition=edition,
            kind="link",
            title=title,
            description="Cijfers over leesmonitor en bereik.",
            date=edition.milestones.first().date,
            audience=audience,
            team=factories.team(team) if team else None,
            url="https://www.kb.nl/",
            uploaded_by=cast["coordinator"],
        )
    writer1 = [h.title for h in document_hits(cast["writer"], "leesmonitor", edition)]
    assert writer1 == ["Leesmonitor openbaar"]
    everything = [h.title for h in document_hits(cast["coordinator"], "leesmonitor", edition)]
    assert sorted(everything) == ["Leesmonitor openbaar", "Leesmonitor team twee"]
    page = as_user(cast["writer"]).get(reverse("portal:search"), {"q": "leesmonitor"})
    assert "Leesmonitor openbaar" in page.content.decode()
