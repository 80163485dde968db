"""PDFs made in the background: bounded in time, failures recorded once with their
cause, nothing stuck, nothing lost when a file goes missing, mail never behind PDFs."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, ChapterPdf, Edition
from agenda.pdf import storage as pdf
from agenda.pdf.rendering import RenderFailed
from agenda.pdf.tasks import render_version_pdf, requeue_stale_pdfs
from agenda.review.services import take_review_step
from tests import factories
from tests.agenda_helpers import approve_chapter, fill

Status = AgendaVersion.PdfStatus


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def renders(monkeypatch):
    """Count the renderings that reach WeasyPrint (through the time-limited child)."""
    calls = []
    real = pdf.render

    def counting(html, files, **limits):
        calls.append(html)
        return real(html, files, **limits)

    monkeypatch.setattr(pdf, "render", counting)
    return calls


def compiled(coordinator):
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_a_rendering_that_runs_out_of_time_is_stopped_and_recorded(
    as_user, cast, coordinator, settings, renders
):
    settings.PDF_RENDER_TIMEOUT = 0.01
    version = compiled(coordinator)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_status == Status.FAILED
    assert "duurde langer dan 0.01 seconden" in version.pdf_error
    page = as_user(cast["coordinator"]).get(reverse("agenda:agenda_version", args=[version.pk]))
    assert "duurde langer dan 0.01 seconden" in page.content.decode()
    # Clicking the PDF link does not render again.
    count = len(renders)
    response = as_user(cast["member"]).get(reverse("agenda:agenda_pdf", args=[version.pk]))
    assert response.status_code == 302
    assert len(renders) == count


def test_a_failing_chapter_pdf_is_recorded_once_and_retried_only_on_request(
    as_user, cast, coordinator, settings, renders, django_capture_on_commit_callbacks
):
    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    url = reverse("agenda:chapter_pdf", args=[version.pk, 1])
    settings.PDF_RENDER_TIMEOUT = 0.01
    with django_capture_on_commit_callbacks(execute=True):
        as_user(cast["read_along"]).get(url)
    job = ChapterPdf.objects.get(version=version, team__number=1)
    assert job.pdf_status == Status.FAILED
    count = len(renders)
    for _click in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            page = as_user(cast["read_along"]).get(url)
        assert page.status_code == 200
        assert "Het maken van de PDF is mislukt." in page.content.decode()
    assert len(renders) == count

    # A coordinator sees the cause and retries; with time enough it is made.
    coordinator_page = as_user(cast["coordinator"]).get(url).content.decode()
    assert "duurde langer dan" in coordinator_page
    assert as_user(cast["read_along"]).post(
        reverse("agenda:chapter_pdf_retry", args=[version.pk, 1])
    )
    settings.PDF_RENDER_TIMEOUT = 120
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(cast["coordinator"]).post(
            reverse("agenda:chapter_pdf_retry", args=[version.pk, 1])
        )
    assert response.status_code == 302
    served = as_user(cast["read_along"]).get(url)
    assert b"".join(served.streaming_content).startswith(b"%PDF")


def test_only_coordinators_retry_a_chapter_pdf(as_user, cast, coordinator):
    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    url = reverse("agenda:chapter_pdf_retry", args=[version.pk, 1])
    assert as_user(cast["writer"]).post(url).status_code == 403
    assert as_user(cast["outsider"]).post(url).status_code == 404


def test_a_failed_agenda_names_the_chapter_that_causes_it(coordinator, monkeypatch):
    hostile = "Onleesbaar-hoofdstuk"
    approve_chapter(1, coordinator)
    approve_chapter(2, coordinator, text=f"<p>{hostile}</p>")
    version = compiled(coordinator)

    def render(html, files, **limits):
        if hostile in html:
            raise RenderFailed("RecursionError: maximum recursion depth exceeded")
        return b"%PDF-1.7 test", 1

    monkeypatch.setattr(pdf, "render", render)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_status == Status.FAILED
    assert "RecursionError" in version.pdf_error
    assert "2. Participatie in de informatiesamenleving" in version.pdf_error
    assert "1. Geletterde samenleving" not in version.pdf_error
    chapters = dict(ChapterPdf.objects.values_list("team__number", "pdf_status"))
    assert chapters[1] == Status.READY and chapters[2] == Status.FAILED


def test_a_missing_pdf_file_is_made_again_instead_of_a_500(
    as_user, cast, coordinator, django_capture_on_commit_callbacks
):
    version = compiled(coordinator)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    version.pdf.file.storage.delete(version.pdf.file.name)  # restored without the media folder
    url = reverse("agenda:agenda_pdf", args=[version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(cast["member"]).get(url)
    assert response.status_code == 302  # to the version page, which says it is being made
    again = as_user(cast["member"]).get(url)
    assert again.status_code == 200
    assert b"".join(again.streaming_content).startswith(b"%PDF")


def test_a_missing_final_agenda_answers_503_while_it_is_made_again(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FINAL_AGENDA = True
    version = compiled(coordinator)
    AgendaVersion.objects.filter(pk=version.pk).update(state=AgendaVersion.State.RATIFIED)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    version.pdf.file.storage.delete(version.pdf.file.name)
    url = reverse("agenda:final_pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "De agenda wordt gemaakt" in response.content.decode()
    assert client.get(url).status_code == 200


def test_a_stuck_pdf_is_enqueued_again_and_the_page_says_it_waits(
    as_user, cast, coordinator, django_capture_on_commit_callbacks
):
    version = compiled(coordinator)  # pending: nothing ran its task
    url = reverse("agenda:agenda_version", args=[version.pk])
    assert "wordt gemaakt" in as_user(cast["member"]).get(url).content.decode()
    long_ago = timezone.now() - timedelta(hours=1)
    AgendaVersion.objects.filter(pk=version.pk).update(pdf_requested_at=long_ago)
    page = as_user(cast["coordinator"]).get(url).content.decode()
    assert "wacht op de achtergrondverwerking" in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("agenda:agenda_pdf_retry", args=[version.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_pdfs() == 1
    version.refresh_from_db()
    assert version.pdf_status == Status.READY
    out = io.StringIO()
    call_command("requeue_stale_pdfs", stdout=out)
    assert out.getvalue().startswith("0 ")


@pytest.mark.django_db(transaction=True)
def test_mail_does_not_wait_behind_pdfs(settings):
    """One worker per queue: the mail worker sends while the PDF still waits."""
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    coordinator = factories.coordinator(username="carla", email="carla@example.org")
    writer = factories.writer(username="wim")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    version = compiled(coordinator)  # a PDF task on the pdf queue
    take_review_step(obj=contribution, user=writer, step="submit")  # mail to coordinators
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "mail")
    assert [message.to for message in mail.outbox] == [["carla@example.org"]]
    version.refresh_from_db()
    assert version.pdf_status == Status.PENDING


def test_a_hostile_chapter_stored_before_the_limits_still_prints(coordinator):
    """A frozen record from before the sanitiser flattened nesting is flattened in print."""
    from agenda.models import Contribution

    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    record = version.chapters.get(team__number=1).record
    hostile = "".join(f"<ul><li>niveau{n} " for n in range(5000)) + "</li></ul>" * 5000
    Contribution.history.filter(pk=record.pk).update(context=hostile)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_status == Status.READY, version.pdf_error


def test_an_older_rendering_never_overwrites_a_newer_request(coordinator, monkeypatch):
    """A step taken while the previous PDF renders (e.g. ratification): the concept's
    rendering finishing late must not become the ratified agenda's PDF."""
    from agenda.pdf import tasks

    version = compiled(coordinator)
    started = AgendaVersion.objects.get(pk=version.pk)  # what the running task loaded
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf_requested_at=timezone.now() + timedelta(seconds=1)  # asked again meanwhile
    )
    monkeypatch.setattr(pdf, "render", lambda html, files, **limits: (b"%PDF-1.7 oud", 1))
    tasks._render(started, lambda: "<p>de oude versie</p>")
    version.refresh_from_db()
    assert version.pdf_status == Status.PENDING and version.pdf is None


def test_a_rendering_that_needs_too_much_memory_is_stopped_and_recorded(coordinator, settings):
    settings.PDF_RENDER_MEMORY_MB = 64  # far below what WeasyPrint needs
    version = compiled(coordinator)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_status == Status.FAILED
    assert "MemoryError" in version.pdf_error or "stopped" in version.pdf_error


def test_a_failed_final_agenda_says_so_instead_of_being_made(client, coordinator, settings):
    settings.PUBLIC_FINAL_AGENDA = True
    version = compiled(coordinator)
    AgendaVersion.objects.filter(pk=version.pk).update(
        state=AgendaVersion.State.RATIFIED, pdf_status=Status.FAILED
    )
    response = client.get(reverse("agenda:final_pdf"))
    assert response.status_code == 503
    assert "De agenda kan nu niet worden gedownload" in response.content.decode()


def test_looking_for_the_failing_chapter_stops_at_the_time_limit(
    coordinator, monkeypatch, settings
):
    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    calls = []

    def render(html, files, **limits):
        calls.append(html)
        raise RenderFailed("RecursionError: maximum recursion depth exceeded")

    monkeypatch.setattr(pdf, "render", render)
    settings.PDF_RENDER_TIMEOUT = 0  # no time left after the agenda itself failed
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert len(calls) == 1  # the agenda only: no chapter was tried on its own
    assert "Niet elk hoofdstuk kon op tijd los worden geprobeerd." in version.pdf_error
    statuses = set(ChapterPdf.objects.values_list("pdf_status", flat=True))
    assert statuses == {Status.PENDING}  # left to the worker's later turns
