"""The edition's timeline: its milestones as phases, and the deadlines and reminders
read from them."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from agenda.models import (
    AgendaVersion,
    Milestone,
)


@dataclass(frozen=True)
class Phase:
    """A milestone on the timeline, with ``status`` "done", "current" or "upcoming"."""

    milestone: Milestone
    status: str


def timeline(edition) -> list[Phase]:
    """The edition's milestones as the phases of its timeline ("Tijdpad"). The current
    phase is the milestone that ends the state of the newest agenda version (the first
    milestone while no version is compiled; none once the agenda is ratified). Two
    queries; only the newest version's state is read, whoever asks."""
    milestones = list(edition.milestones.all())
    state = (
        AgendaVersion.objects.for_edition(edition)
        .order_by("-sequence")
        .values_list("state", flat=True)
        .first()
    )
    current = _current_phase(milestones, state)
    return [
        Phase(m, "done" if i < current else "current" if i == current else "upcoming")
        for i, m in enumerate(milestones)
    ]


def _current_phase(milestones, state) -> int:
    if state is None:
        return 0
    if state == AgendaVersion.State.RATIFIED:
        return len(milestones)
    order = AgendaVersion.STATE_ORDER
    reached = order.index(state)
    return next(
        (i for i, m in enumerate(milestones) if m.ends and order.index(m.ends) >= reached),
        len(milestones),
    )


def threshold(milestone, today: datetime.date) -> int | None:
    """The reminder due for ``milestone`` today (``deadline_threshold``)."""
    return deadline_threshold(milestone.date, today)


def deadline_threshold(deadline: datetime.date, today: datetime.date) -> int | None:
    """The reminder due today before ``deadline``: the smallest of ``REMINDER_DAYS`` that
    the days left fall within (so a missed run still reminds, once), or None."""
    left = (deadline - today).days
    return next((days for days in settings.REMINDER_DAYS if 0 <= left <= days), None)


def newest_state(edition) -> str | None:
    return (
        AgendaVersion.objects.for_edition(edition)
        .order_by("-sequence")
        .values_list("state", flat=True)
        .first()
    )


def is_passed(milestone, state: str | None) -> bool:
    """The newest version is past the state this milestone ends."""
    if not milestone.ends or state is None:
        return False
    order = AgendaVersion.STATE_ORDER
    return order.index(state) > order.index(milestone.ends)


def step_deadline(milestones, state: str):
    """The date of the milestone that ends ``state`` (``Milestone.ends``), or None."""
    return next((m.date for m in milestones if m.ends == state), None)
