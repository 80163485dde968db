"""Pages around the agenda: the welcome page for visitors who are not logged in, the
timeline, the programme teams, the documents and videos, and search. What a visitor sees
depends on who they are: documents by their audience, teams' people only after login,
search only over what the user may read."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from agenda.models import AgendaVersion, Contribution, Edition
from agenda.pdf.html import consented_name
from agenda.permissions import can_view_agenda_version
from agenda.review.selectors import task_status, with_task_status
from agenda.search import search
from agenda.selectors.timeline import timeline as timeline_phases
from agenda.views.home import home as signed_in_home
from infra.forms import error_summary
from infra.models import SitePage
from infra.revisions import RevisionConflict
from portal.forms import DocumentForm, SitePageForm
from portal.models import Document
from portal.permissions import can_edit_site_page, can_manage_documents, documents_visible_to
from portal.search import document_hits
from portal.services import document_add, document_remove, site_page_save
from teams.models import KIND_GROUPS, Team
from teams.selectors import organisations_by_team, participant_counts

ABOUT = "over-de-netwerkagenda"  # the site page that explains the agenda
PARTICIPANTS_PER_PAGE = 20


@login_not_required
def home(request):
    """Logged in: the task list (``agenda.views.home``). Otherwise a welcome: what the
    Netwerkagenda is, links to the timeline and the teams, the ratified agenda when it
    is public, and the way to log in."""
    if request.user.is_authenticated:
        return signed_in_home(request)
    edition = Edition.objects.current_or_404()
    ratified = None
    if settings.PUBLIC_FINAL_AGENDA:
        ratified = (
            AgendaVersion.objects.for_edition(edition)
            .filter(state=AgendaVersion.State.RATIFIED)
            .select_related("pdf")
            .first()
        )
    return render(
        request,
        "portal/welcome.html",
        {
            "edition": edition,
            "about": SitePage.objects.filter(slug=ABOUT).first(),
            "ratified": ratified,
        },
    )


def _edition(request):
    """The edition a page shows: the current one, or an earlier one from the archive
    (``?editie=<slug>``)."""
    if slug := request.GET.get("editie"):
        return get_object_or_404(Edition, slug=slug)
    return Edition.objects.current_or_404()


@login_not_required
def timeline(request):
    """The edition's milestones as a timeline: the current phase marked "u bent hier",
    each phase with its date and who acts by then."""
    edition = _edition(request)
    return render(
        request, "portal/timeline.html", {"edition": edition, "phases": timeline_phases(edition)}
    )


@login_not_required
def team_index(request):
    """The twelve programme teams by kind, each with its organisations; logged-in users
    also see where the chapter stands, how many participants each team has per role
    and a link to the team's participants. Three queries (two for visitors), however
    many members."""
    edition = Edition.objects.current_or_404()
    signed_in = request.user.is_authenticated
    chapters = with_task_status(
        Contribution.objects.for_edition(edition).in_agenda_order().without_text()
    )
    organisations = organisations_by_team()
    counts = participant_counts() if signed_in else {}
    teams = [
        {
            "team": chapter.team,
            "status": task_status(chapter) if signed_in else None,
            "organisations": organisations.get(chapter.team_id, []),
            "participant_counts": counts.get(chapter.team_id, []),
        }
        for chapter in chapters
    ]
    groups = [(label, [t for t in teams if t["team"].kind == kind]) for kind, label in KIND_GROUPS]
    return render(
        request,
        "portal/team_index.html",
        {"edition": edition, "groups": groups, "signed_in": signed_in},
    )


def team_participants(request, number):
    """One team's participants, twenty to a page, as the teams overview used to list
    them: named only with their consent, otherwise by organisation and role. For
    everyone who is logged in, as the overview's counts are."""
    team = get_object_or_404(Team, number=number)
    participants = Paginator(
        team.memberships.select_related("user__organisation").order_by(
            "role", "user__last_name", "user__first_name", "pk"
        ),
        PARTICIPANTS_PER_PAGE,
    ).get_page(request.GET.get("pagina"))
    people = [
        {
            "name": consented_name(m.user),
            "organisation": m.user.organisation,
            "role": m.get_role_display(),
        }
        for m in participants
    ]
    return render(
        request,
        "portal/team_participants.html",
        {"team": team, "participants": participants, "people": people},
    )


def search_page(request):
    """One search box over what the user may read (``agenda.search``) and the documents
    they may see (``portal.search``); the results say what kind of text each is and show
    the words found."""
    edition = Edition.objects.current_or_404()
    text = request.GET.get("q", "").strip()
    hits = [*search(request.user, text, edition), *document_hits(request.user, text, edition)]
    return render(
        request,
        "portal/search.html",
        {"text": text, "hits": hits, "too_short": 0 < len(text) < 2},
    )


@login_not_required
def document_list(request):
    """The edition's documents and videos that the visitor may see, newest first; a
    coordinator adds and removes them here."""
    edition = _edition(request)
    documents = list(
        documents_visible_to(request.user, Document.objects.filter(edition=edition)).select_related(
            "team", "milestone"
        )
    )
    return render(
        request,
        "portal/document_list.html",
        {
            "edition": edition,
            "files": [d for d in documents if d.kind == Document.Kind.FILE],
            "videos": [d for d in documents if d.kind != Document.Kind.FILE],
            "can_manage": can_manage_documents(request.user),
        },
    )


def _visible_document(request, pk) -> Document | None:
    """A document the visitor may see; 404 for any other, so that nobody learns of it.
    None for a visitor who is not logged in and may not see it (whether it exists or
    not: the answer is the same): they are asked to log in first."""
    document = documents_visible_to(request.user).filter(pk=pk).first()
    if document is None and request.user.is_authenticated:
        raise Http404
    return document


@login_not_required
def document_file(request, pk):
    """The stored file, always as a download, with the type read from its bytes (the
    response says nosniff), never as a page of this site."""
    document = _visible_document(request, pk)
    if document is None:
        return redirect_to_login(request.get_full_path())
    if not document.file:
        raise Http404
    return _download(request, document)


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
RANGE_CHUNK = 8 * 1024 * 1024  # what an open-ended range gets at most: a player asks on


def _download(request, document):
    """The file as an attachment; a Range request (a video being played or sought, which
    Safari needs) gets the part asked for as 206, or 416 when it lies outside the file."""
    size = document.size or document.file.size
    match = RANGE.match(request.headers.get("Range", ""))
    if match is None or not any(match.groups()) or not size:
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type=document.content_type,
        )
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else min(size - 1, start + RANGE_CHUNK - 1)
    else:  # the last ``last`` bytes
        start, end = max(0, size - int(last)), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with document.file.open("rb") as stored:
        stored.seek(start)
        part = stored.read(end - start + 1)
    response = HttpResponse(part, status=206, content_type=document.content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["Accept-Ranges"] = "bytes"
    return response


@login_not_required
def document_captions(request, pk):
    """An uploaded video's WebVTT captions, for its ``<track>``."""
    document = _visible_document(request, pk)
    if document is None:
        return redirect_to_login(request.get_full_path())
    if not document.captions:
        raise Http404
    return FileResponse(
        document.captions.open("rb"),
        as_attachment=True,
        filename=f"{document.pk}.vtt",
        content_type="text/vtt",
    )


def document_create(request):
    if not can_manage_documents(request.user):
        raise PermissionDenied(_("Only coordinators add documents and videos."))
    edition = Edition.objects.current_or_404()
    form = DocumentForm(request.POST or None, request.FILES or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        document = document_add(form=form, user=request.user, edition=edition)
        messages.success(request, _("“%(title)s” has been added.") % {"title": document.title})
        return redirect("portal:documents")
    return render(
        request,
        "portal/document_form.html",
        {"form": form, "error_list": error_summary(form), "edition": edition},
    )


def document_delete(request, pk):
    if not can_manage_documents(request.user):
        raise PermissionDenied(_("Only coordinators remove documents and videos."))
    document = get_object_or_404(Document, pk=pk)
    if request.method == "POST":
        document_remove(document=document, user=request.user)
        messages.success(request, _("“%(title)s” has been removed.") % {"title": document.title})
        return redirect("portal:documents")
    return render(request, "portal/document_confirm_delete.html", {"document": document})


@login_not_required
def edition_archive(request):
    """Earlier editions ("Eerdere edities"): each with its ratified agenda, its timeline
    and its documents, readable as they were."""
    editions = list(Edition.objects.filter(is_current=False).order_by("-start_year"))
    ratified = {
        version.edition_id: version
        for version in AgendaVersion.objects.filter(
            edition__in=editions, state=AgendaVersion.State.RATIFIED
        ).select_related("pdf", "edition")
    }
    return render(
        request,
        "portal/edition_archive.html",
        {
            "editions": [
                {
                    "edition": edition,
                    "ratified": ratified.get(edition.pk),
                    "can_download": can_view_agenda_version(request.user, ratified[edition.pk])
                    if edition.pk in ratified
                    else False,
                }
                for edition in editions
            ]
        },
    )


@login_not_required
def about(request):
    """*Over de Netwerkagenda*: the about text, for everyone; coordinators also see who
    changed it when, and a link to edit it."""
    page = get_object_or_404(SitePage, slug=ABOUT)
    can_edit = can_edit_site_page(request.user)
    history = (
        page.history.select_related("history_user").order_by("-history_date")[:10]
        if can_edit
        else []
    )
    return render(
        request, "portal/about.html", {"page": page, "can_edit": can_edit, "history": history}
    )


def about_edit(request):
    """Coordinators edit the about text in the rich-text editor. A save by someone else
    in the meantime shows their text next to what was typed, which is kept."""
    if not can_edit_site_page(request.user):
        raise PermissionDenied(_("Only coordinators edit this text."))
    page = get_object_or_404(SitePage, slug=ABOUT, rich=True)
    current = None
    form = SitePageForm(
        request.POST or None, initial={"base_revision": page.revision, "body": page.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            site_page_save(page=page, user=request.user, **form.cleaned_data)
        except RevisionConflict as conflict:
            current = conflict.current
            form = form.rebased(current.revision)
            form.is_valid()
            messages.warning(request, str(conflict))
        else:
            messages.success(request, _("The text has been saved."))
            return redirect("portal:about")
    return render(
        request,
        "portal/about_edit.html",
        {
            "page": page,
            "form": form,
            "current": current,
            "error_list": error_summary(form) if request.method == "POST" else [],
        },
    )
