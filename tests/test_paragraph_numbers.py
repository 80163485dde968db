"""Numbered paragraphs (issue 30): from the definitive concept on, every paragraph, list
item and action row of a chapter carries a number per chapter (4.12), in the PDF's
margin and the reading view's, linkable as #p4.12, kept in the changes between versions,
and cited from responses and proposals as §4.12."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from agenda.models import AgendaVersion, PartnerResponse, Proposal
from agenda.pdf import html as print_html
from agenda.pdf import reading
from agenda.selectors.citations import cited, paragraphs
from agenda.selectors.comparisons import redline
from agenda.selectors.proposals import Shown
from agenda.texts import citations, diff, numbered_diff, numbering
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts
from tests.test_agenda_compare import compile_, reapprove_chapter

State = AgendaVersion.State

TEXT = (
    "<h3>Waarom</h3><p>Eerste alinea.</p><p> </p>"
    "<ul><li><p>Punt een</p></li><li>Punt twee<ul><li>Onderpunt</li></ul></li></ul>"
    "<p>Regel<br>met een breuk</p>"
)
FIRST = "<p>Lezen begint thuis.</p><p>De bibliotheek leest voor aan peuters in de wijk.</p>"
SECOND = (
    "<p>Lezen begint thuis.</p><p>Ouders lezen mee.</p>"
    "<p>De bibliotheek leest elke week voor aan peuters.</p>"
)


def numbers_in(html: str) -> list[str]:
    return re.findall(r'id="p(\d+\.\d+)"', html)


def numbered(version: AgendaVersion, state=State.DEFINITIVE_CONCEPT) -> AgendaVersion:
    """The version in ``state``. Reaching the definitive concept through the governance
    machine needs all twelve chapters approved (test_governance does that); here only
    the state matters."""
    AgendaVersion.objects.filter(pk=version.pk).update(state=state)
    version.refresh_from_db()
    return version


# --- the numbering --------------------------------------------------------------------------


def test_paragraphs_and_list_items_are_numbered_in_order_and_headings_are_not():
    html, following = numbering.number_text(TEXT, chapter=4, first=1, link=True)
    assert numbers_in(html) == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    assert following == 6
    assert '<h3>Waarom</h3><p id="p4.1"><a class="para-number" href="#p4.1">4.1</a>' in html
    assert "<p> </p>" in html  # an empty paragraph takes no number
    assert '<li id="p4.2"><a class="para-number" href="#p4.2">4.2</a><p>Punt een</p>' in html


def test_the_pdf_gets_the_number_as_a_span_inside_its_paragraph():
    html, _ = numbering.number_text("<p>Een &amp; twee</p>", chapter=2, first=7, link=False)
    assert html == '<p id="p2.7"><span class="para-number">2.7</span>Een &amp; twee</p>'


def test_action_rows_follow_the_chapters_texts():
    texts, rows = numbering.number_chapter(4, ["<p>a</p><p>b</p>", "", "<p>c</p>"], 2, link=False)
    assert [numbers_in(html) for html in texts] == [["4.1", "4.2"], [], ["4.3"]]
    assert rows == ["4.4", "4.5"]
    assert numbering.chapter_paragraphs(4, ["<p>a</p><p>b</p>", "<p>c</p>"], 2) == [
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.5",
    ]


def test_every_block_a_diff_compares_knows_its_paragraph():
    labels, rows_start = numbering.block_labels(4, ["<p>Eerst</p>", TEXT])
    assert labels == [["4.1"], ["", "4.2", "4.3", "4.4", "4.5", "4.6", "4.6"]]
    assert rows_start == 7


# --- the version's pages and PDFs -----------------------------------------------------------


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def versions(coordinator):
    """Version 0.1 and 0.2: only chapter 1 changed (a paragraph inserted, one rewritten);
    chapter 3 is the same in both."""
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator, text=FIRST)
    approve_chapter(3, coordinator)
    old = compile_(coordinator)
    reapprove_chapter(1, coordinator, SECOND)
    return old, compile_(coordinator)


def chapter_html(version, number) -> str:
    chapter = version.chapters.select_related("team").get(team__number=number)
    return str(reading.chapter_html(version, chapter))


def test_a_version_before_the_definitive_concept_has_no_numbers(versions):
    _old, new = versions
    assert new.state == State.ROUGH
    assert numbers_in(chapter_html(new, 1)) == []
    assert "para-number" not in print_html.version_html(new)
    assert paragraphs(new) == frozenset()


def test_numbers_appear_from_the_definitive_concept_on_though_the_rough_page_was_cached(
    versions,
):
    _old, new = versions
    chapter_html(new, 1)  # cached while rough
    new = numbered(new, State.FEEDBACK)
    assert numbers_in(chapter_html(new, 1)) == []
    new = numbered(new)
    html = chapter_html(new, 1)
    # context 3 paragraphs, ambition 1, three provisions 1 each, introduction 1; one action
    assert numbers_in(html) == [f"1.{k}" for k in range(1, 10)]
    assert '<a class="para-number" href="#p1.2">1.2</a>Ouders lezen mee.' in html
    assert 'id="p1.9"' in html and "Actie 1" in html  # the action row, after the texts


def test_numbers_are_stable_across_versions_where_only_another_chapter_changed(versions):
    old, new = (numbered(version) for version in versions)
    assert chapter_html(old, 3) == chapter_html(new, 3)
    assert numbers_in(chapter_html(new, 3)) == [f"3.{k}" for k in range(1, 8)]
    assert numbers_in(chapter_html(old, 1)) == [f"1.{k}" for k in range(1, 9)]
    assert numbers_in(chapter_html(new, 1)) == [f"1.{k}" for k in range(1, 10)]


def test_the_print_html_numbers_paragraphs_and_action_rows_in_the_margin(versions):
    _old, new = versions
    new = numbered(new)
    html = print_html.version_html(new)
    assert '<p id="p3.1"><span class="para-number">3.1</span>' in html
    assert '<tr id="p3.7"><td class="actions__number">3.7</td><td>Actie 3</td>' in html
    assert 'href="#p' not in html  # no self-links in the PDF


def test_the_redline_shows_the_new_numbers_and_a_removed_paragraphs_old_one(versions):
    old, new = (numbered(version) for version in versions)
    [part] = redline(old, new)
    [context] = [aspect for aspect in part["aspects"] if aspect["changed"]]
    assert [(p.number, p.kind) for p in context["paragraphs"]] == [
        ("1.2", "added"),
        ("1.3", "changed"),
    ]
    assert '<span class="para-number">1.2</span> Ouders lezen mee.' in context["diff"]
    assert '<span class="para-number">1.3</span> De bibliotheek' in context["diff"]
    [row] = part["actions_diff"]
    assert row.new["number"] == "1.9" and row.old["number"] == "1.8"


def test_the_redline_page_reads_changed_with_the_number(as_user, coordinator, versions):
    old, new = (numbered(version) for version in versions)
    page = as_user(coordinator).get(reverse("agenda:redline", args=[old.pk, new.pk]))
    text = page.content.decode()
    assert "1.3 gewijzigd" in text and "1.2 toegevoegd" in text
    with translation.override("nl"):  # the catalogue's Dutch, once it has it
        legend = gettext("Paragraph numbers are those of version %(number)s.")
    assert legend % {"number": "0.2"} in text


def test_a_paragraph_removed_as_a_whole_keeps_its_old_number():
    old_html = "<p>Een twee drie.</p><p>Vier vijf zes.</p><p>Zeven acht.</p>"
    new_html = "<p>Een twee drie.</p><p>Zeven acht.</p>"
    changes = diff.diff_html(old_html, new_html)
    [old_labels], _ = numbering.block_labels(2, [old_html])
    [new_labels], _ = numbering.block_labels(2, [new_html])
    assert [
        (p.number, p.kind)
        for p in numbered_diff.changed_paragraphs(changes, old_labels, new_labels)
    ] == [("2.2", "removed")]
    rendered = str(numbered_diff.render(changes, old_labels, new_labels))
    assert re.search(r'<del [^>]*>.*<span class="para-number">2\.2</span> Vier', rendered, re.S)
    assert '<span class="para-number">2.2</span> Zeven acht.' in rendered


def test_a_rough_versions_redline_has_no_numbers(versions):
    old, new = versions
    [part] = redline(old, new)
    assert "para-number" not in str(part["aspects"][0]["diff"])
    assert "paragraphs" not in part["aspects"][0]


# --- citations ------------------------------------------------------------------------------


def url(chapter: int) -> str:
    return f"/agenda/9/lezen/{chapter}/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zie §4.12.",
            'Zie <a class="utrecht-link portal-cited" href="/agenda/9/lezen/4/#p4.12">§4.12</a>.',
        ),
        (
            "zie § 4.12",
            'zie <a class="utrecht-link portal-cited" href="/agenda/9/lezen/4/#p4.12">§ 4.12</a>',
        ),
        (
            "en p4.12",
            'en <a class="utrecht-link portal-cited" href="/agenda/9/lezen/4/#p4.12">p4.12</a>',
        ),
        ("In 2026 komt 1.5 miljoen, ook 4.12", "In 2026 komt 1.5 miljoen, ook 4.12"),
        ("§4.13 bestaat niet", "§4.13 bestaat niet"),
        ("§4.12.3 en top4.12", "§4.12.3 en top4.12"),
        (
            "<b>§4.12</b>\nregel",
            "&lt;b&gt;"
            '<a class="utrecht-link portal-cited" href="/agenda/9/lezen/4/#p4.12">§4.12</a>'
            "&lt;/b&gt;<br>regel",
        ),
    ],
)
def test_a_citation_links_only_a_paragraph_the_version_has(text, expected):
    assert citations.linked(text, paragraphs={"4.12", "1.5"}, url=url) == expected


def test_a_text_with_html_is_escaped_and_never_linked_unasked():
    text = '<a href="javascript:alert(1)">§1.1</a> <script>x</script>'
    html = str(citations.linked(text, paragraphs=set(), url=None))
    assert "<script>" not in html and "<a " not in html
    assert "&lt;script&gt;" in html


def test_a_response_citing_a_paragraph_links_to_its_place_in_the_reading_view(
    as_user, coordinator, versions
):
    _old, new = versions
    new = numbered(new, State.CONSULTATION)
    PartnerResponse.objects.create(
        version=new,
        partner=Partner.objects.get(code="VOB"),
        verdict=PartnerResponse.Verdict.AGREE_WITH_REMARKS,
        text="Zie §1.2 en §1.99; de 2026 cijfers <b>kloppen</b>.",
        recorded_by=factories.partner_rep("VOB", username="vob"),
        recorded_at=timezone.now(),
    )
    page = as_user(coordinator).get(reverse("agenda:agenda_version", args=[new.pk]))
    text = page.content.decode()
    target = reverse("agenda:agenda_version_read_chapter", args=[new.pk, 1]) + "#p1.2"
    assert f'href="{target}">§1.2</a>' in text
    assert "§1.99;" in text and "&lt;b&gt;kloppen&lt;/b&gt;" in text


def test_a_proposals_reason_cites_the_version_it_was_made_on(versions):
    _old, new = versions
    new = numbered(new, State.CONSULTATION)
    chapter = new.chapters.get(team__number=1)
    proposal = Proposal(
        on_version=new, record=chapter.record, reason="Past beter bij p1.3 dan bij §1.42."
    )
    reason = str(Shown(proposal, "", False, "", "").reason)
    target = reverse("agenda:agenda_version_read_chapter", args=[new.pk, 1]) + "#p1.3"
    assert f'<a class="utrecht-link portal-cited" href="{target}">p1.3</a>' in reason
    assert "§1.42." in reason and "#p1.42" not in reason
    assert str(cited("p1.3", None)) == "p1.3"  # no version, no link
