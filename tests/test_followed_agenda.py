"""Which ratified agenda the network follows: the current edition's, else (while the
next agenda is being written) the edition before's; and the demo's year of tracked
actions, which shows it with every page filled."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agenda.models import AgendaVersion, Contribution, Edition, ProgressUpdate, TrackedAction
from agenda.selectors.for_you import for_you
from tests.agenda_helpers import open_next_edition
from tests.test_tracking import ratify


def test_the_previous_edition_is_followed_until_the_current_one_is_ratified(
    cast, as_user, django_assert_max_num_queries
):
    assert AgendaVersion.objects.followed() is None
    client = as_user(cast["coordinator"])
    assert client.get(reverse("agenda:tracking_overview")).status_code == 404

    ratified = ratify(cast["coordinator"])
    assert AgendaVersion.objects.followed() == ratified
    open_next_edition()
    assert AgendaVersion.objects.followed() == ratified  # its programme runs on
    page = client.get(reverse("agenda:tracking_overview"))
    assert page.status_code == 200
    assert "Netwerkagenda 2021-2023" in page.content.decode()

    Edition.objects.create(  # an older edition is never the one followed
        name="Netwerkagenda 2018-2020",
        slug="netwerkagenda-2018-2020",
        start_year=2018,
        end_year=2020,
        programme_year=2018,
    )
    assert AgendaVersion.objects.followed() == ratified
    with django_assert_max_num_queries(4):
        AgendaVersion.objects.followed()


def test_a_ratified_current_edition_is_followed_instead(cast):
    previous = ratify(cast["coordinator"])
    current = open_next_edition()
    newer = AgendaVersion.objects.create(
        edition=current,
        number="1.0",
        sequence=1,
        state=AgendaVersion.State.RATIFIED,
        compiled_at=timezone.now(),
        compiled_by=cast["coordinator"],
    )
    assert AgendaVersion.objects.followed() == newer != previous


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return get_user_model().objects


def test_the_demo_follows_a_ratified_agenda_with_a_year_of_updates(demo, client):
    version = AgendaVersion.objects.followed()
    assert version.state == AgendaVersion.State.RATIFIED
    assert version.edition != Edition.objects.current()  # the current one is being written
    assert version.edition.programme_year == datetime.date.today().year
    actions = TrackedAction.objects.filter(version=version).select_related("edition")
    assert actions.count() == 24  # two rows in each of twelve chapters
    statuses = Counter(actions.values_list("status", flat=True))
    assert set(statuses) == set(TrackedAction.Status.values), statuses
    updates = ProgressUpdate.objects.filter(action__version=version)
    assert updates.count() >= 24 and updates.filter(public=True).exists()
    assert updates.exclude(author__username__startswith="writer").exists()  # leads post too
    assert all(u.created_at.date() <= datetime.date.today() for u in updates)

    client.force_login(demo.get(username="coordinator"))
    overview = client.get(reverse("agenda:tracking_overview")).content.decode()
    assert "Netwerkagenda 2018-2020 (demo)" in overview
    # The chapters of the current edition stay the demo's drafts to write.
    current = Contribution.objects.for_edition(Edition.objects.current())
    assert set(current.filter(state="concept").values_list("team__number", flat=True)) == {
        1,
        5,
        7,
    }


def test_the_demo_year_has_actions_late_and_waiting_on_their_lead(demo):
    version = AgendaVersion.objects.followed()
    today = datetime.date.today()
    actions = TrackedAction.objects.filter(version=version).select_related("edition")
    if today.month > 6:  # the first half's actions are over by now
        assert any(action.is_late(today) for action in actions)
    waiting = [item for item in for_you(demo.get(username="kb")) if item.kind == "tracked_action"]
    assert waiting, "the KB representative leads actions without an update this quarter"
