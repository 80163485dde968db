"""The motto and the manifesto: read, edit (team 7's writers) and review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.forms import NetworkTextForm
from agenda.models import Edition, NetworkText
from agenda.permissions import can_edit, is_participant, is_writer
from agenda.review.machine import ReviewStep
from agenda.review.pages import post_review_step, step_forms_for
from agenda.services import AgendaError, network_text_save
from infra.forms import error_summary
from infra.revisions import RevisionConflict
from teams.permissions import team_perms


def _text(request, kind) -> NetworkText:
    if not is_participant(request.user):
        raise Http404
    return get_object_or_404(
        NetworkText.objects.select_related("updated_by"),
        edition=Edition.objects.current_or_404(),
        kind=kind,
    )


def network_text_detail(request, kind, *, step_form=None):
    """The text, its next review steps and its history.

    Re-rendered with a bound ``step_form`` when a step was posted with an invalid
    reason, so that nothing typed is lost.
    """
    text = _text(request, kind)
    user = request.user
    perms = team_perms(user, text.team)
    return render(
        request,
        "agenda/network_text_detail.html",
        {
            "text": text,
            "can_edit": can_edit(user, text, perms=perms),
            "step_forms": step_forms_for(user, text, perms=perms, bound=step_form),
            "history": text.history.select_related("history_user").order_by("-history_date")[:20],
            "error_list": error_summary(step_form) if step_form is not None else [],
        },
    )


def network_text_edit(request, kind):
    text = _text(request, kind)
    perms = team_perms(request.user, text.team)
    if not is_writer(request.user, text, perms=perms):
        raise PermissionDenied(
            _("Only the writers of %(team)s edit this text.") % {"team": text.team.name}
        )
    if not can_edit(request.user, text, perms=perms):
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:network_text", kind=kind)
    current = None
    form = NetworkTextForm(
        request.POST or None, initial={"base_revision": text.revision, "body": text.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            network_text_save(text=text, user=request.user, **form.cleaned_data)
        except RevisionConflict as conflict:
            # Keep what was typed; show the other text and save on top of it when ready.
            current = conflict.current
            form = form.rebased(current.revision)
            messages.warning(request, str(conflict))
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            form.report_saved(request)
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
def network_text_review_step(request, kind, step):
    """One review step, with the same behaviour as a contribution's
    (``review.pages.post_review_step``)."""
    text = _text(request, kind)
    return post_review_step(
        request,
        text,
        step,
        page=lambda form: network_text_detail(request, kind, step_form=form),
        done={
            **{step: _("Done: %(step)s.") % {"step": step.label} for step in ReviewStep},
            ReviewStep.APPROVE: _("%(text)s has been approved.")
            % {"text": text.get_kind_display()},
            ReviewStep.RETURN: _("%(text)s has been returned to %(team)s with your reason.")
            % {"text": text.get_kind_display(), "team": text.team.name},
        },
    )
