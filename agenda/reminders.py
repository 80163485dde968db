"""Reminders before a deadline, and who still has to act by it.

A milestone is a deadline for its ``role`` (``Milestone.role``). ``REMINDER_DAYS``
before its date (7 and 1 by default) ``manage.py send_reminders``, run daily from cron
or a systemd timer, e-mails the people of that role who still have to act, once per
threshold (``Reminder`` rows make a second run send nothing). "Voor u" shows the same
deadlines (``selectors.for_you``).

Who still has to act (the rules' queryset twins, ``permissions.writers_of`` and
``permissions.representatives``): writers of the teams whose chapter is still a concept
(whoever holds the team's write right, by membership or given directly); the
coordinators while the milestone's state is not yet passed; the partners'
representatives without a response while the newest version is in consultation; the
deciding boards' representatives without a decision in the current round.

The end of a quarter of the programme year is a deadline too, once the agenda is
ratified: ``REMINDER_DAYS`` before it, the people who may update a tracked action
planned in that quarter (``tracking.rules.update_posters``: the team's writers and the
lead partner's representatives) get one e-mail listing those of their actions that have
had no update since the quarter began, once per threshold (``send_tracking_reminders``).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from agenda.models import (
    AgendaVersion,
    Contribution,
    Milestone,
    Reminder,
    TrackedAction,
    deciding_partners,
    quarter_end,
    quarter_of,
)
from agenda.notifications import notify_reminder, notify_tracking_reminder
from agenda.permissions import representatives, writers_of
from agenda.selectors.timeline import deadline_threshold, is_passed, newest_state, threshold
from agenda.tracking.rules import update_posters
from agenda.tracking.selectors import without_update_since
from partners.models import Partner
from teams.permissions import coordinators

Role = Milestone.Role


def who_must_act(milestone, state: str | None):
    """The active people who still have to act by ``milestone`` (a queryset of users)."""
    users = get_user_model().objects.filter(is_active=True)
    if is_passed(milestone, state):
        return users.none()
    edition = milestone.edition_id
    if milestone.role == Role.WRITERS:
        concept = Contribution.objects.filter(
            edition_id=edition, state=Contribution.State.CONCEPT
        ).values_list("team_id", flat=True)
        return writers_of(*concept)
    if milestone.role == Role.COORDINATORS:
        return coordinators()
    version = (
        AgendaVersion.objects.for_edition(edition).order_by("-sequence").first()
        if state in {AgendaVersion.State.CONSULTATION, AgendaVersion.State.DECISION}
        else None
    )
    if milestone.role == Role.PARTNERS and state == AgendaVersion.State.CONSULTATION:
        waiting = Partner.objects.exclude(pk__in=version.responses.values("partner_id"))
        return representatives(waiting)
    if milestone.role == Role.BOARDS and state == AgendaVersion.State.DECISION:
        decided = set(
            version.decisions.filter(round=version.decision_round).values_list(
                "partner_id", flat=True
            )
        )
        waiting = [p for p in deciding_partners() if p.pk not in decided]
        return representatives(waiting)
    return users.none()


def send_reminders(edition, today: datetime.date) -> int:
    """E-mail every reminder due today that was not sent before; the number sent."""
    state = newest_state(edition)
    sent = 0
    for milestone in edition.milestones.exclude(role=""):
        days = threshold(milestone, today)
        if days is None:
            continue
        for user in who_must_act(milestone, state):
            with transaction.atomic():
                _reminder, created = Reminder.objects.get_or_create(
                    milestone=milestone, user=user, days_before=days
                )
            if created and user.email:
                notify_reminder(milestone=milestone, user=user)
                sent += 1
    return sent + send_tracking_reminders(today)


def actions_waiting_by_person(version, quarter: int, today: datetime.date) -> dict:
    """{person: [tracked actions]}: the actions of ``version`` planned in ``quarter``,
    neither done nor dropped and without an update since today's quarter began, under
    each active person who may update them (``update_posters``)."""
    actions = without_update_since(TrackedAction.objects.filter(version=version), today)
    waiting = {}
    for action in actions.select_related("team", "lead_partner").order_by("team__number", "row"):
        if action.is_due_in(quarter):
            for user in update_posters(action).filter(is_active=True):
                waiting.setdefault(user, []).append(action)
    return waiting


def send_tracking_reminders(today: datetime.date) -> int:
    """Before today's quarter of the programme year ends, one e-mail to each person with
    tracked actions waiting (``actions_waiting_by_person``) of the ratified version the
    network follows (``AgendaVersion.objects.followed``), once per threshold; the number
    sent."""
    version = AgendaVersion.objects.followed()
    if version is None or today.year != version.edition.programme_year:
        return 0
    quarter = quarter_of(today)
    deadline = quarter_end(today.year, quarter)
    days = deadline_threshold(deadline, today)
    if days is None:
        return 0
    sent = 0
    for user, actions in actions_waiting_by_person(version, quarter, today).items():
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                version=version, quarter=quarter, user=user, days_before=days
            )
        if created and user.email:
            notify_tracking_reminder(
                user=user, actions=actions, quarter=quarter, year=today.year, deadline=deadline
            )
            sent += 1
    return sent
