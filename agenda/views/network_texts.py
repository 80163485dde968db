"""The motto and the manifesto: read, edit (team 7's writers) and review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.ui import error_summary
from teams.permissions import TeamPerm, has_team_perm, is_participant

from ..forms import NetworkTextForm, TransitionForm
from ..models import NetworkText
from ..services import AgendaError, ContributionConflict, network_text_save, review_transition
from ..workflow import Action, available_actions, refusal
from .contributions import current_edition


def _text(request, kind) -> NetworkText:
    if not is_participant(request.user):
        raise Http404
    return get_object_or_404(
        NetworkText.objects.select_related("updated_by"), edition=current_edition(), kind=kind
    )


def network_text_detail(request, kind):
    text = _text(request, kind)
    return render(
        request,
        "agenda/network_text_detail.html",
        {
            "text": text,
            "can_edit": has_team_perm(request.user, text.team, TeamPerm.WRITE)
            and text.state == NetworkText.State.CONCEPT,
            "transition_forms": [
                TransitionForm(action=action, refusal=refusal(request.user, text, action))
                for action in available_actions(request.user, text)
            ],
            "history": text.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def network_text_edit(request, kind):
    text = _text(request, kind)
    if not has_team_perm(request.user, text.team, TeamPerm.WRITE):
        raise PermissionDenied(
            _("Only the writers of %(team)s edit this text.") % {"team": text.team.name}
        )
    if text.state != NetworkText.State.CONCEPT:
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:network_text", kind=kind)
    current = None
    form = NetworkTextForm(
        request.POST or None, initial={"base_revision": text.revision, "body": text.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            network_text_save(text=text, user=request.user, **form.cleaned_data)
        except ContributionConflict as conflict:
            # Keep what was typed; show the other text and save on top of it when ready.
            current = conflict.current
            data = request.POST.copy()
            data["base_revision"] = str(current.revision)
            form = NetworkTextForm(data)
            messages.warning(request, str(conflict))
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your draft has been saved."))
            if warning := form.flattening_warning():
                messages.warning(request, warning)
            return redirect("agenda:network_text", kind=kind)
    return render(
        request,
        "agenda/network_text_edit.html",
        {
            "text": text,
            "form": form,
            "current": current,
            "error_list": error_summary(form) if request.method == "POST" else [],
        },
    )


@require_POST
def network_text_transition(request, kind, action):
    text = _text(request, kind)
    if action not in Action.values:
        raise Http404
    form = TransitionForm(request.POST, action=action)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("agenda:network_text", kind=kind)
    try:
        review_transition(
            obj=text, user=request.user, action=action, reason=form.cleaned_data["reason"]
        )
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": form.label})
    return redirect("agenda:network_text", kind=kind)
