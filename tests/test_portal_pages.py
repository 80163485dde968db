"""The portal's pages around the agenda: the welcome page, the timeline and the teams,
for visitors who are not logged in and for every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import AgendaVersion, Edition, Milestone
from agenda.selectors.timeline import timeline
from bench.grow import add_members
from tests import factories
from tests.agenda_helpers import approve_chapter


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def test_a_visitor_sees_the_welcome_page_with_the_about_text_and_a_way_in(client, db):
    page = client.get(reverse("home")).content.decode()
    assert page.count("<h1") == 1
    assert "Bibliotheekconvenant 2020-2023" in page  # the seeded about text
    assert reverse("portal:timeline") in page and reverse("portal:teams") in page
    assert f'href="{reverse("login")}"' in page
    assert "Geletterde samenleving" not in page  # no task list for visitors


def test_a_logged_in_user_still_gets_the_task_list(as_user, cast):
    page = as_user(cast["writer"]).get(reverse("home")).content.decode()
    assert "Geletterde samenleving" in page and "Inloggen" not in page


@pytest.mark.parametrize("public", [False, True])
def test_the_welcome_page_offers_the_ratified_agenda_only_when_public(
    client, settings, coordinator, public
):
    settings.PUBLIC_FINAL_AGENDA = public
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    AgendaVersion.objects.filter(pk=version.pk).update(state=AgendaVersion.State.RATIFIED)
    page = client.get(reverse("home")).content.decode()
    assert (reverse("agenda:final_pdf") in page) == public


def test_the_timeline_marks_the_phase_the_newest_version_is_in(client, coordinator):
    edition = Edition.objects.current()
    phases = timeline(edition)
    assert [p.status for p in phases][:2] == ["current", "upcoming"]  # nothing compiled yet
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=edition, user=coordinator)
    agenda_step(version=version, user=coordinator, step="to_feedback")
    statuses = {p.milestone.title.split()[0]: p.status for p in timeline(edition)}
    assert statuses["Teams"] == "done" and statuses["Eerste"] == "done"
    assert statuses["Feedback"] == "current" and statuses["Besluitvorming"] == "upcoming"
    page = client.get(reverse("portal:timeline")).content.decode()
    assert page.count('aria-current="step"') == 1 and "u bent hier" in page
    assert "Aan zet: de vertegenwoordigers van de partners." in page


def test_after_ratification_every_phase_is_done(coordinator):
    edition = Edition.objects.current()
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=edition, user=coordinator)
    AgendaVersion.objects.filter(pk=version.pk).update(state=AgendaVersion.State.RATIFIED)
    assert {p.status for p in timeline(edition)} == {"done"}


def test_visitors_see_the_teams_organisations_but_no_people(client, cast):
    cast["writer"].name_public = True
    cast["writer"].save()
    page = client.get(reverse("portal:teams")).content.decode()
    assert "Maatschappelijke opgaven" in page and "Stelseluitdagingen" in page
    assert cast["writer"].organisation.name.split("'")[0] in page
    assert str(cast["writer"]) not in page
    assert reverse("teams:detail", args=[1]) not in page  # no links behind the login


def test_the_teams_page_costs_the_same_with_many_members(as_user, cast):
    client = as_user(cast["member"])
    url = reverse("portal:teams")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    add_members(factories.team(2), 30)
    assert count() == few


def test_a_milestone_can_say_whose_deadline_it_is(db):
    roles = dict(Milestone.objects.values_list("title", "role"))
    assert roles["Besluitvorming in de besturen van VOB, SPN en KB"] == "boards"
    assert all(roles.values())  # every seeded milestone names who acts


def open_next_edition():
    return Edition.objects.create(
        name="Netwerkagenda 2024-2027",
        slug="netwerkagenda-2024-2027",
        start_year=2024,
        end_year=2027,
        programme_year=2024,
        is_current=True,
    )


def test_only_one_edition_is_current(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        open_next_edition()


def test_a_new_edition_keeps_the_previous_one_readable_in_the_archive(client, coordinator):
    from portal.models import Document

    old = Edition.objects.current()
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=old, user=coordinator)
    AgendaVersion.objects.filter(pk=version.pk).update(state=AgendaVersion.State.RATIFIED)
    Document.objects.create(
        edition=old,
        kind="link",
        title="Terugblik 2021",
        date=old.milestones.first().date,
        audience="everyone",
        url="https://www.kb.nl/",
        uploaded_by=coordinator,
    )
    Edition.objects.filter(pk=old.pk).update(is_current=False)
    new = open_next_edition()
    assert Edition.objects.current() == new
    archive = client.get(reverse("portal:editions")).content.decode()
    assert "Netwerkagenda 2021-2023" in archive and "log in om hem te downloaden" in archive
    timeline_page = client.get(reverse("portal:timeline"), {"editie": old.slug}).content.decode()
    assert "Teams starten" in timeline_page
    documents = client.get(reverse("portal:documents"), {"editie": old.slug}).content.decode()
    assert "Terugblik 2021" in documents
    assert "Terugblik 2021" not in client.get(reverse("portal:documents")).content.decode()
    client.force_login(coordinator)
    archive = client.get(reverse("portal:editions")).content.decode()
    assert reverse("agenda:agenda_pdf", args=[version.pk]) in archive
