"""The one place that answers "may this user do X to this team?".

Team rights are django-guardian object permissions held by the team's role groups
(membership = group membership). Coordinating is a model-wide permission held by the
coordinators' group. A model-wide grant of a team permission opens nothing: only
object permissions count. Outsiders get 404 so that they learn nothing; members
without the right get 403.

Rules about the agenda's own objects (comments, review steps, agenda versions,
partners' responses and decisions) are in ``agenda/permissions.py``, built on these.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from teams.models import Membership, Team


class TeamPerm(StrEnum):
    READ = "read_team"
    COMMENT = "comment_team"
    WRITE = "write_team"


ROLE_PERMISSIONS: dict[str, tuple[TeamPerm, ...]] = {
    Membership.Role.WRITER: (TeamPerm.READ, TeamPerm.COMMENT, TeamPerm.WRITE),
    Membership.Role.MEMBER: (TeamPerm.READ, TeamPerm.COMMENT),
    Membership.Role.READ_ALONG: (TeamPerm.READ, TeamPerm.COMMENT),
}

# What a coordinator may do on every team without being a member.
COORDINATOR_PERMISSIONS = (TeamPerm.READ, TeamPerm.COMMENT)


@dataclass(frozen=True)
class Roles:
    """What a person is in the network: a coordinator (``teams.coordinate``, through a
    group or their own, or a superuser) and a member of at least one team (writer,
    member or read-along)."""

    coordinator: bool = False
    member: bool = False


# ``request.user`` lives as long as its request: what the rules read about the person
# (roles, team rights, represented partners) is kept on it, so that every rule of one
# request reads each from one query. Kept with setattr, which reaches the user through
# the lazy ``request.user``; the services that change a person's rights forget it.
_READ = "_rights_read"


def remembered(user, key: str, read):
    """``read()`` once per user object: the answer is kept on ``user`` under ``key``."""
    kept = getattr(user, _READ, None)
    if kept is None:
        kept = {}
        setattr(user, _READ, kept)
    if key not in kept:
        kept[key] = read()
    return kept[key]


def forget_rights(user) -> None:
    """Read everything ``remembered`` again on the next question: for the services that
    grant or revoke a right, and for a user object that outlives a request."""
    if getattr(user, _READ, None) is not None:
        setattr(user, _READ, None)


@cache
def _roles_sql() -> str:
    """The query of ``roles``: the rule of ``coordinators`` (superuser, or the permission
    ``teams.coordinate`` of one's own or through a group) and "in some team", for one
    user. Written as SQL because it runs on every request: the ORM takes 1.6 ms to build
    it, the database 0.02 ms to answer (``tests/test_rules.py`` checks both agree). Only
    names from the models' metadata go into it, quoted; the user's id is a parameter."""
    name = connection.ops.quote_name
    user = get_user_model()._meta
    own = user.get_field("user_permissions").remote_field.through._meta
    in_group = user.get_field("groups").remote_field.through._meta
    group_perms = Group._meta.get_field("permissions").remote_field.through._meta
    permission, content_type = Permission._meta, ContentType._meta
    member = Membership._meta

    def column(meta, field: str) -> str:
        return name(meta.get_field(field).column)

    coordinate = (
        f"p.{column(permission, 'codename')} = 'coordinate' "
        f"AND ct.{column(content_type, 'app_label')} = 'teams'"
    )
    permission_join = (
        f"JOIN {name(permission.db_table)} p ON p.{name(permission.pk.column)} = {{perm}} "
        f"JOIN {name(content_type.db_table)} ct "
        f"ON ct.{name(content_type.pk.column)} = p.{column(permission, 'content_type')}"
    )
    user_id = f"u.{name(user.pk.column)}"
    return (
        f"SELECT u.{column(user, 'is_superuser')}, "
        f"EXISTS (SELECT 1 FROM {name(own.db_table)} o "
        + permission_join.format(perm=f"o.{column(own, 'permission')}")
        + f" WHERE o.{column(own, 'user')} = {user_id} AND {coordinate}), "
        f"EXISTS (SELECT 1 FROM {name(in_group.db_table)} ug "
        f"JOIN {name(group_perms.db_table)} gp ON gp.{column(group_perms, 'group')} "
        f"= ug.{column(in_group, 'group')} "
        + permission_join.format(perm=f"gp.{column(group_perms, 'permission')}")
        + f" WHERE ug.{column(in_group, 'user')} = {user_id} AND {coordinate}), "
        f"EXISTS (SELECT 1 FROM {name(member.db_table)} m "
        f"WHERE m.{column(member, 'user')} = {user_id}) "
        f"FROM {name(user.db_table)} u WHERE {user_id} = %s"
    )


def _read_roles(user) -> Roles:
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), [user.pk])
        row = cursor.fetchone()
    if row is None:  # the account was deleted meanwhile
        return Roles()
    superuser, own, by_group, member = row
    return Roles(coordinator=bool(superuser or own or by_group), member=bool(member))


def roles(user) -> Roles:
    """The user's ``Roles``: one query on the first question of a request, none after."""
    if not (user.is_authenticated and user.is_active):
        return Roles()
    return remembered(user, "roles", lambda: _read_roles(user))


def is_coordinator(user) -> bool:
    return roles(user).coordinator


def coordinators():
    """The active coordinators as a queryset: whoever holds ``teams.coordinate`` (through
    a group or directly) and superusers, the same people ``is_coordinator`` admits."""
    holds = Q(
        groups__permissions__codename="coordinate",
        groups__permissions__content_type__app_label="teams",
    ) | Q(
        user_permissions__codename="coordinate",
        user_permissions__content_type__app_label="teams",
    )
    return get_user_model().objects.filter(holds | Q(is_superuser=True), is_active=True).distinct()


def coordinator_ids() -> set[int]:
    """Ids of the active coordinators, in one query (for lists that name many people)."""
    return set(coordinators().values_list("pk", flat=True))


def _right(perm: TeamPerm) -> Q:
    return Q(
        permission__codename=perm,
        permission__content_type__app_label="teams",
        content_type=ContentType.objects.get_for_model(Team),
    )


def holders(perm: TeamPerm, teams):
    """The active people who hold ``perm`` on one of ``teams`` (teams, or their ids) as
    an object permission, of their own or through a group: the queryset twin of
    ``team_perms`` without the coordinators' rights (coordinators and superusers are
    not team members). One query."""
    pks = [str(getattr(team, "pk", team)) for team in teams]
    own = get_user_obj_perms_model().objects.filter(_right(perm), object_pk__in=pks)
    by_group = get_group_obj_perms_model().objects.filter(_right(perm), object_pk__in=pks)
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=own.values("user_id")) | Q(groups__in=by_group.values("group_id")),
            is_active=True,
        )
        .distinct()
    )


def readers(team):
    """Who may read ``team``'s drafts (``team_perms`` with the read right): the holders
    of its read right and the coordinators, active, as one query. A comment on the
    team's chapter mentions only them."""
    return get_user_model().objects.filter(
        Q(pk__in=holders(TeamPerm.READ, [team]).values("pk"))
        | Q(pk__in=coordinators().values("pk")),
        is_active=True,
    )


def teams_held(user, perm: TeamPerm):
    """The teams on which ``user`` holds ``perm`` as an object permission, as a queryset
    read from the database when it is evaluated (never from what a request remembered):
    for a check that must see a right taken away a moment ago, such as a co-editing
    socket's. An inactive user holds nothing."""
    if not (user.is_authenticated and user.is_active):
        return Team.objects.none()
    active = Q(user__is_active=True)
    own = get_user_obj_perms_model().objects.filter(_right(perm), active, user=user.pk)
    by_group = get_group_obj_perms_model().objects.filter(
        _right(perm), group__user=user.pk, group__user__is_active=True
    )
    as_pk = Cast("object_pk", BigIntegerField())
    return Team.objects.filter(
        Q(pk__in=own.annotate(team=as_pk).values("team"))
        | Q(pk__in=by_group.annotate(team=as_pk).values("team"))
    )


@cache
def _grants_sql() -> str:
    """The query of ``_team_grants``: guardian's object permissions on teams, through the
    user's groups and of their own. Written as SQL for the reason ``_roles_sql`` is (the
    ORM took 1.4 ms to build it); ``tests/test_rules.py`` checks it agrees with
    guardian's own checker. Names come from the models' metadata, quoted; the user and
    the content type are parameters."""
    name = connection.ops.quote_name
    by_group, own = get_group_obj_perms_model()._meta, get_user_obj_perms_model()._meta
    in_group = get_user_model()._meta.get_field("groups").remote_field.through._meta
    permission = Permission._meta

    def column(meta, field: str) -> str:
        return name(meta.get_field(field).column)

    def granted(meta, alias: str, holder: str) -> str:
        return (
            f"SELECT {alias}.{column(meta, 'object_pk')}, p.{column(permission, 'codename')} "
            f"FROM {name(meta.db_table)} {alias} {holder} "
            f"JOIN {name(permission.db_table)} p "
            f"ON p.{name(permission.pk.column)} = {alias}.{column(meta, 'permission')} "
            f"WHERE {alias}.{column(meta, 'content_type')} = %s AND "
        )

    return (
        granted(
            by_group,
            "g",
            f"JOIN {name(in_group.db_table)} ug "
            f"ON ug.{column(in_group, 'group')} = g.{column(by_group, 'group')}",
        )
        + f"ug.{column(in_group, 'user')} = %s UNION "
        + granted(own, "o", "")
        + f"o.{column(own, 'user')} = %s"
    )


def _team_grants(user) -> dict[int, frozenset[str]]:
    """Team id -> the team permissions ``user`` holds on it as object permissions (their
    own or through a group), for every team, in one query per request (``remembered``).
    Only object permissions count: a global grant or superuser status opens no team."""

    def read():
        team_type = ContentType.objects.get_for_model(Team).pk  # cached by Django
        with connection.cursor() as cursor:
            cursor.execute(_grants_sql(), [team_type, user.pk, team_type, user.pk])
            rows = cursor.fetchall()
        grants = {}
        for team_pk, codename in rows:
            if codename in TeamPerm.__members__.values():
                grants.setdefault(int(team_pk), set()).add(codename)
        return {pk: frozenset(perms) for pk, perms in grants.items()}

    return remembered(user, "team grants", read)


def team_perms(user, team: Team) -> set[str]:
    """The team permissions the user holds on this team, coordinator rights included.

    A page that asks several questions about one team reads this once and passes it on
    (``agenda.permissions`` takes it as ``perms``).
    """
    if not (user.is_authenticated and user.is_active):
        return set()
    perms = set(_team_grants(user).get(team.pk, ()))
    if is_coordinator(user):
        perms.update(COORDINATOR_PERMISSIONS)
    return perms


def has_team_perm(user, team: Team, perm: TeamPerm) -> bool:
    return perm in team_perms(user, team)


def check_team_perm(user, team: Team, perm: TeamPerm) -> set[str]:
    """Raise Http404 for outsiders and PermissionDenied for members without the right;
    else return the user's rights on the team (``team_perms``)."""
    perms = team_perms(user, team)
    if perm in perms:
        return perms
    if TeamPerm.READ in perms:
        raise PermissionDenied
    raise Http404


def get_with_perms(user, queryset, perm: TeamPerm, *, team_path: str = "team", **lookup):
    """Fetch one object by ``lookup``, check ``perm`` on the team at ``team_path`` and
    return the object with the user's rights on that team (for a page that asks more)."""
    if team_path:
        queryset = queryset.select_related(team_path.replace(".", "__"))
    obj = get_object_or_404(queryset, **lookup)
    perms = check_team_perm(user, attrgetter(team_path)(obj) if team_path else obj, perm)
    return obj, perms


def get_for_user(user, queryset, perm: TeamPerm, *, team_path: str = "team", **lookup):
    """Fetch one object by ``lookup`` and check ``perm`` on the team at ``team_path``."""
    obj, _perms = get_with_perms(user, queryset, perm, team_path=team_path, **lookup)
    return obj


def readable_team_ids(user) -> set[int]:
    """Ids of the teams whose drafts the user may read, in one query."""
    return team_ids_with(user, TeamPerm.READ)


def team_ids_with(user, perm: TeamPerm) -> set[int]:
    """Ids of the teams on which the user holds ``perm`` (what coordinators may do on
    every team: all teams), as ``team_perms`` answers for one team."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if perm in COORDINATOR_PERMISSIONS and is_coordinator(user):
        return set(Team.objects.values_list("pk", flat=True))
    return {pk for pk, perms in _team_grants(user).items() if perm in perms}


def can_manage_memberships(user) -> bool:
    return is_coordinator(user)


def own_team_ids(user) -> set[int]:
    """Ids of the teams whose chapter is the user's own: where they write or are a team
    member (read-alongs are guests). One query."""
    if not user.is_authenticated:
        return set()
    roles = [Membership.Role.WRITER, Membership.Role.MEMBER]
    return set(
        Membership.objects.filter(user=user, role__in=roles).values_list("team_id", flat=True)
    )
