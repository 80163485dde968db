"""Small texts that said the wrong thing: who last wrote a chapter's text (not who took
the last review step, which writes none) beside that step; the board's decision form,
whose chapters belong to a rejection only and whose note a rejection needs; the header's
search label; and the PDF colophon, whose narrow table cells broke short words
("Part-ner")."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from agenda.forms import PartnerDecisionForm
from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_response_record
from agenda.models import AgendaVersion, Edition, PartnerDecision, PartnerResponse
from agenda.pdf.html import version_html
from agenda.pdf.storage import render_pdf
from agenda.review.machine import ReviewStep
from agenda.review.selectors import last_changes
from agenda.review.services import take_review_step
from partners.models import Partner
from teams.models import Team
from tests import factories
from tests.agenda_helpers import approve_everything, fill

CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]
# A long response takes the table's width, so that its short columns get narrow.
LONG_REMARK = (
    "Wij vragen meer aandacht voor de samenwerking tussen bibliotheekorganisaties, "
    "gemeenten en provincies bij de uitvoering van het jaarprogramma, voor de "
    "leesbevordering in het primair onderwijs en voor de digitale inclusie van "
    "ouderen in kleine kernen, waar de vestigingen onder druk staan."
)
# WeasyPrint ends a hyphenated line with U+2010 (or a hyphen-minus).
BROKEN_WORD = re.compile(r"\w+[\u2010\u00ad-]\n\w+")


@pytest.fixture
def people(db):
    return {
        "writer": factories.writer(username="wendy", first_name="Wendy", last_name="Schrijver"),
        "coordinator": factories.coordinator(
            username="carla", first_name="Carla", last_name="Coördinator"
        ),
    }


def submitted(people):
    chapter = fill(factories.contribution(1), people["writer"])
    return take_review_step(obj=chapter, user=people["writer"], step="submit")


def meta(html: str) -> str:
    """The chapter page's line under its title, as text."""
    block = re.search(r'<div class="portal-meta">(.*?)</div>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


# Who last wrote the text, and the last review step


def test_after_a_return_the_page_names_the_writer_of_the_text_and_the_returner(as_user, people):
    chapter = submitted(people)
    take_review_step(obj=chapter, user=people["coordinator"], step="return", reason="Bronnen?")
    html = as_user(people["writer"]).get(chapter.get_absolute_url()).content.decode()
    line = meta(html)
    assert "Tekst laatst gewijzigd door Wendy Schrijver op" in line
    assert "Teruggestuurd door Carla Coördinator op" in line
    assert "gewijzigd door Carla" not in line


def test_after_an_approval_the_text_is_still_the_writers(as_user, people):
    chapter = submitted(people)
    take_review_step(obj=chapter, user=people["coordinator"], step="approve")
    html = as_user(people["coordinator"]).get(chapter.get_absolute_url()).content.decode()
    line = meta(html)
    assert "Tekst laatst gewijzigd door Wendy Schrijver op" in line
    assert "Goedgekeurd door Carla Coördinator op" in line


def test_a_submission_is_a_step_and_a_save_after_a_reopening_is_the_text(as_user, people):
    chapter = submitted(people)
    client = as_user(people["writer"])
    assert "Ingediend door Wendy Schrijver op" in meta(
        client.get(chapter.get_absolute_url()).content.decode()
    )
    chapter = take_review_step(obj=chapter, user=people["coordinator"], step="approve")
    chapter = take_review_step(obj=chapter, user=people["coordinator"], step="reopen")
    changes = last_changes(chapter)
    assert changes["step"].review_step == ReviewStep.REOPEN
    assert changes["written"].history_user == people["writer"]
    other = factories.writer(username="walter", first_name="Walter", last_name="Tweede")
    fill(factories.contribution(1), other)
    line = meta(client.get(chapter.get_absolute_url()).content.decode())
    assert "Tekst laatst gewijzigd door Walter Tweede op" in line
    assert "Heropend door Carla Coördinator op" in line


def test_the_written_record_is_the_newest_save_and_the_step_the_newest_step(people):
    chapter = submitted(people)
    chapter = take_review_step(obj=chapter, user=people["coordinator"], step="return", reason="x")
    changes = last_changes(chapter)
    saves = chapter.history.filter(state="concept").order_by("-history_date", "-history_id")
    newest_save = next(r for r in saves if r.history_user == people["writer"])
    assert changes["written"].history_id == newest_save.history_id
    assert changes["step"].history_id == chapter.history.latest().history_id
    assert changes["step"].review_step == ReviewStep.RETURN
    assert changes["step"].history_user == people["coordinator"]


def test_a_chapter_never_reviewed_has_no_step(people):
    writer = factories.team_user("writer", number=2, username="w2")
    chapter = fill(factories.contribution(2), writer)  # its first record is a save
    changes = last_changes(chapter)
    assert changes["written"].history_user == writer
    assert changes["step"] is None


def test_the_page_reads_the_history_in_two_queries(people, django_assert_max_num_queries):
    chapter = submitted(people)
    chapter = take_review_step(obj=chapter, user=people["coordinator"], step="return", reason="x")
    with django_assert_max_num_queries(2):
        last_changes(chapter)


# The board's decision form


@pytest.fixture
def deciding(db):
    coordinator = factories.coordinator(username="carla")
    reps = {code: factories.partner_rep(code, username=code.lower()) for code in CODES}
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ("to_feedback", "to_definitive", "to_consultation"):
        version = agenda_step(version=version, user=coordinator, step=step)
    for code in CODES:
        partner_response_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            verdict=PartnerResponse.Verdict.AGREE,
            text="",
        )
    for step in ("establish", "to_decision"):
        version = agenda_step(version=version, user=coordinator, step=step)
    return version, reps


def test_the_chapters_sit_under_reject_and_the_note_says_when_it_is_needed(as_user, deciding):
    version, reps = deciding
    html = as_user(reps["VOB"]).get(reverse("agenda:agenda_version", args=[version.pk]))
    html = html.content.decode()
    form = html[html.index('action="/agenda/') : html.index("Besluit vastleggen")]
    reject = re.search(r'<input[^>]+value="reject"[^>]*>', form).group(0)
    assert 'data-aria-controls="id_VOB-decision-chapters"' in reject
    approve = re.search(r'<input[^>]+value="approve"[^>]*>', form).group(0)
    assert "data-aria-controls" not in approve
    chapters = re.search(
        r'<div class="portal-decision__conditional" id="id_VOB-decision-chapters">(.*?)</div>',
        form,
        re.S,
    ).group(1)
    assert chapters.count('name="VOB-teams"') == Team.objects.count()
    assert 'name="VOB-teams"' not in form.replace(chapters, "")
    note = re.search(r'<label[^>]*for="id_VOB-note"[^>]*>(.*?)</label>', form, re.S).group(1)
    assert "(nodig bij een afwijzing)" in note and "niet verplicht" not in note


def test_an_approval_drops_the_chapters_ticked_before(as_user, deciding):
    version, reps = deciding
    team = Team.objects.get(number=3)
    response = as_user(reps["VOB"]).post(
        reverse("agenda:partner_decision", args=[version.pk, "VOB"]),
        {"VOB-decision": "approve", "VOB-note": "", "VOB-teams": [team.pk]},
    )
    assert response.status_code == 302
    decision = PartnerDecision.objects.get(version=version, partner__code="VOB")
    assert decision.decision == PartnerDecision.Decision.APPROVE
    assert list(decision.teams.all()) == []


def test_a_rejection_without_reasons_is_refused_at_the_note(db):
    form = PartnerDecisionForm({"VOB-decision": "reject", "VOB-note": " "}, prefix="VOB")
    assert not form.is_valid()
    assert list(form.errors) == ["note"]
    team = Team.objects.get(number=3)
    form = PartnerDecisionForm(
        {"VOB-decision": "reject", "VOB-note": "Te weinig over lezen.", "VOB-teams": [team.pk]},
        prefix="VOB",
    )
    assert form.is_valid() and list(form.cleaned_data["teams"]) == [team]


def test_a_rejection_needs_the_note_on_the_page_too(as_user, deciding):
    version, reps = deciding
    response = as_user(reps["VOB"]).post(
        reverse("agenda:partner_decision", args=[version.pk, "VOB"]),
        {"VOB-decision": "reject", "VOB-note": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Geef de redenen van de afwijzing." in html
    assert AgendaVersion.objects.get(pk=version.pk).state == AgendaVersion.State.DECISION


# The header


def test_the_header_has_a_visible_search_label_and_a_menu_button_hidden_without_script(
    as_user, people
):
    html = as_user(people["writer"]).get("/").content.decode()
    body = html[html.index("<body") :]
    assert body.index("utrecht-skip-link") < body.index("<header")
    label = re.search(r'<label[^>]*for="header-search"[^>]*>', html).group(0)
    assert "visually-hidden" not in label
    toggle = re.search(r"<button[^>]*portal-header__toggle[^>]*>", html).group(0)
    assert " hidden" in toggle and 'data-aria-controls="portal-menu"' in toggle
    assert 'id="portal-menu"' in html and html.count("<h1") == 1
    assert "js/conditional-reveal.js" in html


# The PDF colophon


def test_the_colophon_cells_do_not_hyphenate_but_the_body_does():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    assert re.search(r"\.colophon \.table th, \.colophon \.table td \{ hyphens: manual; \}", css)
    assert re.search(r"html \{[^}]*hyphens: auto", css)


@pytest.mark.pdf
def test_the_colophon_breaks_no_short_word(deciding):
    version, _reps = deciding
    for response in PartnerResponse.objects.filter(version=version):
        response.text = f"{response.partner.code} steunt dit. {LONG_REMARK}"
        response.verdict = PartnerResponse.Verdict.AGREE_WITH_REMARKS
        response.save()
    data, _pages = render_pdf(version_html(version))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    colophon = text[text.index("Colofon") : text.index("\nInhoud")]
    assert "Partner Oordeel Reactie" in colophon and "opmerkingen" in colophon
    assert BROKEN_WORD.findall(colophon) == []
