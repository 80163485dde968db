"""The changes between two agenda versions for the boards ("wijzigingen"): a web page
and a PDF made in the background, next to the clean agenda."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from agenda.models import AgendaVersion, Edition, RedlinePdf
from agenda.pdf.downloads import serve_pdf
from agenda.permissions import can_read_changes
from agenda.selectors.comparisons import redline as redline_parts
from agenda.services import AgendaError, pdf_retry, redline_pdf_for, stored_pdf_or_request
from teams.permissions import is_coordinator


def _pair(request, old, new):
    """The two versions, of the current edition, when the user may read the changes
    between them (``permissions.can_read_changes``), else 404."""
    versions = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .with_superseded()
        .select_related("edition", "pdf")
        .in_bulk([old, new])
    )
    if old not in versions or new not in versions or old == new:
        raise Http404
    old, new = versions[old], versions[new]
    if not can_read_changes(request.user, old, new):
        raise Http404
    return old, new


def redline(request, old, new):
    """Every changed part with its deleted and inserted words, on one page."""
    old, new = _pair(request, old, new)
    return render(
        request,
        "agenda/redline.html",
        {"old": old, "new": new, "parts": redline_parts(old, new), "job": _job(old, new)},
    )


def _job(old, new):
    """The PDF of the pair if someone asked for it already (it is not asked for here)."""
    return RedlinePdf.objects.filter(old=old, new=new).select_related("pdf").first()


def redline_pdf(request, old, new):
    """The changes as PDF: served when made, else asked for and the page says so (a
    coordinator's POST makes a failed one again)."""
    old, new = _pair(request, old, new)
    job = redline_pdf_for(old=old, new=new)
    if request.method == "POST":
        try:
            pdf_retry(job=job, user=request.user)
        except AgendaError as error:
            messages.error(request, str(error))
        return redirect("agenda:redline_pdf", old=old.pk, new=new.pk)
    if (document := stored_pdf_or_request(job)) is not None:
        return serve_pdf(request, document, job.filename)
    return render(
        request,
        "agenda/redline_pdf_pending.html",
        {"old": old, "new": new, "job": job, "is_coordinator": is_coordinator(request.user)},
    )
