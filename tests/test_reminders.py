"""Reminders before a deadline: to those who still have to act, once per threshold,
however often ``send_reminders`` runs; "Voor u" shows the same deadline."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from guardian.shortcuts import assign_perm

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_response_record
from agenda.models import Edition, Milestone, PartnerResponse, Reminder
from agenda.permissions import is_writer
from agenda.reminders import send_reminders, who_must_act
from agenda.selectors.for_you import for_you
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything

DAY = datetime.timedelta(days=1)


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def milestone(start: str) -> Milestone:
    return Milestone.objects.get(title__startswith=start)


def test_running_twice_sends_each_reminder_once(
    cast, coordinator, django_capture_on_commit_callbacks
):
    start = milestone("Teams starten")  # the writers' first deadline
    approve_chapter(2, coordinator)  # team 2 is done; team 1 (the cast's) is not
    week_before = start.date - 7 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(Edition.objects.current(), week_before)
        second = send_reminders(Edition.objects.current(), week_before)
    assert first > 0 and second == 0
    reminded = {m.to[0] for m in mail.outbox}
    assert cast["writer"].email in reminded
    writer2 = factories.contribution(2).team.memberships.get(role="writer").user
    assert writer2.email not in reminded  # their chapter is no concept any more
    assert cast["member"].email not in reminded  # members do not write
    assert "Herinnering: Teams starten" in mail.outbox[0].subject
    assert "30 november 2020" in mail.outbox[0].subject


def test_a_writer_granted_the_right_directly_is_reminded_as_the_rule_says(cast):
    """Who writes a team is one rule (``permissions.is_writer``: the team's write right,
    through a membership or given directly); the reminder asks its queryset twin, never
    the membership table, so nobody who may edit the chapter is left without one."""
    direct = factories.UserFactory(username="direct")
    assign_perm("teams.write_team", direct, factories.team(1))
    assert is_writer(direct, factories.contribution(1))
    start = milestone("Teams starten")
    reminded = who_must_act(start, None)
    assert direct in reminded and cast["writer"] in reminded
    assert cast["member"] not in reminded and cast["coordinator"] not in reminded


def test_the_day_before_is_a_second_reminder_and_a_missed_run_catches_up(cast):
    start = milestone("Teams starten")
    edition = Edition.objects.current()
    send_reminders(edition, start.date - 5 * DAY)  # within the week: the 7-day one
    send_reminders(edition, start.date)  # the day itself: the 1-day one
    send_reminders(edition, start.date)
    days = sorted(
        Reminder.objects.filter(user=cast["writer"]).values_list("days_before", flat=True)
    )
    assert days == [1, 7]
    assert send_reminders(edition, start.date + DAY) == 0  # past the deadline: nothing


def test_partners_are_reminded_only_while_they_can_respond(cast, coordinator):
    consultation = milestone("Deelnemers raadplegen")
    assert cast["partner"] not in who_must_act(consultation, None)  # nothing to respond to
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    assert cast["partner"] in who_must_act(consultation, version.state)
    partner_response_record(
        version=version,
        user=cast["partner"],
        partner=Partner.objects.get(code="VOB"),
        verdict=PartnerResponse.Verdict.AGREE,
        text="Akkoord.",
    )
    assert cast["partner"] not in who_must_act(consultation, version.state)
    decision = milestone("Besluitvorming")
    assert cast["partner"] not in who_must_act(decision, version.state)  # not yet


def test_a_passed_milestone_reminds_nobody(cast, coordinator):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    agenda_step(version=version, user=coordinator, step="to_feedback")
    rough = milestone("Eerste ruwe versies")  # ends the rough version: passed
    assert not who_must_act(rough, "feedback").exists()


def test_for_you_shows_a_near_deadline_to_those_who_act(cast, coordinator):
    start = milestone("Teams starten")
    Milestone.objects.filter(pk=start.pk).update(date=datetime.date.today() + 3 * DAY)
    kinds = [item.kind for item in for_you(cast["writer"])]
    assert "deadline" in kinds
    assert "deadline" not in [item.kind for item in for_you(cast["member"])]


def test_the_command_says_how_many_it_sent(db):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminder(s) sent" in out.getvalue()
