"""The agenda's PDFs as downloads: a version's, a chapter's, the ratified agenda and the
changes between two versions. Every PDF is made by the worker (``pdf.tasks``) and
served from storage; a page says so while it is being made, and a coordinator asks
again for one that failed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.governance.selectors import readable_pair, readable_version
from agenda.models import AgendaVersion, Edition
from agenda.pdf.downloads import serve_pdf
from agenda.pdf.services import chapter_pdf_for, pdf_retry, redline_pdf_for, stored_pdf_or_request
from agenda.permissions import can_retry_pdf, can_view_agenda_version, check_agenda_version
from agenda.services import AgendaError
from teams.models import Team


def agenda_pdf(request, pk):
    # Only what serving needs: whether the version is superseded is read (one query)
    # only for those who do not see superseded versions.
    version = get_object_or_404(AgendaVersion.objects.select_related("edition", "pdf"), pk=pk)
    check_agenda_version(request.user, version)
    if (document := stored_pdf_or_request(version)) is None:
        messages.info(request, _("The PDF is not ready yet."))
        return redirect("agenda:agenda_version", pk=pk)
    return serve_pdf(request, document, version.filename)


def _retry(request, job, back):
    try:
        pdf_retry(job=job, user=request.user)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("The PDF is being made again."))
    return back


@require_POST
def agenda_pdf_retry(request, pk):
    version = readable_version(request.user, pk)
    if not can_retry_pdf(request.user):
        raise PermissionDenied
    return _retry(request, version, redirect("agenda:agenda_version", pk=pk))


def _chapter_pdf(request, pk, number):
    """The chapter's PDF job, in the language asked for (``?taal=en``; else the site's)."""
    version = readable_version(request.user, pk)
    team = get_object_or_404(Team, number=number)
    get_object_or_404(version.chapters, team=team, record__isnull=False)
    language = request.GET.get("taal", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return chapter_pdf_for(version=version, team=team, language=language)


def chapter_pdf(request, pk, number):
    """One team's chapter of a version as PDF: made in the background on first request,
    then served from the stored file; while it is made (or failed) a page says so."""
    job = _chapter_pdf(request, pk, number)
    if (document := stored_pdf_or_request(job)) is not None:
        return serve_pdf(request, document, job.filename)
    query = "" if job.language == settings.LANGUAGE_CODE else f"?taal={job.language}"
    return render(
        request,
        "agenda/chapter_pdf.html",
        {
            "job": job,
            "can_retry_pdf": can_retry_pdf(request.user),
            "download_url": reverse("agenda:chapter_pdf", args=[pk, number]) + query,
            "retry_url": reverse("agenda:chapter_pdf_retry", args=[pk, number]) + query,
        },
    )


@require_POST
def chapter_pdf_retry(request, pk, number):
    job = _chapter_pdf(request, pk, number)
    if not can_retry_pdf(request.user):
        raise PermissionDenied
    back = reverse("agenda:chapter_pdf", args=[pk, number])
    if job.language != settings.LANGUAGE_CODE:
        back += f"?taal={job.language}"
    return _retry(request, job, redirect(back))


@login_not_required
def final_agenda_pdf(request):
    """The ratified agenda: for every logged-in user, and for anyone when it is public."""
    version = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .filter(state=AgendaVersion.State.RATIFIED)
        .select_related("pdf", "edition")
        .first()
    )
    if version is not None and not can_view_agenda_version(request.user, version):
        return redirect_to_login(request.get_full_path())
    if version is None:
        raise Http404(_("There is no ratified agenda yet."))
    if (document := stored_pdf_or_request(version)) is None:
        response = render(
            request, "agenda/final_pdf_pending.html", {"version": version}, status=503
        )
        response["Retry-After"] = "60"
        return response
    return serve_pdf(request, document, version.filename)


def redline_pdf(request, old, new):
    """The changes as PDF: served when made, else asked for and the page says so (a
    coordinator's POST makes a failed one again)."""
    old, new = readable_pair(request.user, old, new)
    job = redline_pdf_for(old=old, new=new)
    if request.method == "POST":
        if not can_retry_pdf(request.user):
            raise PermissionDenied
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
        {"old": old, "new": new, "job": job, "can_retry_pdf": can_retry_pdf(request.user)},
    )
