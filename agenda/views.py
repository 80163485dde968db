from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partners.ui import error_summary
from teams.models import Team
from teams.permissions import (
    TeamPerm,
    get_for_user,
    has_team_perm,
    is_coordinator,
    readable_team_ids,
)

from .forms import ActionFormSet, ContributionForm, contribution_content
from .models import Contribution, Edition
from .services import AgendaError, ContributionConflict, contribution_save


def current_edition() -> Edition:
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("No edition has been opened yet."))
    return edition


def home(request):
    edition = current_edition()
    contributions = list(Contribution.objects.for_edition(edition).in_agenda_order())
    readable = readable_team_ids(request.user)
    rows = [{"contribution": c, "can_read": c.team_id in readable} for c in contributions]
    groups = [
        (label, [row for row in rows if row["contribution"].team.kind == kind])
        for kind, label in (
            (Team.Kind.SOCIETAL_TASK, _("Societal tasks")),
            (Team.Kind.SYSTEM_CHALLENGE, _("System challenges")),
        )
    ]
    return render(
        request,
        "agenda/home.html",
        {
            "edition": edition,
            "groups": groups,
            "milestones": edition.milestones.all(),
            "is_coordinator": is_coordinator(request.user),
        },
    )


def contribution_detail(request, pk):
    contribution = get_for_user(
        request.user,
        Contribution.objects.select_related("edition", "updated_by"),
        TeamPerm.READ,
        pk=pk,
    )
    return render(
        request,
        "agenda/contribution_detail.html",
        {
            "contribution": contribution,
            "can_edit": has_team_perm(request.user, contribution.team, TeamPerm.WRITE)
            and contribution.state == Contribution.State.CONCEPT,
        },
    )


def contribution_edit(request, pk):
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("edition"), TeamPerm.WRITE, pk=pk
    )
    if contribution.state != Contribution.State.CONCEPT:
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:contribution", pk=contribution.pk)

    error_list = []
    if request.method == "POST":
        form = ContributionForm(request.POST)
        actions = ActionFormSet(request.POST, prefix="actions")
        if "add_action" in request.POST:
            # Without JavaScript, "add action" posts the page: show it again with a new row.
            actions = ActionFormSet(
                _formset_data_with_extra_row(request.POST, "actions"), prefix="actions"
            )
        elif not all([form.is_valid(), actions.is_valid()]):  # validate both, show all errors
            error_list = error_summary(form, actions)
        else:
            try:
                contribution_save(
                    contribution=contribution,
                    user=request.user,
                    content=contribution_content(form, actions),
                    base_revision=form.cleaned_data["base_revision"],
                    note=form.cleaned_data["note"],
                )
            except ContributionConflict as conflict:
                messages.error(request, str(conflict))
            except AgendaError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your draft has been saved."))
                return redirect("agenda:contribution", pk=contribution.pk)
    else:
        form = ContributionForm(initial=ContributionForm.initial_for(contribution))
        actions = ActionFormSet(
            initial=[row | {"ORDER": i} for i, row in enumerate(contribution.actions, 1)],
            prefix="actions",
        )
    return render(
        request,
        "agenda/contribution_edit.html",
        {"contribution": contribution, "form": form, "actions": actions, "error_list": error_list},
    )


def _formset_data_with_extra_row(data, prefix):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    data[key] = str(int(data.get(key, 0)) + 1)
    return data
