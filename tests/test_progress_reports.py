"""The quarterly progress report (*voortgangsrapportage*, issue 28): asked for and made
final by coordinators, read by whoever follows the actions, its figures taken once when
it is asked for, rendered by the worker as a tagged PDF, CONCEPT until it is final."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from agenda.errors import AgendaError
from agenda.models import PdfDocument, ProgressReport, TrackedAction
from agenda.pdf.reports import progress_report_html
from agenda.pdf.tasks import render_progress_report
from agenda.tracking.reports import (
    progress_report_finalise,
    progress_report_request,
    report_content,
)
from agenda.tracking.rules import (
    can_make_progress_report,
    can_read_progress_report,
    progress_reports_visible_to,
)
from agenda.tracking.services import update_post
from tests.catalogue import dutch
from tests.conftest import ROLES
from tests.test_tracking import ratify


@pytest.fixture
def ratified(cast):
    return ratify(cast["coordinator"])


@pytest.fixture
def report(ratified, cast):
    """The coordinator's report of Q2, its PDF not made yet (the worker's turn)."""
    return progress_report_request(version=ratified, quarter=2, user=cast["coordinator"])


def rendered(report) -> ProgressReport:
    """``report`` after the worker's turn (the task as ``db_worker`` runs it)."""
    assert render_progress_report.call(progress_report_id=report.pk) == "ready"
    return ProgressReport.objects.select_related("pdf", "edition").get(pk=report.pk)


def seen(report) -> str:
    """What the confirmation page sends: when the figures it showed were taken."""
    return report.taken_at.isoformat()


def pdf_of(report) -> tuple[PdfReader, str]:
    with report.pdf.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Who makes, who reads.


def test_only_coordinators_make_a_report_and_followers_read_it(report, cast):
    makers = {role for role in ROLES if can_make_progress_report(cast[role], report.version)}
    assert makers == {"coordinator"}
    readers = {role for role in ROLES if can_read_progress_report(cast[role], report)}
    assert readers == set(ROLES) - {"outsider"}


def test_the_queryset_twin_admits_the_same_people(report, cast):
    for role in ROLES:
        listed = progress_reports_visible_to(cast[role]).filter(pk=report.pk).exists()
        assert listed == can_read_progress_report(cast[role], report), role


def test_the_service_refuses_whom_the_rule_refuses(ratified, cast):
    for role in ["writer", "member", "read_along", "partner", "outsider"]:
        with pytest.raises(AgendaError):
            progress_report_request(version=ratified, quarter=1, user=cast[role])
    assert not ProgressReport.objects.exists()


# What it holds: figures taken once.


def test_the_report_takes_todays_figures_per_team_and_the_late_list(report, ratified):
    content = report.content
    assert [row["number"] for row in content["figures"]] == list(range(1, 13))
    assert sum(sum(row["counts"]) for row in content["figures"]) == (
        TrackedAction.objects.filter(version=ratified).count()
    )
    team_1 = content["teams"][0]
    assert [a["activity"] for a in team_1["actions"]][:2] == ["Leesoffensief", "Bibliotheekpas"]
    # The programme year is over: every action planned in a quarter and not done is late.
    late = TrackedAction.objects.filter(version=ratified).exclude(quarters=[])
    assert set(content["late"]) == set(late.values_list("pk", flat=True))
    assert report.pdf_status == ProgressReport.PdfStatus.PENDING
    assert report.filename == "netwerkagenda-2021-2023-voortgangsrapportage-2021-k2-concept.pdf"


def test_asking_again_for_a_concept_takes_the_figures_again(report, ratified, cast):
    action = TrackedAction.objects.get(version=ratified, activity="Bibliotheekpas")
    update_post(action=action, user=cast["partner"], text="Pas uitgereikt.", status="done")
    again = progress_report_request(version=ratified, quarter=2, user=cast["coordinator"])
    assert again.pk == report.pk and ProgressReport.objects.count() == 1
    rows = {a["activity"]: a for a in again.content["teams"][0]["actions"]}
    assert rows["Bibliotheekpas"]["status"] == "done"
    assert rows["Bibliotheekpas"]["update"]["text"] == "Pas uitgereikt."
    assert action.pk not in again.content["late"]


def test_an_update_after_the_report_changes_nothing_in_it(report, ratified, cast):
    before = ProgressReport.objects.get(pk=report.pk).content
    action = TrackedAction.objects.get(version=ratified, activity="Bibliotheekpas")
    update_post(action=action, user=cast["partner"], text="Later nieuws.", status="done")
    report.refresh_from_db()
    assert report.content == before
    assert "Later nieuws" not in progress_report_html(report)


def test_authors_are_named_only_with_their_consent(ratified, cast):
    action = TrackedAction.objects.get(version=ratified, activity="Bibliotheekpas")
    update_post(action=action, user=cast["partner"], text="Stand.", status="running")
    rows = {a["activity"]: a for a in report_content(ratified, 1)["teams"][0]["actions"]}
    author = rows["Bibliotheekpas"]["update"]["author"]
    assert str(cast["partner"]) not in author and "VOB" in author


# Final: once, by a coordinator, after the concept was made.


def test_a_report_is_made_final_once_after_its_concept_is_ready(report, cast):
    not_ready = "The concept PDF is not ready yet. Read it before you make the report final."
    with pytest.raises(AgendaError, match=re.escape(dutch(not_ready))):
        progress_report_finalise(report=report, user=cast["coordinator"], read=seen(report))
    report = rendered(report)
    with pytest.raises(AgendaError):
        progress_report_finalise(report=report, user=cast["writer"], read=seen(report))
    final = progress_report_finalise(report=report, user=cast["coordinator"], read=seen(report))
    assert final.is_final and final.final_by == cast["coordinator"]
    assert final.pdf_status == ProgressReport.PdfStatus.PENDING  # the final PDF's turn
    with pytest.raises(AgendaError, match=dutch("This progress report is final already.")):
        progress_report_finalise(report=report, user=cast["coordinator"], read=seen(report))
    again = dutch(
        "The report of Q%(quarter)s %(year)s is final and is not made again.", quarter=2, year=2021
    )
    with pytest.raises(AgendaError, match=again):
        progress_report_request(version=report.version, quarter=2, user=cast["coordinator"])
    assert final.filename.endswith("-2021-k2.pdf")


# The PDF, through the worker.


@pytest.mark.pdf
def test_the_concept_pdf_is_tagged_titled_dutch_and_marked_concept(report):
    report = rendered(report)
    reader, text = pdf_of(report)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    title = dutch("Progress report Q%(quarter)s %(year)s", quarter=2, year=2021)
    assert reader.metadata.title == f"Netwerkagenda 2021-2023 - {title}"
    assert "OCW" in reader.metadata.author
    assert all("CONCEPT" in page.extract_text() for page in reader.pages)
    for words in ["Network overview", "Late actions", "Actions per team"]:
        assert dutch(words) in text, words
    assert "Leesoffensief" in text
    assert "1. Geletterde samenleving" in text and "12. Digitale bibliotheek" in text
    assert report.pdf.pages >= 4 and report.pdf.size > 0


@pytest.mark.pdf
def test_the_final_pdf_has_no_concept_mark_and_is_a_pdf_of_its_own(report, cast):
    concept = rendered(report)
    final = rendered(
        progress_report_finalise(report=concept, user=cast["coordinator"], read=seen(concept))
    )
    assert final.pdf_id != concept.pdf_id and PdfDocument.objects.count() == 2
    reader, text = pdf_of(final)
    assert "CONCEPT" not in text
    assert dutch("Final since %(date)s", date="") in text and "Leesoffensief" in text
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    # The same content is stored once: rendering again makes no new file.
    assert rendered(final).pdf_id == final.pdf_id
    assert PdfDocument.objects.count() == 2


@pytest.mark.pdf
def test_the_chart_is_a_figure_with_its_figures_as_text(report):
    reader, _text = pdf_of(rendered(report))
    figures = []
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        element = todo.pop().get_object()
        if element.get("/S") == "/Figure":
            figures.append(str(element.get("/Alt")))
        kids = element.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        todo += [kid for kid in kids if isinstance(kid, (DictionaryObject, IndirectObject))]
    [alt] = figures
    assert alt.startswith(f"{dutch('Actions per team by status')}. {dutch('Not started')}: ")
    assert dutch("The table below gives every figure.") in alt


# The pages.


def test_the_coordinator_asks_for_a_report_and_its_page_waits_for_the_worker(
    ratified, cast, as_user
):
    client = as_user(cast["coordinator"])
    page = client.get(reverse("agenda:progress_reports")).content.decode()
    assert "data-progress-report-form" in page and 'name="quarter"' in page
    response = client.post(reverse("agenda:progress_reports"), {"quarter": "3"})
    report = ProgressReport.objects.get()
    assert (report.quarter, report.year, report.requested_by) == (3, 2021, cast["coordinator"])
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "data-pdf-pending" in page and "js/pdf-status.js" in page
    assert 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("agenda:progress_report_pdf", args=[report.pk]))
    assert pdf.status_code == 302 and pdf["Location"] == report.get_absolute_url()


def test_an_empty_request_shows_the_error_summary(ratified, cast, as_user):
    response = as_user(cast["coordinator"]).post(reverse("agenda:progress_reports"), {})
    page = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in page
    assert 'href="#id_quarter"' in page
    assert not ProgressReport.objects.exists()


def test_a_forged_request_or_final_is_refused_by_the_server(report, cast, as_user):
    for role in ["writer", "partner"]:
        client = as_user(cast[role])
        assert client.post(reverse("agenda:progress_reports"), {"quarter": "1"}).status_code == 403
        url = reverse("agenda:progress_report_final", args=[report.pk])
        assert client.post(url).status_code == 403
    assert ProgressReport.objects.count() == 1 and not ProgressReport.objects.get().is_final
    outsider = as_user(cast["outsider"])
    assert outsider.get(report.get_absolute_url()).status_code == 404
    assert outsider.get(reverse("agenda:progress_report_pdf", args=[report.pk])).status_code == 404


@pytest.mark.pdf
def test_made_final_after_confirmation_and_downloaded_by_a_partner(report, cast, as_user):
    report = rendered(report)
    client = as_user(cast["coordinator"])
    page = client.get(report.get_absolute_url()).content.decode()
    final_url = reverse("agenda:progress_report_final", args=[report.pk])
    assert final_url in page
    confirm = client.get(final_url).content.decode()
    assert dutch("Yes, make it final") in confirm
    read = re.search(r'name="gelezen" value="([^"]+)"', confirm).group(1)
    assert client.post(final_url, {"gelezen": read}).status_code == 302
    report = rendered(report)
    assert report.is_final
    partner = as_user(cast["partner"])
    listing = partner.get(reverse("agenda:progress_reports")).content.decode()
    assert dutch("Final") in listing and "data-progress-report-form" not in listing
    assert f"PDF, {report.pdf.size_label}" in listing
    response = partner.get(reverse("agenda:progress_report_pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "voortgangsrapportage-2021-k2.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_made_again_since_the_confirmation_page_is_not_made_final(report, cast):
    """Coordinator A opens the confirmation; B makes the report again with newer figures
    and its PDF is made; A's "Yes, make it final" is refused: A read other figures."""
    read_by_a = seen(rendered(report))
    rendered(progress_report_request(version=report.version, quarter=2, user=cast["coordinator"]))
    with pytest.raises(AgendaError):
        progress_report_finalise(report=report, user=cast["coordinator"], read=read_by_a)
    report.refresh_from_db()
    assert not report.is_final


def test_make_again_on_the_report_page_keeps_its_version_and_quarter(report, cast, as_user):
    other = progress_report_request(version=report.version, quarter=3, user=cast["coordinator"])
    before = report.taken_at
    response = as_user(cast["coordinator"]).post(report.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.taken_at > before and report.quarter == 2
    assert ProgressReport.objects.filter(version=report.version).count() == 2  # no new one
    assert other.quarter == 3
    assert as_user(cast["partner"]).post(report.get_absolute_url()).status_code == 403
