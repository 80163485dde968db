"""The PDF pipeline's services: a stored PDF or the request to make it, a chapter's and
the changes' PDF made on first request, and a retry. Rendering itself is the worker's
(``pdf.tasks``); nothing here renders in a web request."""

from django.conf import settings
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import (
    AgendaVersion,
    ChapterPdf,
    RedlinePdf,
)
from agenda.pdf.tasks import request_render
from agenda.permissions import can_retry_pdf
from teams.models import Team


def stored_pdf_or_request(job):
    """The stored PDF of ``job`` (a version or a chapter PDF) when it is ready and its
    file is there, else None; a ready PDF whose file went missing (a restore without
    the media folder) is asked for again, so that it is made instead of a 500."""
    if not job.pdf_ready:
        return None
    if not job.pdf.file_exists:
        request_render(job)
        job.refresh_from_db()  # the immediate backend has made it already
        if not (job.pdf_ready and job.pdf.file_exists):
            return None
    return job.pdf


def chapter_pdf_for(*, version: AgendaVersion, team: Team, language: str = "") -> ChapterPdf:
    """The chapter's own PDF (its headings in ``language``, the site's by default):
    rendered in the background on first request, then stored.

    A failed rendering stays failed (with its cause) until a coordinator retries it.
    """
    job, created = ChapterPdf.objects.select_related("pdf").get_or_create(
        version=version, team=team, language=language or settings.LANGUAGE_CODE
    )
    if created:
        request_render(job)
        job.refresh_from_db()
    return job


def redline_pdf_for(*, old: AgendaVersion, new: AgendaVersion) -> RedlinePdf:
    """The changes between two versions as PDF: rendered in the background on first
    request, then stored (versions never change, so neither does it)."""
    job, created = RedlinePdf.objects.select_related("pdf").get_or_create(old=old, new=new)
    if created:
        request_render(job)
        job.refresh_from_db()
    job.old, job.new = old, new
    return job


def pdf_retry(*, job, user) -> None:
    """Render a failed or stuck PDF (of a version or a chapter) again; coordinators only."""
    if not can_retry_pdf(user):
        raise AgendaError(_("Only coordinators make a PDF again."))
    if job.pdf_status == job.PdfStatus.READY:
        raise AgendaError(_("This PDF is ready; there is nothing to make again."))
    request_render(job)
