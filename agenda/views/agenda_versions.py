"""Agenda versions: the list, compiling a new one, comparing two and the changes between
them, and feedback on a chapter of a version in *Feedback*. A version's own page and its
governance are in ``views.governance``, its PDFs in ``views.pdfs``, reading one in the
browser in ``views.reading``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.forms import AgendaCompareForm, CommentForm
from agenda.governance.compiling import agenda_compile, compile_content, ready_to_compile
from agenda.governance.selectors import readable_version
from agenda.models import AgendaVersion, Contribution, Edition
from agenda.permissions import (
    agenda_versions_visible_to,
    can_compile,
    can_give_feedback,
    is_participant,
)
from agenda.selectors.comparisons import compare_chapters, compare_part
from agenda.services import AgendaError, feedback_add
from infra.forms import error_summary
from teams.models import Team

VERSIONS_PER_PAGE = 10


def agenda_version_list(request):
    """The versions the user reads, newest first, ten to a page."""
    edition = Edition.objects.current_or_404()
    versions = agenda_versions_visible_to(request.user, AgendaVersion.objects.for_edition(edition))
    page = Paginator(versions.select_related("compiled_by"), VERSIONS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "agenda/agenda_version_list.html",
        {
            "edition": edition,
            "page": page,
            "can_compile": (may_compile := can_compile(request.user)),
            "all_approved_not_compiled": may_compile and ready_to_compile(edition),
            "is_participant": is_participant(request.user),
            "ratified": versions.filter(state=AgendaVersion.State.RATIFIED).first(),
        },
    )


def agenda_compile_view(request):
    """Compile the next version, after a page that says what it will hold."""
    if not can_compile(request.user):
        raise PermissionDenied(_("Only coordinators compile the agenda."))
    edition = Edition.objects.current_or_404()
    if request.method == "POST":
        try:
            version = agenda_compile(edition=edition, user=request.user)
        except AgendaError as error:
            messages.error(request, str(error))
            return redirect("agenda:agenda_versions")
        messages.success(
            request, _("Version %(number)s has been compiled.") % {"number": version.number}
        )
        return redirect("agenda:agenda_version", pk=version.pk)
    content = compile_content(edition)
    return render(
        request,
        "agenda/agenda_compile_confirm.html",
        {
            "edition": edition,
            "content": content,
            "approved_count": len(content.teams) - len(content.placeholders),
            "team_count": len(content.teams),
            "changed_since_approval": content.changed_since_approval(),
        },
    )


def agenda_compare(request):
    """Two versions of the agenda, chosen by the user (the newest two at first): the
    list of parts (motto, manifesto, chapters) that changed, each linking to its diff.

    No text is read or compared here, so the page costs the same however many
    versions there are; the chooser reads only what it shows.
    """
    versions = (
        agenda_versions_visible_to(
            request.user, AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        )
        .select_related("edition")
        .only("number", "motto", "manifesto", "edition__name")
        .order_by("-sequence")
    )
    newest = versions[:2]
    if len(newest) < 2:
        messages.info(request, _("There is only one version so far; there is nothing to compare."))
        return redirect("agenda:agenda_versions")
    form = AgendaCompareForm(
        request.GET or {"van": newest[1].pk, "naar": newest[0].pk}, versions=versions
    )
    old, new = (
        (form.cleaned_data["van"], form.cleaned_data["naar"])
        if form.is_valid()
        else (newest[1], newest[0])
    )
    parts = compare_chapters(old, new)
    return render(
        request,
        "agenda/agenda_compare.html",
        {
            "form": form,
            "old": old,
            "new": new,
            "parts": parts,
            "changed_count": sum(part.changed for part in parts),
            "error_list": error_summary(form) if request.GET else [],
        },
    )


def agenda_compare_item(request, old, new, item):
    """One part of the agenda (``item``: ``motto``, ``manifesto`` or a chapter's number)
    compared between two versions, with links to the previous and next changed part.

    Both versions must be of the current edition and visible to the user, by the rule
    of ``check_agenda_version`` read once for the two (``visible_to``); otherwise 404,
    as for a version the user may not see anywhere. An unknown part is 404 too.
    """
    versions = (
        agenda_versions_visible_to(
            request.user, AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        )
        .only("number", "motto", "manifesto")
        .in_bulk([old, new])
    )
    if old not in versions or new not in versions:
        raise Http404
    old, new = versions[old], versions[new]
    parts = compare_chapters(old, new)
    part = next((p for p in parts if p.slug == item), None)
    if part is None:
        raise Http404
    changed = [p for p in parts if p.changed]
    index = changed.index(part) if part.changed else None
    return render(
        request,
        "agenda/agenda_compare_item.html",
        {
            "old": old,
            "new": new,
            "part": part,
            "previous": changed[index - 1] if index else None,
            "next": changed[index + 1] if index is not None and index + 1 < len(changed) else None,
            "position": index + 1 if index is not None else None,
            "changed_count": len(changed),
            **(compare_part(part) if part.comparable else {}),
        },
    )


def agenda_feedback(request, pk, number):
    """Feedback on one chapter of a version in *Feedback*: which part it is about and
    what to change. It lands as a comment on the team's chapter, marked with the
    version; a form error keeps what was typed."""
    version = readable_version(request.user, pk)
    team = get_object_or_404(Team, number=number)
    get_object_or_404(version.chapters, team=team, record__isnull=False)
    if not can_give_feedback(request.user, version):
        raise PermissionDenied(_("Feedback is given while a version is open for feedback."))
    contribution = get_object_or_404(
        Contribution.objects.for_edition(version.edition_id), team=team
    )
    form = CommentForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_add(
                version=version,
                team=team,
                user=request.user,
                aspect=form.cleaned_data["aspect"],
                body=form.cleaned_data["body"],
            )
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: your feedback has been placed with chapter %(team)s.")
                % {"team": f"{team.number}. {team.name}"},
            )
            return redirect(reverse("agenda:agenda_version", args=[pk]) + "#chapters-heading")
    return render(
        request,
        "agenda/agenda_feedback.html",
        {"version": version, "team": team, "form": form, "error_list": error_summary(form)},
    )
