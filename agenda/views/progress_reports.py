"""The quarterly progress reports (*voortgangsrapportages*) on the tracked actions: the
list with the coordinators' form to make one, a report's page (its PDF being made, ready
or failed), the PDF itself, and making a report final after a confirmation. Every PDF is
made by the worker (``pdf.tasks``) and served from storage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.forms.tracking import ProgressReportForm
from agenda.models import ProgressReport
from agenda.pdf.downloads import serve_pdf
from agenda.pdf.services import pdf_retry, stored_pdf_or_request
from agenda.permissions import can_retry_pdf
from agenda.tracking.reports import progress_report_finalise, progress_report_request
from agenda.tracking.rules import (
    can_make_progress_report,
    can_read_progress_report,
    progress_reports_visible_to,
)
from agenda.tracking.selectors import chosen_quarter, followed_version
from infra.forms import error_summary


def _readable_report(user, pk) -> ProgressReport:
    """Report ``pk`` when ``user`` may read it (``can_read_progress_report``); else 404."""
    report = get_object_or_404(
        ProgressReport.objects.select_related("edition", "version", "pdf", "final_by"), pk=pk
    )
    if not can_read_progress_report(user, report):
        raise Http404
    return report


def progress_reports(request):
    """Every progress report on the ratified version, newest quarter first; coordinators
    get the form to make one (a POST with errors shows it again with them)."""
    version = followed_version(request.user)
    can_make = can_make_progress_report(request.user, version)
    year = version.edition.programme_year
    form = None
    if request.method == "POST":
        if not can_make:
            raise PermissionDenied(_("Only coordinators make a progress report."))
        form = ProgressReportForm(request.POST, year=year)
        if form.is_valid():
            try:
                report = progress_report_request(
                    version=version, quarter=form.cleaned_data["quarter"], user=request.user
                )
            except AgendaError as error:
                form.add_error("quarter", str(error))
            else:
                messages.success(
                    request, _("The progress report is being made. This page shows when.")
                )
                return redirect(report)
    elif can_make:
        quarter = chosen_quarter(version, None, timezone.localdate())
        form = ProgressReportForm(initial={"quarter": quarter}, year=year)
    reports = progress_reports_visible_to(request.user).filter(version=version)
    return render(
        request,
        "agenda/progress_reports.html",
        {
            "version": version,
            "reports": reports.select_related("edition", "pdf"),
            "form": form,
            "error_list": error_summary(form) if form is not None else [],
        },
    )


def progress_report(request, pk):
    """One report: its PDF being made (the status area checks again by itself), ready to
    download, or failed; for coordinators "Make final" and "Make again", whose POST takes
    this report's version and quarter again with today's figures."""
    report = _readable_report(request.user, pk)
    can_make = can_make_progress_report(request.user, report.version)
    if request.method == "POST":
        if not can_make:
            raise PermissionDenied(_("Only coordinators make a progress report."))
        try:
            report = progress_report_request(
                version=report.version, quarter=report.quarter, user=request.user
            )
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The progress report is being made. This page shows when."))
        return redirect(report)
    return render(
        request,
        "agenda/progress_report.html",
        {
            "report": report,
            "version": report.version,
            "job": report,
            "can_make": can_make and not report.is_final,
            "can_retry_pdf": can_retry_pdf(request.user),
            "download_url": reverse("agenda:progress_report_pdf", args=[report.pk]),
            "retry_url": reverse("agenda:progress_report_pdf", args=[report.pk]),
        },
    )


def progress_report_pdf(request, pk):
    """The report's PDF: served when made, else back to its page with a message; a
    coordinator's POST makes a failed or stuck one again."""
    report = _readable_report(request.user, pk)
    if request.method == "POST":
        if not can_retry_pdf(request.user):
            raise PermissionDenied
        try:
            pdf_retry(job=report, user=request.user)
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.info(request, _("The PDF is being made again."))
        return redirect(report)
    if (document := stored_pdf_or_request(report)) is None:
        messages.info(request, _("The PDF is not ready yet."))
        return redirect(report)
    return serve_pdf(request, document, report.filename)


def progress_report_final(request, pk):
    """Making a report final cannot be undone: a page asks first, its POST does it."""
    report = _readable_report(request.user, pk)
    if not can_make_progress_report(request.user, report.version):
        raise PermissionDenied(_("Only coordinators make a progress report final."))
    if request.method == "POST":
        try:
            progress_report_finalise(
                report=report, user=request.user, read=request.POST.get("gelezen", "")
            )
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The progress report is final. Its final PDF is being made.")
            )
        return redirect(report)
    return render(
        request,
        "agenda/progress_report_final.html",
        {"report": report, "version": report.version},
    )
