"""A chapter and a whole agenda version as OpenDocument text (.odt), read back with odfpy:
headings, lists, emphasis, links, the action table and the metadata."""

import io

import pytest
from django.urls import reverse
from odf import dc, teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import A, H, List, ListItem, Span

from agenda.exports.odf import ODT_TYPE
from agenda.governance.compiling import agenda_compile
from agenda.models import Edition
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts

RICH = (
    "<p>De bibliotheek werkt <strong>samen</strong> aan <em>geletterdheid</em>; zie "
    '<a href="https://www.kb.nl/">de KB</a>.</p><h3>Aanpak</h3>'
    "<ul><li>Voorlezen</li><li>Taalhuizen</li></ul><ol><li>Eerst</li><li>Dan</li></ol>"
)


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def read_back(response):
    assert response.status_code == 200
    assert response["Content-Type"] == ODT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return load(io.BytesIO(response.content))


def texts(document, kind) -> list[str]:
    return [teletype.extractText(element) for element in document.getElementsByType(kind)]


def table_rows(document) -> list[list[str]]:
    table = document.getElementsByType(Table)[0]
    return [
        [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]


def test_chapter_odt_has_headings_lists_emphasis_links_table_and_metadata(coordinator, as_user):
    contribution = approve_chapter(1, coordinator, text=RICH)
    response = as_user(factories.member(username="mia")).get(
        reverse("agenda:contribution_odt", args=[contribution.pk])
    )
    document = read_back(response)
    assert response["Content-Disposition"].endswith('.odt"')

    title = f"1. {contribution.team.name}"
    assert teletype.extractText(document.meta.getElementsByType(dc.Title)[0]) == title
    assert teletype.extractText(document.meta.getElementsByType(dc.Language)[0]) == "nl-NL"
    assert contribution.edition.name in teletype.extractText(
        document.meta.getElementsByType(dc.Description)[0]
    )
    headings = texts(document, H)
    assert headings[0] == title and "Aanpak" in headings
    assert any(heading.startswith("1. Context") for heading in headings), headings
    assert {"samen", "geletterdheid"} <= set(texts(document, Span))
    link = document.getElementsByType(A)[0]
    assert link.getAttribute("href") == "https://www.kb.nl/"
    assert len(document.getElementsByType(List)) == 2
    assert [teletype.extractText(item) for item in document.getElementsByType(ListItem)] == [
        "Voorlezen",
        "Taalhuizen",
        "Eerst",
        "Dan",
    ]
    rows = table_rows(document)
    assert len(rows[0]) == 4 and rows[0][0] == "Activiteit"
    assert rows[1][0] == "Actie 1" and rows[1][3] == "Klaar"


def test_version_odt_holds_motto_every_chapter_and_placeholders(coordinator, as_user):
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator, text=RICH)
    approve_chapter(2, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    response = as_user(coordinator).get(reverse("agenda:agenda_version_odt", args=[version.pk]))
    document = read_back(response)
    assert response["Content-Disposition"].endswith(f'-v{version.number}.odt"')

    whole = teletype.extractText(document.text)
    assert "Samen sterker" in whole and "Wij geloven in lezen." in whole
    headings = texts(document, H)
    for number in range(1, 13):
        assert any(heading.startswith(f"{number}. ") for heading in headings), number
    assert whole.count("Plaatshouder") == 10  # the chapters not approved
    assert {"samen", "geletterdheid"} <= set(texts(document, Span))
    assert len(document.getElementsByType(Table)) == 2  # one action table per chapter
    assert version.number in teletype.extractText(document.meta.getElementsByType(dc.Title)[0])
    description = teletype.extractText(document.meta.getElementsByType(dc.Description)[0])
    assert str(version.get_state_display()) in description


def test_version_odt_is_only_for_those_who_read_the_version(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    url = reverse("agenda:agenda_version_odt", args=[version.pk])
    assert as_user(factories.partner_rep("VOB", username="piet")).get(url).status_code == 404
