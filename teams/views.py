from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infra.forms import error_summary
from teams.forms import MembershipForm, RoleForm
from teams.models import Membership, Team
from teams.permissions import TeamPerm, can_manage_memberships, get_for_user
from teams.services import MembershipError, membership_remove, membership_set

MEMBERS_PER_PAGE = 20


def team_detail(request, number):
    """A team's members (twenty to a page), its chapter and, for coordinators, the
    forms to add, change and remove members."""
    team = get_for_user(
        request.user, Team.objects.all(), TeamPerm.READ, team_path="", number=number
    )
    can_manage = can_manage_memberships(request.user)
    form = MembershipForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = MembershipForm(request.POST)
        if form.is_valid():
            try:
                membership_set(team=team, **form.cleaned_data)
            except MembershipError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(person)s is now %(role)s in this team.")
                    % {
                        "person": form.cleaned_data["user"],
                        "role": Membership.Role(form.cleaned_data["role"]).label,
                    },
                )
                return redirect("teams:detail", number=team.number)
    memberships = Paginator(
        team.memberships.select_related("user__organisation"), MEMBERS_PER_PAGE
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "memberships": memberships,
            "can_manage": can_manage,
            "form": form,
            "error_list": error_summary(form),
            "role_choices": Membership.Role.choices,
            "contribution": team.contributions.filter(edition__is_current=True).first(),
        },
    )


def _managed_membership(request, number, pk):
    if not can_manage_memberships(request.user):
        # Members can see the team page, so the team is no secret to them.
        get_for_user(request.user, Team.objects.all(), TeamPerm.READ, team_path="", number=number)
        raise PermissionDenied
    return get_object_or_404(
        Membership.objects.select_related("team", "user"), pk=pk, team__number=number
    )


@require_POST
def membership_role(request, number, pk):
    membership = _managed_membership(request, number, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        membership_set(team=membership.team, user=membership.user, role=form.cleaned_data["role"])
        messages.success(
            request, _("The role of %(person)s has been changed.") % {"person": membership.user}
        )
    else:
        messages.error(request, _("Choose one of the roles."))
    return redirect("teams:detail", number=number)


def membership_delete(request, number, pk):
    membership = _managed_membership(request, number, pk)
    if request.method == "POST":
        membership_remove(membership=membership)
        messages.success(
            request,
            _("%(person)s has been removed from the team.") % {"person": membership.user},
        )
        return redirect("teams:detail", number=number)
    return render(request, "teams/membership_confirm_delete.html", {"membership": membership})
