"""Writes for teams: memberships and the groups that carry their permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from teams.models import Membership, Team, TeamGroup
from teams.permissions import ROLE_PERMISSIONS, forget_rights

COORDINATORS_GROUP = "coordinators"


class MembershipError(Exception):
    """A membership change the rules refuse; the message is safe to show."""


def team_groups(team: Team) -> dict[str, Group]:
    """The team's role groups, created with their object permissions on first use."""
    existing = {tg.role: tg.group for tg in team.groups.select_related("group")}
    for role, perms in ROLE_PERMISSIONS.items():
        if role in existing:
            continue
        group, _created = Group.objects.get_or_create(name=f"team-{team.number:02d}-{role}")
        for perm in perms:
            assign_perm(f"teams.{perm}", group, team)
        TeamGroup.objects.create(team=team, role=role, group=group)
        existing[role] = group
    return existing


def sync_team_groups(team: Team) -> None:
    """Make the team's group membership match its Membership rows."""
    groups = team_groups(team)
    roles_by_user = dict(team.memberships.values_list("user_id", "role"))
    for role, group in groups.items():
        wanted = {user_id for user_id, r in roles_by_user.items() if r == role}
        current = set(group.user_set.values_list("pk", flat=True))
        group.user_set.remove(*(current - wanted))
        group.user_set.add(*(wanted - current))


def sync_user_team_groups(user) -> None:
    """Put ``user`` in exactly the team groups their memberships give.

    Memberships are the only way into a team: the user admin cannot add or keep a team
    group by hand.
    """
    wanted = set(
        TeamGroup.objects.filter(
            team__memberships__user=user, team__memberships__role=F("role")
        ).values_list("group_id", flat=True)
    )
    current = set(user.groups.filter(team_group__isnull=False).values_list("pk", flat=True))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))


@transaction.atomic
def membership_set(*, team: Team, user, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``team`` (adding or changing the membership)."""
    if role not in Membership.Role.values:
        raise MembershipError(_("Unknown role."))
    membership, _created = Membership.objects.update_or_create(
        team=team, user=user, defaults={"role": role}
    )
    sync_team_groups(team)
    forget_rights(user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a person from a team; their team rights go with the group membership."""
    team = membership.team
    membership.delete()
    sync_team_groups(team)
    forget_rights(membership.user)


def coordinators_group() -> Group:
    """The group holding the model-wide coordinate permission."""
    group, created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="teams", codename="coordinate")
        )
    return group


def coordinator_add(*, user) -> None:
    """Give ``user`` the coordinator's rights (membership of the coordinators' group)."""
    user.groups.add(coordinators_group())
    forget_rights(user)


@transaction.atomic
def representative_set(*, user, partner) -> None:
    """Make ``user`` the representative of ``partner`` (object permission on the partner).

    A representative acts for one partner: the right on a previous partner goes.
    """
    if user.partner_id and user.partner_id != partner.pk:
        remove_perm("partners.represent_partner", user, user.partner)
    user.partner = partner
    user.save(update_fields=["partner"])
    assign_perm("partners.represent_partner", user, partner)
    forget_rights(user)
