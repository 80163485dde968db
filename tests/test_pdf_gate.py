"""The PDF/UA-1 gate (``tests.pdf_corpus``): every kind of PDF the portal makes passes
it, and its corpus shows that it catches what breaks accessibility, naming the rule."""

import time

import pytest
from django.utils import translation

from agenda.governance.compiling import agenda_compile
from agenda.models import Edition
from agenda.pdf.html import redline_html, version_html
from agenda.pdf.storage import render_pdf
from agenda.review.services import take_review_step
from teams.models import Team
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything
from tests.pdf_corpus import BROKEN, GOOD_HTML, assert_pdf_ua, broken, failed_rules, ua1_failures

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def good() -> bytes:
    return render_pdf(GOOD_HTML)[0]


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def compiled(coordinator):
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_the_good_file_passes(good):
    assert ua1_failures(good) == []


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_file_fails_with_its_rule_named(good, name):
    _change, rule = BROKEN[name]
    data = broken(good, name)
    assert rule in failed_rules(data), ua1_failures(data)
    with pytest.raises(AssertionError, match=rule):
        assert_pdf_ua(data, name)


def test_the_whole_agenda_passes_in_well_under_a_second(coordinator):
    approve_everything(coordinator)
    data = render_pdf(version_html(compiled(coordinator)))[0]
    started = time.perf_counter()
    assert_pdf_ua(data, "the agenda")
    assert time.perf_counter() - started < 2


def test_chapter_pdfs_pass_in_both_languages(coordinator):
    approve_chapter(3, coordinator)
    version = compiled(coordinator)
    team = Team.objects.get(number=3)
    for language in ("nl", "en"):
        with translation.override(language):
            html = version_html(version, only_team=team, language=language)
        assert_pdf_ua(render_pdf(html)[0], f"chapter 3 ({language})")


def test_the_changes_pdf_passes(coordinator):
    approve_chapter(1, coordinator)
    approve_chapter(2, coordinator)
    old = compiled(coordinator)
    take_review_step(obj=factories.contribution(1), user=coordinator, step="reopen")
    approve_chapter(1, coordinator, text="<p>Een <strong>nieuwe</strong> tekst.</p>")
    new = compiled(coordinator)
    assert_pdf_ua(render_pdf(redline_html(old, new))[0], "the changes")


def test_the_progress_report_passes_as_concept_and_final(cast):
    """The quarter's progress report: its chart a figure with a text alternative, its
    figures and actions as tables, with and without the CONCEPT mark."""
    from django.utils import timezone

    from agenda.pdf.reports import progress_report_html
    from agenda.tracking.reports import progress_report_request
    from tests.test_tracking import ratify

    coordinator = cast["coordinator"]
    report = progress_report_request(version=ratify(coordinator), quarter=1, user=coordinator)
    assert_pdf_ua(render_pdf(progress_report_html(report))[0], "the concept progress report")
    report.final_by, report.final_at = coordinator, timezone.now()
    assert_pdf_ua(render_pdf(progress_report_html(report))[0], "the final progress report")


def test_headings_written_in_a_chapter_keep_the_nesting(coordinator):
    """A heading written in a provision's text (the editor's h3) prints below the
    provision's subheading, so the next subheading skips no level."""
    from agenda.review.services import take_review_step as step
    from tests.agenda_helpers import fill

    contribution = factories.contribution(1)
    writer = factories.team_user("writer", number=1)
    provisions = {"BIB": "<h3>Lokaal</h3><p>Lokaal werk.</p>", "POI": "<p>P</p>", "KB": "<p>K</p>"}
    fill(contribution, writer, provision_texts=provisions)
    step(obj=contribution, user=writer, step="submit")
    step(obj=contribution, user=coordinator, step="approve")
    assert_pdf_ua(render_pdf(version_html(compiled(coordinator)))[0], "the agenda")


def test_numbered_paragraphs_keep_the_agenda_chapter_and_changes_tagged(coordinator):
    """From the definitive concept on, every paragraph, list item and action row has its
    number in the margin (``texts.numbering``): a Span inside its P."""
    from agenda.models import AgendaVersion
    from tests.agenda_helpers import fill

    approve_everything(coordinator)
    old = compiled(coordinator)
    contribution = factories.contribution(1)
    take_review_step(obj=contribution, user=coordinator, step="reopen")
    writer = factories.team_user("writer", number=1)
    text = (
        "<p>Een <strong>nieuwe</strong> tekst.</p>"
        "<ul><li><p>Punt, zoals de editor het schrijft</p><ul><li><p>Sub</p></li></ul></li></ul>"
    )
    text += "<ol><li>Los</li></ol>"
    fill(contribution, writer, context=text)
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="approve")
    new = compiled(coordinator)
    AgendaVersion.objects.filter(pk__in=[old.pk, new.pk]).update(
        state=AgendaVersion.State.DEFINITIVE_CONCEPT
    )
    old.refresh_from_db()
    new.refresh_from_db()
    html = version_html(new)
    assert '<li id="p1.3"><span class="para-number">1.3</span>' in html
    assert_pdf_ua(render_pdf(html)[0], "the numbered agenda")
    chapter = version_html(new, only_team=Team.objects.get(number=1))
    assert_pdf_ua(render_pdf(chapter)[0], "a numbered chapter")
    changes = redline_html(old, new)
    assert 'class="para-number">1.1</span>' in changes
    assert_pdf_ua(render_pdf(changes)[0], "the numbered changes")
