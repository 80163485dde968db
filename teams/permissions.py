"""The one place that answers "may this user do X to this team's work?".

Team rights are django-guardian object permissions held by the team's role groups
(membership = group membership). Coordinating is a model-wide permission held by the
coordinators' group. A model-wide grant of a team permission opens nothing: only
object permissions count. Outsiders get 404 so that they learn nothing; members
without the right get 403.
"""

from enum import StrEnum
from operator import attrgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from partners.models import Partner

from .models import Membership, Team


class TeamPerm(StrEnum):
    READ = "read_team"
    COMMENT = "comment_team"
    WRITE = "write_team"


ROLE_PERMISSIONS: dict[str, tuple[TeamPerm, ...]] = {
    Membership.Role.WRITER: (TeamPerm.READ, TeamPerm.COMMENT, TeamPerm.WRITE),
    Membership.Role.MEMBER: (TeamPerm.READ, TeamPerm.COMMENT),
    Membership.Role.READER: (TeamPerm.READ, TeamPerm.COMMENT),
}

# What a coordinator may do on every team without being a member.
COORDINATOR_PERMISSIONS = (TeamPerm.READ, TeamPerm.COMMENT)


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("teams.coordinate"))


def coordinator_ids() -> set[int]:
    """Ids of the active coordinators, in one query (for lists that name many people)."""
    holds = Q(groups__permissions__codename="coordinate") | Q(
        user_permissions__codename="coordinate"
    )
    users = get_user_model().objects.filter(holds | Q(is_superuser=True), is_active=True)
    return set(users.values_list("pk", flat=True))


def team_perms(user, team: Team) -> set[str]:
    """The team permissions the user holds on this team, coordinator rights included."""
    if not (user.is_authenticated and user.is_active):
        return set()
    perms = {
        perm
        for perm in ObjectPermissionChecker(user).get_perms(team)
        if perm in TeamPerm.__members__.values()
    }
    if is_coordinator(user):
        perms.update(COORDINATOR_PERMISSIONS)
    return perms


def has_team_perm(user, team: Team, perm: TeamPerm) -> bool:
    return perm in team_perms(user, team)


def check_team_perm(user, team: Team, perm: TeamPerm) -> None:
    """Raise Http404 for outsiders and PermissionDenied for members without the right."""
    perms = team_perms(user, team)
    if perm in perms:
        return
    if TeamPerm.READ in perms:
        raise PermissionDenied
    raise Http404


def get_for_user(user, queryset, perm: TeamPerm, *, team_path: str = "team", **lookup):
    """Fetch one object by ``lookup`` and check ``perm`` on the team at ``team_path``."""
    if team_path:
        queryset = queryset.select_related(team_path.replace(".", "__"))
    obj = get_object_or_404(queryset, **lookup)
    check_team_perm(user, attrgetter(team_path)(obj) if team_path else obj, perm)
    return obj


def readable_team_ids(user) -> set[int]:
    """Ids of the teams whose drafts the user may read, in one query."""
    if is_coordinator(user):
        return set(Team.objects.values_list("pk", flat=True))
    if not user.is_authenticated:
        return set()
    teams = get_objects_for_user(
        user, f"teams.{TeamPerm.READ}", klass=Team, accept_global_perms=False
    )
    return set(teams.values_list("pk", flat=True))


def can_resolve_comment(user, comment) -> bool:
    """The author, the team's writers and coordinators mark a comment as dealt with."""
    team = comment.contribution.team
    return (
        comment.author_id == user.pk
        or has_team_perm(user, team, TeamPerm.WRITE)
        or is_coordinator(user)
    )


def can_manage_memberships(user) -> bool:
    return is_coordinator(user)


def is_participant(user) -> bool:
    """Team members, read-alongs and coordinators: they read every agenda version."""
    return is_coordinator(user) or bool(
        user.is_authenticated and user.is_active and user.memberships.exists()
    )


def represented_partners(user):
    """The partners this user may act for: an object permission of their own, never a
    global grant and never superuser status (responses and decisions are the partner's)."""
    if not (user.is_authenticated and user.is_active):
        return Partner.objects.none()
    return get_objects_for_user(
        user,
        "partners.represent_partner",
        klass=Partner,
        accept_global_perms=False,
        with_superuser=False,
    )


def can_view_agenda_version(user, version) -> bool:
    """Participants see every version; partners from the definitive concept on;
    the ratified version is for every logged-in user (and anyone when public)."""
    if version.is_final and (user.is_authenticated or settings.PUBLIC_FINAL_AGENDA):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if is_participant(user):
        return True
    return version.open_to_partners and represented_partners(user).exists()


def check_agenda_version(user, version) -> None:
    if not can_view_agenda_version(user, version):
        raise Http404


def can_represent(user, partner) -> bool:
    """Partner representatives act only for the partner they hold the object right on."""
    return represented_partners(user).filter(pk=partner.pk).exists()
