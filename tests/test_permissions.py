"""Every URL of the foundation x every role -> the status the policy promises."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from guardian.shortcuts import assign_perm

from teams.models import Membership, Team
from teams.permissions import TeamPerm, has_team_perm, readable_team_ids
from tests import factories

ANON = "anonymous"

# url name -> (method, {role: expected status})
MATRIX = {
    "home": (
        "get",
        dict.fromkeys(["writer", "member", "reader", "coordinator", "partner", "outsider"], 200),
    ),
    "contribution": (
        "get",
        {
            "writer": 200,
            "member": 200,
            "reader": 200,
            "coordinator": 200,
            "partner": 404,
            "outsider": 404,
        },
    ),
    "contribution_edit": (
        "get",
        {
            "writer": 200,
            "member": 403,
            "reader": 403,
            "coordinator": 403,
            "partner": 404,
            "outsider": 404,
        },
    ),
    "contribution_edit_post": (
        "post",
        {
            "writer": 200,
            "member": 403,
            "reader": 403,
            "coordinator": 403,
            "partner": 404,
            "outsider": 404,
        },
    ),
    "team": (
        "get",
        {
            "writer": 200,
            "member": 200,
            "reader": 200,
            "coordinator": 200,
            "partner": 404,
            "outsider": 404,
        },
    ),
    "team_add_member": (
        "post",
        {
            "writer": 403,
            "member": 403,
            "reader": 403,
            "coordinator": 200,
            "partner": 404,
            "outsider": 404,
        },
    ),
    "membership_delete": (
        "get",
        {
            "writer": 403,
            "member": 403,
            "reader": 403,
            "coordinator": 200,
            "partner": 404,
            "outsider": 404,
        },
    ),
}


def _url(name, contribution, cast):
    membership = Membership.objects.get(user=cast["member"])
    return {
        "home": reverse("home"),
        "contribution": reverse("agenda:contribution", args=[contribution.pk]),
        "contribution_edit": reverse("agenda:contribution_edit", args=[contribution.pk]),
        "contribution_edit_post": reverse("agenda:contribution_edit", args=[contribution.pk]),
        "team": reverse("teams:detail", args=[1]),
        "team_add_member": reverse("teams:detail", args=[1]),
        "membership_delete": reverse("teams:membership_delete", args=[1, membership.pk]),
    }[name]


CASES = [(name, role, status) for name, (_m, row) in MATRIX.items() for role, status in row.items()]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_permission_matrix(client, cast, contribution, name, role, expected):
    client.force_login(cast[role])
    method, _row = MATRIX[name]
    # An invalid (empty) POST: a permitted user sees the form again (200), nothing is saved.
    response = getattr(client, method)(_url(name, contribution, cast), data={})
    assert response.status_code == expected
    contribution.refresh_from_db()
    assert contribution.revision == 0


@pytest.mark.parametrize("name", list(MATRIX))
def test_anonymous_is_sent_to_login(client, cast, contribution, name):
    response = client.get(_url(name, contribution, cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_global_team_permission_opens_no_chapter(client, contribution):
    """A model-wide grant of write_team is not what opens a team's chapter."""
    user = factories.outsider()
    user.user_permissions.add(Permission.objects.get(codename=TeamPerm.WRITE))
    user.user_permissions.add(Permission.objects.get(codename=TeamPerm.READ))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert user.has_perm(f"teams.{TeamPerm.WRITE}")
    assert not has_team_perm(user, contribution.team, TeamPerm.WRITE)
    assert readable_team_ids(user) == set()
    client.force_login(user)
    assert (
        client.get(reverse("agenda:contribution_edit", args=[contribution.pk])).status_code == 404
    )


def test_object_permission_on_one_team_does_not_open_another(db):
    user = factories.writer()
    assert has_team_perm(user, Team.objects.get(number=1), TeamPerm.WRITE)
    assert not has_team_perm(user, Team.objects.get(number=2), TeamPerm.READ)


def test_membership_is_group_membership(db):
    user = factories.member()
    team = Team.objects.get(number=1)
    assert not has_team_perm(user, team, TeamPerm.WRITE)
    assert user.groups.filter(team_group__team=team, team_group__role="member").exists()

    from teams.services import membership_remove, membership_set

    membership_set(team=team, user=user, role=Membership.Role.WRITER)
    user = type(user).objects.get(pk=user.pk)
    assert has_team_perm(user, team, TeamPerm.WRITE)
    membership_remove(membership=Membership.objects.get(user=user, team=team))
    user = type(user).objects.get(pk=user.pk)
    assert team_perms_empty(user, team)


def team_perms_empty(user, team):
    return not any(has_team_perm(user, team, perm) for perm in TeamPerm)


def test_direct_object_grant_to_a_user_counts(db):
    """Guardian user grants work too (used for one-off read-alongs by an administrator)."""
    user = factories.outsider()
    team = Team.objects.get(number=3)
    assign_perm(f"teams.{TeamPerm.READ}", user, team)
    assert has_team_perm(user, team, TeamPerm.READ)
    assert readable_team_ids(user) == {team.pk}
