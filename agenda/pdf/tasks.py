"""Long work, run through Django's tasks framework (immediately, or by ``db_worker``).

PDFs go to the ``pdf`` queue and mail to the ``mail`` queue (``notifications.py``),
so that one worker per queue keeps mail from waiting behind PDFs.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from agenda.models import AgendaVersion, ChapterPdf, ProgressReport, RedlinePdf
from agenda.pdf.html import redline_html, version_html
from agenda.pdf.rendering import RenderFailed
from agenda.pdf.reports import progress_report_html
from agenda.pdf.storage import sign_stored_pdf, store_pdf
from infra.language import site_language

logger = logging.getLogger(__name__)

Status = AgendaVersion.PdfStatus


@task(queue_name="pdf")
def render_version_pdf(*, version_id: int) -> str:
    """Render a version's PDF (or reuse the stored one of the same content).

    When it fails, each chapter is rendered on its own to name the ones that cause it,
    for at most ``PDF_RENDER_TIMEOUT`` seconds in all; chapters not tried by then are
    left to the worker's later turns (as a waiting chapter PDF).
    """
    requeue_stale_pdfs()
    version = AgendaVersion.objects.select_related("edition").get(pk=version_id)
    if _render(version, lambda: version_html(version), sign=version.is_final):
        return "ready"
    deadline = time.monotonic() + settings.PDF_RENDER_TIMEOUT
    jobs = _chapter_pdfs(version, deadline=deadline)
    culprits = [job.team for job in jobs if job.pdf_status == Status.FAILED]
    causes = []
    with site_language():
        if culprits:
            causes.append(
                gettext("Chapters that also fail on their own: %(chapters)s.")
                % {"chapters": "; ".join(str(team) for team in culprits)}
            )
        if any(job.pdf_status == Status.PENDING for job in jobs):
            causes.append(gettext("Not every chapter could be tried on its own in time."))
    if causes:
        AgendaVersion.objects.filter(pk=version.pk).update(
            pdf_error="\n".join([version.pdf_error, *causes])
        )
    return "failed"


@task(queue_name="pdf")
def render_chapter_pdf(*, chapter_pdf_id: int) -> str:
    """Render one team's chapter of a version as its own PDF."""
    requeue_stale_pdfs()
    job = ChapterPdf.objects.select_related("version__edition", "team").get(pk=chapter_pdf_id)
    rendered = _render(
        job, lambda: version_html(job.version, only_team=job.team, language=job.language)
    )
    return "ready" if rendered else "failed"


def _render(job, make_html, *, sign: bool = False) -> bool:
    """Render ``make_html()`` into ``job``'s PDF; record the outcome once, with its cause.
    With ``sign`` (the ratified agenda) the stored PDF is signed before it is ready
    (``storage.sign_stored_pdf``: unsigned when no certificate is configured).

    The outcome is recorded only if nobody asked for the PDF again meanwhile (a later
    step changed the version): an older rendering never overwrites a newer request.
    """
    asked = type(job).objects.filter(pk=job.pk, pdf_requested_at=job.pdf_requested_at)
    try:
        document = store_pdf(make_html())
        if sign:
            document = sign_stored_pdf(document, reason=str(job))
    except Exception as error:
        logger.exception("Rendering the PDF of %s failed", job)
        job.pdf_status, job.pdf_error = Status.FAILED, _cause(error)
        asked.update(pdf_status=job.pdf_status, pdf_error=job.pdf_error)
        return False
    job.pdf, job.pdf_status, job.pdf_error = document, Status.READY, ""
    asked.update(pdf=document, pdf_status=Status.READY, pdf_error="")
    return True


def _cause(error: Exception) -> str:
    """Why a rendering failed, for the coordinators (the technical detail stays English)."""
    with site_language():
        if isinstance(error, RenderFailed) and error.timeout is not None:
            return gettext(
                "Making the PDF took longer than %(seconds)s seconds and was stopped. "
                "Look for a chapter with unusually long or deeply nested text."
            ) % {"seconds": f"{error.timeout:g}"}
        return gettext("Making the PDF failed: %(detail)s") % {
            "detail": f"{type(error).__name__}: {error}"
        }


def _chapter_pdfs(version, *, deadline: float):
    """Every chapter of ``version`` as its own PDF, rendered here where still missing
    until ``deadline`` (``time.monotonic()``)."""
    jobs = []
    for chapter in version.chapters.select_related("team"):
        job, _created = ChapterPdf.objects.get_or_create(
            version=version, team=chapter.team, defaults={"pdf_requested_at": timezone.now()}
        )
        if job.pdf_status != Status.READY and time.monotonic() < deadline:
            job.version = version
            _render(job, lambda job=job: version_html(version, only_team=job.team))
        jobs.append(job)
    return jobs


@task(queue_name="pdf")
def render_redline_pdf(*, redline_pdf_id: int) -> str:
    """Render the changes between two versions as PDF."""
    requeue_stale_pdfs()
    job = RedlinePdf.objects.select_related("old__edition", "new__edition").get(pk=redline_pdf_id)
    return "ready" if _render(job, lambda: redline_html(job.old, job.new)) else "failed"


@task(queue_name="pdf")
def render_progress_report(*, progress_report_id: int) -> str:
    """Render a progress report from the figures stored with it (CONCEPT until final)."""
    requeue_stale_pdfs()
    job = ProgressReport.objects.select_related("edition", "version").get(pk=progress_report_id)
    return "ready" if _render(job, lambda: progress_report_html(job)) else "failed"


# Each kind of PDF: its task and the name of the task's argument.
RENDER_TASKS = {
    AgendaVersion: (render_version_pdf, "version_id"),
    ChapterPdf: (render_chapter_pdf, "chapter_pdf_id"),
    RedlinePdf: (render_redline_pdf, "redline_pdf_id"),
    ProgressReport: (render_progress_report, "progress_report_id"),
}


def request_render(job) -> None:
    """Mark ``job`` (a version or a chapter PDF) as being made and enqueue it after commit."""
    now = timezone.now()
    type(job).objects.filter(pk=job.pk).update(
        pdf_status=Status.PENDING, pdf_error="", pdf_requested_at=now
    )
    job.pdf_status, job.pdf_error, job.pdf_requested_at = Status.PENDING, "", now
    render, argument = RENDER_TASKS[type(job)]
    transaction.on_commit(lambda: render.enqueue(**{argument: job.pk}))


def requeue_stale_pdfs() -> int:
    """Enqueue again every PDF still waiting after ``PDF_STALE_MINUTES``: its worker
    died mid-task or the task was lost. Returns how many were enqueued."""
    threshold = timezone.now() - timedelta(minutes=settings.PDF_STALE_MINUTES)
    stale = [
        job
        for model in RENDER_TASKS
        for job in model.objects.filter(pdf_status=Status.PENDING).filter(
            Q(pdf_requested_at__lt=threshold) | Q(pdf_requested_at__isnull=True)
        )
    ]
    for job in stale:
        logger.warning("The PDF of %s waited since %s; enqueued again", job, job.pdf_requested_at)
        request_render(job)
    return len(stale)
