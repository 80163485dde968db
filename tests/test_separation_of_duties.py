"""Separation of duties: four eyes on approval, partners act only for themselves,
and team rights come only from memberships."""

import pytest
from django.urls import reverse

from agenda.models import Contribution, Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.services import AgendaError, network_text_save
from teams.services import membership_set, team_groups
from tests import factories
from tests.agenda_helpers import fill

State = Contribution.State


@pytest.fixture
def coordinator_who_writes(db):
    """A coordinator who added themselves as a writer of team 1."""
    user = factories.coordinator(username="carla")
    membership_set(team=factories.team(1), user=user, role="writer")
    return user


def test_a_coordinator_cannot_approve_what_they_wrote(as_user, coordinator_who_writes):
    contribution = factories.contribution(1)
    fill(contribution, coordinator_who_writes)
    client = as_user(coordinator_who_writes)
    client.post(reverse("agenda:review_step", args=[contribution.pk, "submit"]))
    contribution.refresh_from_db()
    assert contribution.state == State.SUBMITTED

    page = client.get(contribution.get_absolute_url())
    assert "vier ogen" in page.content.decode()
    assert 'value="approve"' not in page.content.decode()

    url = reverse("agenda:review_step", args=[contribution.pk, "approve"])
    response = client.post(url, follow=True)
    contribution.refresh_from_db()
    assert contribution.state == State.SUBMITTED
    assert [str(m) for m in response.context["messages"]] == [
        "U heeft deze versie geschreven of ingediend; een andere coördinator keurt haar goed "
        "(vier ogen)."
    ]
    other = factories.coordinator(username="otto")
    take_review_step(obj=contribution, user=other, step="approve")
    contribution.refresh_from_db()
    assert contribution.state == State.APPROVED


def test_writing_part_of_the_version_is_enough_to_be_refused(coordinator_who_writes):
    contribution = factories.contribution(1)
    writer = factories.writer(username="wim")
    fill(contribution, coordinator_who_writes)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    with pytest.raises(AgendaError, match="vier ogen"):
        take_review_step(obj=contribution, user=coordinator_who_writes, step="approve")


def test_returning_or_reopening_is_not_writing(coordinator_who_writes):
    contribution = factories.contribution(1)
    writer = factories.writer(username="wim")
    fill(contribution, coordinator_who_writes)
    take_review_step(obj=contribution, user=writer, step="submit")
    other = factories.coordinator(username="otto")
    take_review_step(obj=contribution, user=other, step="approve")
    # A new round: the coordinator-writer only reopens; the team writes and submits.
    take_review_step(obj=contribution, user=coordinator_who_writes, step="reopen")
    fill(contribution, writer, ambition="<p>Scherper</p>")
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator_who_writes, step="return", reason="Nee")
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator_who_writes, step="approve")
    contribution.refresh_from_db()
    assert contribution.state == State.APPROVED


def test_four_eyes_holds_for_the_motto_too(db):
    coordinator = factories.coordinator(username="carla")
    membership_set(team=factories.team(7), user=coordinator, role="writer")
    motto = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(text=motto, user=coordinator, body="<p>Samen</p>", base_revision=0)
    take_review_step(obj=motto, user=coordinator, step="submit")
    with pytest.raises(AgendaError, match="vier ogen"):
        take_review_step(obj=motto, user=coordinator, step="approve")


@pytest.fixture
def version_in(db):
    """A compiled version put straight into a governance state (set-up only)."""
    from agenda.governance.compiling import agenda_compile
    from agenda.models import AgendaVersion

    def make(state):
        coordinator = factories.coordinator(username="compiler")
        version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
        AgendaVersion.objects.filter(pk=version.pk).update(state=state)
        return version

    return make


@pytest.fixture
def superuser(db):
    from partners.models import User

    return User.objects.create_superuser("root", "root@example.org", factories.PASSWORD)


@pytest.mark.parametrize(
    ("state", "url_name", "data"),
    [
        (
            "consultation",
            "agenda:partner_response",
            {"VOB-verdict": "agree", "VOB-text": "Akkoord"},
        ),
        ("decision", "agenda:partner_decision", {"VOB-decision": "approve", "VOB-note": ""}),
    ],
)
def test_a_superuser_records_nothing_for_a_partner(
    as_user, superuser, version_in, state, url_name, data
):
    version = version_in(state)
    client = as_user(superuser)
    page = client.get(reverse("agenda:agenda_version", args=[version.pk]))
    assert 'name="VOB-' not in page.content.decode()  # no form offered
    response = client.post(reverse(url_name, args=[version.pk, "VOB"]), data)
    assert response.status_code == 403
    assert not version.responses.exists() and not version.decisions.exists()


def test_the_partners_own_representative_still_records(as_user, version_in):
    version = version_in("consultation")
    vob = factories.partner_rep("VOB", username="vob")
    response = as_user(vob).post(
        reverse("agenda:partner_response", args=[version.pk, "VOB"]),
        {"VOB-verdict": "agree", "VOB-text": "Akkoord"},
    )
    assert response.status_code == 302
    assert version.responses.get().partner.code == "VOB"


def admin_user_form_data(user, **changes):
    """What the user admin's change form posts for ``user``, with ``changes``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "organisation": user.organisation_id or "",
        "partner": "",
        "memberships-TOTAL_FORMS": user.memberships.count(),
        "memberships-INITIAL_FORMS": user.memberships.count(),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "groups": [],
    }
    for number, membership in enumerate(user.memberships.all()):
        data[f"memberships-{number}-id"] = membership.pk
        data[f"memberships-{number}-user"] = user.pk
    return data | changes


def test_team_groups_are_not_offered_in_the_user_admin(as_user, superuser):
    from teams.permissions import TeamPerm, has_team_perm

    outsider = factories.outsider(username="olga")
    writers_of_team_1 = team_groups(factories.team(1))["writer"]
    client = as_user(superuser)
    url = reverse("admin:partners_user_change", args=[outsider.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "team-01-writer" not in page.content.decode()

    response = client.post(url, admin_user_form_data(outsider, groups=[writers_of_team_1.pk]))
    assert response.status_code == 200  # the form again, with an error
    assert response.context["adminform"].form.errors["groups"]
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert not has_team_perm(outsider, factories.team(1), TeamPerm.READ)


def test_saving_a_member_in_the_user_admin_keeps_their_team_rights(as_user, superuser):
    from django.contrib.auth.models import Group

    from teams.permissions import TeamPerm, has_team_perm

    writer = factories.writer(username="wendy")
    editors = Group.objects.create(name="redactie")
    client = as_user(superuser)
    url = reverse("admin:partners_user_change", args=[writer.pk])
    response = client.post(url, admin_user_form_data(writer, groups=[editors.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    writer = type(writer).objects.get(pk=writer.pk)
    assert set(writer.groups.values_list("name", flat=True)) == {"redactie", "team-01-writer"}
    assert has_team_perm(writer, factories.team(1), TeamPerm.WRITE)
