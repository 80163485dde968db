"""The PDF pipeline's services: a stored PDF or the request to make it, a chapter's and
the changes' PDF made on first request, a quarter's progress report and marking it
final, and a retry. Rendering itself is the worker's (``pdf.tasks``); nothing here
renders in a web request."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import (
    AgendaVersion,
    ChapterPdf,
    ProgressReport,
    RedlinePdf,
)
from agenda.pdf.reports import report_content
from agenda.pdf.tasks import request_render
from agenda.permissions import can_retry_pdf
from agenda.tracking.rules import can_make_progress_report
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


def progress_report_request(*, version: AgendaVersion, quarter: int, user) -> ProgressReport:
    """The progress report of ``quarter`` of the programme year on ``version``'s tracked
    actions, with today's figures taken into it (``reports.report_content``) and its
    concept PDF asked of the worker; coordinators only (``can_make_progress_report``).

    Asked again while it is a concept, it takes the figures again and is made again (the
    older PDF stays stored under its own content); a final report is refused.
    """
    if not can_make_progress_report(user, version):
        raise AgendaError(_("Only coordinators make a progress report."))
    if quarter not in range(1, 5):
        raise AgendaError(_("Choose a quarter from 1 to 4."))
    year = version.edition.programme_year
    with transaction.atomic():
        # Two coordinators asking at once for a new quarter: one creates the row, the
        # other waits for it (``get_or_create`` reads it again, locked).
        report, _created = ProgressReport.objects.select_for_update().get_or_create(
            version=version,
            year=year,
            quarter=quarter,
            defaults={
                "edition_id": version.edition_id,
                "requested_by": user,
                "taken_at": timezone.now(),
            },
        )
        if report.is_final:
            raise AgendaError(
                _("The report of Q%(quarter)s %(year)s is final and is not made again.")
                % {"quarter": quarter, "year": year}
            )
        report.content = report_content(version, quarter)
        report.taken_at = timezone.now()
        report.requested_by = user
        report.save()
        request_render(report)
    return report


def progress_report_finalise(*, report: ProgressReport, user) -> ProgressReport:
    """Mark ``report`` final (``final_by``, ``final_at``) and ask the worker for its final
    PDF: the same figures without the CONCEPT mark, so a PDF of its own. Coordinators
    only, once, and only after its concept PDF has been made (someone has read it); a
    second coordinator at the same moment is refused, and nothing is recorded twice.
    """
    if not can_make_progress_report(user, report.version):
        raise AgendaError(_("Only coordinators make a progress report final."))
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_final:
            raise AgendaError(_("This progress report is final already."))
        if not locked.pdf_ready:
            raise AgendaError(
                _("The concept PDF is not ready yet. Read it before you make the report final.")
            )
        locked.final_by, locked.final_at = user, timezone.now()
        locked.save(update_fields=["final_by", "final_at"])
        request_render(locked)
    report.final_by, report.final_at = locked.final_by, locked.final_at
    report.pdf_status, report.pdf_error = locked.pdf_status, locked.pdf_error
    report.pdf_requested_at = locked.pdf_requested_at
    return report
