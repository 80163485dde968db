"""The tracked actions' pages: the network's figures, per team, per lead partner, per
quarter, and one action with its updates and the form to post one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.forms.tracking import ProgressUpdateForm
from agenda.permissions import can_post_update
from agenda.tracking.rules import can_import_updates
from agenda.tracking.selectors import (
    action_updates,
    chosen_quarter,
    followed_action,
    followed_version,
    network_figures,
    partner_actions,
    partner_figures,
    quarter_actions,
    team_actions,
)
from agenda.tracking.services import update_post
from infra.forms import error_summary
from partners.models import Partner
from teams.models import Team


def tracking_overview(request):
    """Twelve teams by status, and the six partners by the actions they lead, each as a
    bar chart and as a table with the same figures."""
    version = followed_version(request.user)
    return render(
        request,
        "agenda/tracking_overview.html",
        {
            "version": version,
            "partners_chart": partner_figures(version),
            "can_import": can_import_updates(request.user, version),
        }
        | network_figures(version),
    )


def tracking_team(request, number):
    version = followed_version(request.user)
    team = get_object_or_404(Team, number=number)
    return render(
        request,
        "agenda/tracking_team.html",
        {"version": version, "team": team, "actions": team_actions(version, team)},
    )


def tracking_partner(request, code):
    """*Wat doet KB?*: every action the partner leads, across the teams."""
    version = followed_version(request.user)
    partner = get_object_or_404(Partner, code=code)
    return render(
        request,
        "agenda/tracking_partner.html",
        {"version": version, "partner": partner, "actions": partner_actions(version, partner)},
    )


def tracking_quarter(request):
    """What is late (first) and what is planned in the chosen quarter."""
    version = followed_version(request.user)
    today = timezone.localdate()
    quarter = chosen_quarter(version, request.GET.get("kwartaal"), today)
    late, due = quarter_actions(version, quarter, today=today)
    return render(
        request,
        "agenda/tracking_quarter.html",
        {
            "version": version,
            "quarter": quarter,
            "quarters": range(1, 5),
            "late": late,
            "due": due,
        },
    )


def tracked_action(request, pk):
    """One action with its updates, newest first; those who may post an update
    (``can_post_update``) get the form, which a POST sends back with what was typed
    when it has errors."""
    action = followed_action(request.user, pk)
    can_post = can_post_update(request.user, action)
    form = None
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied(
                _("Only the team's writers and the lead partner's representatives post updates.")
            )
        form = ProgressUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update_post(
                    action=action,
                    user=request.user,
                    text=data["text"],
                    status=data["status"],
                    percentage=data["percentage"],
                    link=data["link"],
                    document=data["document"],
                    public=data["public"],
                )
            except AgendaError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your update has been posted."))
                return redirect(action)
    elif can_post:
        form = ProgressUpdateForm(initial={"status": action.status})
    action.late = action.is_late(timezone.localdate())
    return render(
        request,
        "agenda/tracked_action.html",
        {
            "action": action,
            "version": action.version,
            "updates": action_updates(action),
            "form": form,
            "error_list": error_summary(form) if form is not None else [],
        },
    )
