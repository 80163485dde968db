"""Every URL x every role -> the status the policy promises (pretix-style matrix).

Outsiders and partners get 404 on team work (they learn nothing), members without
the right 403, anonymous visitors the login page. An empty POST is invalid, so a
permitted user sees the form again (200) and nothing is saved.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from guardian.shortcuts import assign_perm

from agenda.governance.compiling import agenda_compile
from agenda.models import Edition
from agenda.services import ContributionContent, ProposalInput, contribution_save, proposal_add
from teams.models import Membership, Team
from teams.permissions import TeamPerm, has_team_perm, readable_team_ids
from tests import factories
from tests.conftest import ROLES

ANON = "anonymous"

EVERYONE = dict.fromkeys(ROLES, 200)
TEAM = {
    "writer": 200,
    "member": 200,
    "reader": 200,
    "coordinator": 200,
    "partner": 404,
    "outsider": 404,
}
TEAM_WRITER = TEAM | {"member": 403, "reader": 403, "coordinator": 403}
TEAM_COORDINATOR = TEAM | {"writer": 403, "member": 403, "reader": 403}
COORDINATOR = dict.fromkeys(ROLES, 403) | {"coordinator": 200}
# A rough version and the network texts: participants read them, partners not yet.
PARTICIPANTS = TEAM
# The motto is team 7's text; the cast's team members belong to team 1.
NOBODY_IN_THE_CAST = TEAM | {"writer": 403, "member": 403, "reader": 403, "coordinator": 403}

# The welcome page, the timeline and the teams overview: readable without logging in.
PUBLIC = EVERYONE | {ANON: 200}

# page -> (method, url name, {role: expected status})
MATRIX = {
    "home": ("get", "home", PUBLIC),
    "timeline": ("get", "portal:timeline", PUBLIC),
    "team_index": ("get", "portal:teams", PUBLIC),
    "contribution": ("get", "agenda:contribution", TEAM),
    "contribution_edit": ("get", "agenda:contribution_edit", TEAM_WRITER),
    "contribution_edit_post": ("post", "agenda:contribution_edit", TEAM_WRITER),
    "contribution_submit": ("get", "agenda:contribution_submit", TEAM_WRITER),
    "team": ("get", "teams:detail", TEAM),
    "team_add_member": ("post", "teams:detail", TEAM_COORDINATOR),
    "membership_delete": ("get", "teams:membership_delete", TEAM_COORDINATOR),
    "comments": ("get", "agenda:comments", TEAM),
    "contribution_docx": ("get", "agenda:contribution_docx", TEAM),
    "proposal_create": ("get", "agenda:proposal_create", TEAM),
    "proposal_create_post": ("post", "agenda:proposal_create", TEAM),
    # An empty POST names no proposal: the writer is sent back with the message.
    "proposals_accept": ("post", "agenda:proposals_accept", TEAM_WRITER | {"writer": 302}),
    "proposal_reject": ("get", "agenda:proposal_reject", TEAM_WRITER),
    "proposal_decision": ("get", "agenda:proposal_decision", TEAM),
    "history": ("get", "agenda:history", TEAM),
    "history_record": ("get", "agenda:history_record", TEAM),
    "history_restore": ("get", "agenda:history_restore", TEAM_WRITER),
    "overview": ("get", "agenda:overview", COORDINATOR),
    "agenda_versions": ("get", "agenda:agenda_versions", EVERYONE),
    "agenda_version_rough": ("get", "agenda:agenda_version", PARTICIPANTS),
    "agenda_compile": ("get", "agenda:agenda_compile", COORDINATOR),
    "agenda_compare_item": ("get", "agenda:agenda_compare_item", PARTICIPANTS),
    "network_text": ("get", "agenda:network_text", PARTICIPANTS),
    "network_text_edit": ("get", "agenda:network_text_edit", NOBODY_IN_THE_CAST),
}
LOGIN = {ANON: 302}  # anonymous visitors are sent to the login page, but for PUBLIC
CASES = [
    (page, role, (LOGIN | row)[role])
    for page, (_method, _name, row) in MATRIX.items()
    for role in [*ROLES, ANON]
]


def url_args(page, cast, contribution):
    """The URL arguments of ``page``, creating the object it shows where needed."""
    if page in {"history", "history_record", "history_restore"}:
        contribution_save(
            contribution=contribution,
            user=cast["writer"],
            content=ContributionContent(context="<p>x</p>"),
            base_revision=0,
        )
        record = contribution.history.get()
        return [contribution.pk] if page == "history" else [contribution.pk, record.history_id]
    if page in {"agenda_versions", "agenda_version_rough"}:
        version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
        return [version.pk] if page == "agenda_version_rough" else []
    if page == "agenda_compare_item":
        version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
        return [version.pk, version.pk, "motto"]
    if page in {"proposal_create", "proposal_create_post", "proposals_accept"}:
        return [contribution.pk]
    if page in {"proposal_reject", "proposal_decision"}:
        contribution_save(
            contribution=contribution,
            user=cast["writer"],
            content=ContributionContent(context="<p>Lezen helpt.</p>"),
            base_revision=0,
        )
        data = ProposalInput("context", "helpt", "replace", "steunt", "Beter.")
        proposal = proposal_add(contribution=contribution, user=cast["coordinator"], data=data)
        if page == "proposal_decision":
            return [proposal.pk]
        return [contribution.pk, proposal.pk]
    if page == "membership_delete":
        return [1, Membership.objects.get(user=cast["member"]).pk]
    if page in {"team", "team_add_member"}:
        return [1]
    if page == "comments":
        return [contribution.pk, "ambition"]
    if page.startswith("network_text"):
        return ["motto"]
    if page.startswith("contribution"):
        return [contribution.pk]
    return []


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_permission_matrix(client, cast, contribution, page, role, expected):
    method, name, _row = MATRIX[page]
    url = reverse(name, args=url_args(page, cast, contribution))
    revision = type(contribution).objects.get(pk=contribution.pk).revision
    if role != ANON:
        client.force_login(cast[role])
    response = getattr(client, method)(url, data={})
    assert response.status_code == expected
    if role == ANON and expected == 302:
        assert response["Location"].startswith(reverse("login"))
    contribution.refresh_from_db()
    assert contribution.revision == revision


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
