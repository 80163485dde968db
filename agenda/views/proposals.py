"""Proposals on a chapter: make one (on the chapter, or on its frozen text in an agenda
version), read every open one about a text, accept one or several, reject one with a
reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agenda.forms import ProposalForm, RejectProposalForm
from agenda.governance.selectors import readable_version
from agenda.models import Contribution, Proposal, as_saved
from agenda.permissions import (
    can_accept_proposal,
    can_decide_proposal,
    can_propose,
    can_propose_on_version,
)
from agenda.selectors.proposals import chapter_proposals, shown
from agenda.services import (
    AgendaError,
    ProposalOutdated,
    proposal_add,
    proposal_reject,
    proposals_accept,
)
from agenda.services.proposals import PassageNotFound
from agenda.texts import aspects
from infra.forms import error_summary
from teams.models import Team
from teams.permissions import TeamPerm, get_with_perms, team_perms


def proposal_create(request, pk):
    """Propose a change to the chapter's newest text."""
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    if not can_propose(request.user, contribution, perms=perms):
        raise PermissionDenied(_("You may not propose changes to this team's contribution."))
    record = contribution.history.order_by("-history_date", "-history_id").first()
    return _propose(request, contribution, record, version=None)


def version_proposal_create(request, pk, number):
    """Propose a change to a chapter as an agenda version froze it (in *Feedback* or
    *Raadpleging*): for partner representatives too, who do not read the team's drafts."""
    version = readable_version(request.user, pk)
    team = get_object_or_404(Team, number=number)
    chapter = get_object_or_404(
        version.chapters.select_related("record"), team=team, record__isnull=False
    )
    if not can_propose_on_version(request.user, version):
        raise PermissionDenied(
            _("Changes are proposed while a version is open for feedback or consultation.")
        )
    contribution = get_object_or_404(
        Contribution.objects.select_related("edition", "team"),
        edition_id=version.edition_id,
        team=team,
    )
    return _propose(request, contribution, chapter.record, version=version)


def _propose(request, contribution, record, *, version):
    """The proposal page: the text proposed on, each part selectable, and the form; a
    form error keeps what was typed, a passage not found is the passage field's error."""
    if request.method == "POST":
        form = ProposalForm(request.POST, contribution=contribution)
        if form.is_valid():
            try:
                proposal = proposal_add(
                    contribution=contribution,
                    user=request.user,
                    data=form.proposal_input(),
                    version=version,
                )
            except PassageNotFound as error:
                form.add_error("exact", str(error))
            except AgendaError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your proposal has been sent; the team's writers decide on it.")
                )
                if version is None:
                    return redirect(contribution.get_absolute_url() + f"#{proposal.anchor}")
                return redirect(
                    "agenda:agenda_version_read_chapter",
                    pk=version.pk,
                    number=contribution.team.number,
                )
    else:
        form = ProposalForm(
            contribution=contribution,
            initial={  # the passage selected on the chapter's page (inline-comments.js)
                "text_name": request.GET.get("onderdeel"),
                "exact": request.GET.get("passage", ""),
                "prefix": request.GET.get("voor", ""),
                "suffix": request.GET.get("na", ""),
            },
        )
    frozen = as_saved(record) if record is not None else contribution
    frozen.edition = contribution.edition
    return render(
        request,
        "agenda/proposal_form.html",
        {
            "contribution": contribution,
            "version": version,
            "sections": frozen.aspect_sections(contribution.system_provisions),
            "form": form,
            "error_list": error_summary(form),
            "action": request.path,
        },
    )


def text_proposals(request, pk, name):
    """Every open proposal about one text of the chapter, with the same choices as under
    the text on the chapter's page (which shows the first few); whoever reads the
    chapter."""
    user = request.user
    contribution, perms = get_with_perms(
        user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    texts = {text.name: text for text in aspects.texts(contribution.system_provisions)}
    if name not in texts:
        raise Http404
    found = chapter_proposals(contribution, shown_per_text=None)
    return render(
        request,
        "agenda/text_proposals.html",
        {
            "contribution": contribution,
            "text": texts[name],
            "items": [item for item in found["open_proposals"] if item.proposal.text_name == name],
            "chapter_url": contribution.get_absolute_url(),
            "can_decide": can_decide_proposal(user, contribution, perms=perms),
            "can_accept": can_accept_proposal(user, contribution, perms=perms),
        },
    )


def _writer_contribution(request, pk):
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.select_related("team"), TeamPerm.READ, pk=pk
    )
    if not can_decide_proposal(request.user, contribution, perms=perms):
        raise PermissionDenied(
            _("Only the writers of %(team)s decide on proposals.") % {"team": contribution.team}
        )
    return contribution


@require_POST
def proposals_accept_view(request, pk):
    """Accept the proposals posted (``voorstel``, one or several). One that changed
    meanwhile opens the editor with the proposal beside its text."""
    contribution = _writer_contribution(request, pk)
    ids = [
        int(value)
        for value in request.POST.getlist("voorstel")
        if value.isascii() and value.isdecimal()
    ]
    try:
        _saved, accepted, outdated = proposals_accept(
            contribution=contribution, user=request.user, ids=ids
        )
    except ProposalOutdated as error:
        if len(ids) == 1:
            messages.warning(request, str(error))
            url = reverse("agenda:contribution_edit", args=[pk])
            return redirect(f"{url}?voorstel={error.proposals[0].pk}#voorstel")
        messages.error(request, str(error))
        return redirect(contribution.get_absolute_url() + "#voorstellen")
    except AgendaError as error:
        messages.error(request, str(error))
        return redirect(contribution.get_absolute_url() + "#voorstellen")
    messages.success(
        request,
        ngettext(
            "%(count)s proposal accepted; the chapter has a new version.",
            "%(count)s proposals accepted; the chapter has a new version.",
            len(accepted),
        )
        % {"count": len(accepted)},
    )
    if outdated:
        messages.warning(
            request,
            ngettext(
                "%(count)s proposal changed meanwhile and is still open: accept it on its own "
                "to apply it in the editor.",
                "%(count)s proposals changed meanwhile and are still open: accept each on its "
                "own to apply it in the editor.",
                len(outdated),
            )
            % {"count": len(outdated)},
        )
    return redirect(contribution.get_absolute_url() + "#voorstellen")


def proposal_reject_view(request, pk, proposal_pk):
    """Reject one proposal: the proposal and a required reason."""
    contribution = _writer_contribution(request, pk)
    proposal = get_object_or_404(
        Proposal.objects.for_reading(), pk=proposal_pk, contribution=contribution
    )
    form = RejectProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_reject(proposal=proposal, user=request.user, **form.cleaned_data)
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal was not accepted; the proposer is told why."))
            return redirect(contribution.get_absolute_url() + "#voorstellen")
    contribution = Contribution.objects.select_related("team", "edition").get(pk=pk)
    [item] = shown(contribution, [proposal])
    return render(
        request,
        "agenda/proposal_reject.html",
        {
            "contribution": contribution,
            "item": item,
            "form": form,
            "error_list": error_summary(form),
        },
    )


def proposal_decision(request, proposal_pk):
    """One proposal and what the writers decided, for its author (a partner does not read
    the team's chapter page) and for whoever reads the chapter; others get 404."""
    proposal = get_object_or_404(
        Proposal.objects.for_reading().select_related("contribution__team"), pk=proposal_pk
    )
    contribution = proposal.contribution
    readable = TeamPerm.READ in team_perms(request.user, contribution.team)
    if proposal.author_id != request.user.pk and not readable:
        raise Http404
    # Who does not read the team's drafts sees the proposal on the text it was made on.
    [item] = shown(contribution, [proposal], current_text=readable)
    return render(
        request,
        "agenda/proposal_decision.html",
        {"contribution": contribution, "item": item, "can_read_chapter": readable},
    )
