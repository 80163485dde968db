from django.urls import reverse
from django.utils.html import escape

from teams.models import Membership, Team
from teams.permissions import TeamPerm, has_team_perm
from tests import factories


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_coordinator_adds_a_writer_on_the_team_page(as_user, cast):
    newcomer = factories.outsider(username="nieuw")
    response = as_user(cast["coordinator"]).post(
        reverse("teams:detail", args=[2]), {"user": "NIEUW@example.org", "role": "writer"}
    )
    assert response.status_code == 302
    assert has_team_perm(fresh(newcomer), Team.objects.get(number=2), TeamPerm.WRITE)


def test_coordinator_changes_a_role_and_the_rights_follow(as_user, cast):
    membership = Membership.objects.get(user=cast["writer"])
    as_user(cast["coordinator"]).post(
        reverse("teams:membership_role", args=[1, membership.pk]), {"role": "read_along"}
    )
    user = fresh(cast["writer"])
    assert not has_team_perm(user, membership.team, TeamPerm.WRITE)
    assert has_team_perm(user, membership.team, TeamPerm.READ)


def test_removing_asks_first_and_then_takes_the_rights_away(as_user, cast):
    membership = Membership.objects.get(user=cast["member"])
    url = reverse("teams:membership_delete", args=[1, membership.pk])
    client = as_user(cast["coordinator"])
    confirm = client.get(url)
    assert "Ja, verwijderen" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not has_team_perm(fresh(cast["member"]), membership.team, TeamPerm.READ)


def test_add_member_form_error_keeps_the_choice(as_user, cast):
    newcomer = factories.outsider(username="nieuw")
    response = as_user(cast["coordinator"]).post(
        reverse("teams:detail", args=[1]), {"user": newcomer.username, "role": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_role"' in html
    assert f'value="{newcomer.username}"' in html


def test_adding_someone_without_an_account_says_so(as_user, cast):
    response = as_user(cast["coordinator"]).post(
        reverse("teams:detail", args=[1]), {"user": "onbekend@example.org", "role": "writer"}
    )
    html = response.content.decode()
    assert 'href="#id_user"' in html and "Niemand heeft een account" in html
    assert 'value="onbekend@example.org"' in html


def test_team_page_lists_members_with_role_and_organisation(as_user, cast):
    html = as_user(cast["member"]).get(reverse("teams:detail", args=[1])).content.decode()
    assert escape(str(cast["writer"])) in html and "Schrijver" in html
    assert escape(cast["read_along"].organisation.name) in html  # names may hold an apostrophe
    assert "Lid toevoegen" not in html


def test_sync_team_groups_repairs_memberships_made_outside_the_services(client, cast):
    """What TeamAdmin.save_related relies on after inline edits."""
    from teams.services import sync_team_groups

    team = Team.objects.get(number=4)
    user = factories.outsider()
    Membership.objects.create(team=team, user=user, role="member")  # as an admin inline would
    assert not has_team_perm(fresh(user), team, TeamPerm.READ)
    sync_team_groups(team)
    assert has_team_perm(fresh(user), team, TeamPerm.READ)


def test_a_large_team_is_listed_twenty_members_to_a_page(as_user, cast):
    from bench.grow import add_members

    team = Team.objects.get(number=1)
    add_members(team, 25)
    total = team.memberships.count()
    client = as_user(cast["coordinator"])
    first = client.get(reverse("teams:detail", args=[1])).content.decode()
    second = client.get(reverse("teams:detail", args=[1]) + "?pagina=2").content.decode()
    assert f"Leden ({total})" in first
    assert first.count('id="role-') == 20
    assert second.count('id="role-') == total - 20
    assert "Pagina 2 van 2" in second and 'rel="prev"' in second
