"""The programme teams: the overview counts each team's participants per role, and a
page per team lists them, twenty to a page, named only with their consent. Both cost
the same with five members per team as with fifty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bench.grow import add_members
from teams.models import Membership
from teams.selectors import ROLE_COUNTS, participant_counts
from tests import factories
from tests.catalogue import dutch


def counted(role, count) -> str:
    return dutch(ROLE_COUNTS[role], count=count)


def participants_url(number=1):
    return reverse("portal:team_participants", args=[number])


def test_the_counts_follow_the_roles_order_and_leave_out_empty_roles(db):
    factories.read_along()
    factories.writer()
    factories.writer()
    with translation.override("en"):
        assert [str(p) for p in participant_counts()[1]] == ["2 writers", "1 read-along"]
    assert 2 not in participant_counts()  # a team without members


def test_signed_in_users_see_counts_per_role_and_organisations_but_no_names(as_user, cast):
    named = factories.writer(first_name="Noor", last_name="Zichtbaar", name_public=True)
    page = as_user(cast["member"]).get(reverse("portal:teams")).content.decode()
    counts = ", ".join(
        [
            counted(Membership.Role.WRITER, 2),
            counted(Membership.Role.MEMBER, 1),
            counted(Membership.Role.READ_ALONG, 1),
        ]
    )
    assert counts in page
    assert named.organisation.name in page and cast["member"].organisation.name in page
    assert "Noor Zichtbaar" not in page and str(cast["writer"]) not in page
    link = dutch(translation.gettext_noop("View the participants of team %(number)s"), number=1)
    assert f'href="{participants_url(1)}">{link}</a>' in page
    assert participants_url(2) not in page  # team 2 has no members to list
    assert "Niet gestart" in page or "Bezig" in page  # the chapter's state


def test_an_organisation_is_listed_once_per_team_with_its_kind(as_user, cast):
    library = cast["writer"].organisation
    factories.member(organisation=library)
    factories.team_user(Membership.Role.MEMBER, number=2, organisation=library)
    page = as_user(cast["member"]).get(reverse("portal:teams")).content.decode()
    card = page.split('id="team-1"')[1].split("</article>")[0]
    assert card.count(f"<li>{library.name} ") == 1
    assert dutch(library.get_kind_display()) in card
    assert f"<li>{library.name} " in page.split('id="team-2"')[1].split("</article>")[0]


def test_visitors_see_the_organisations_but_no_counts_and_no_link(client, cast):
    page = client.get(reverse("portal:teams")).content.decode()
    assert cast["writer"].organisation.name in page
    assert counted(Membership.Role.WRITER, 1) not in page
    assert participants_url(1) not in page


def test_the_participants_page_names_people_only_with_their_consent(as_user, cast):
    named = factories.writer(first_name="Noor", last_name="Zichtbaar", name_public=True)
    hidden = factories.member(first_name="Piet", last_name="Verborgen", name_public=False)
    page = as_user(cast["outsider"]).get(participants_url(1)).content.decode()
    assert page.count("<h1") == 1 and factories.team(1).name in page
    assert f"<li>Noor Zichtbaar, {named.organisation.name} (schrijver)</li>" in page
    assert "Piet Verborgen" not in page
    assert f"<li>{hidden.organisation.name} (teamlid)</li>" in page
    assert f'href="{reverse("portal:teams")}"' in page  # the way back


def test_the_participants_are_twenty_to_a_page(as_user, cast):
    add_members(factories.team(2), 21)
    client = as_user(cast["member"])
    first = client.get(participants_url(2)).content.decode()
    second = client.get(participants_url(2) + "?pagina=2").content.decode()
    assert first.count("(teamlid)</li>") == 20 and second.count("(teamlid)</li>") == 1
    assert "Pagina 1 van 2" in first and "Pagina 2 van 2" in second
    assert '<nav class="portal-pagination" aria-label=' in first
    assert '<span aria-current="page">' in first and 'rel="next"' in first
    assert 'rel="prev"' in second


def test_visitors_are_sent_to_log_in_for_the_participants(client, cast):
    response = client.get(participants_url(1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_team_has_no_participants_page(as_user, cast):
    assert as_user(cast["member"]).get(participants_url(99)).status_code == 404


@pytest.mark.parametrize("page", ["overview", "participants"])
def test_both_pages_cost_the_same_with_ten_times_the_members(as_user, cast, page):
    path = reverse("portal:teams") if page == "overview" else participants_url(2)
    client = as_user(cast["member"])
    add_members(factories.team(2), 5)
    client.get(path)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few = count()
    add_members(factories.team(2), 45)
    assert count() == few
