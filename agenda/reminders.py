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
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from agenda.models import AgendaVersion, Contribution, Milestone, Reminder, deciding_partners
from agenda.notifications import notify_reminder
from agenda.permissions import representatives, writers_of
from agenda.selectors.timeline import is_passed, newest_state, threshold
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
    return sent
