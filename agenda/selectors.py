"""Reads that several pages share: a chapter's comments and its history.

They only read: writes go through ``services``, rules are in ``permissions``.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.utils import timezone
from django.utils.translation import gettext as _

from teams.permissions import team_perms

from . import aspects, richtext
from .models import Contribution
from .permissions import can_resolve_comment
from .workflow import ACTION_BY_STATES, Action


def comment_threads(contribution: Contribution, user, *, perms: set[str] | None = None):
    """Per aspect with comments: its label, open comments first, and the open count.

    Each comment says whether ``user`` may resolve it (``can_resolve``); the user's rights
    on the team (``perms``) are read once, not once per comment.
    """
    if perms is None:
        perms = team_perms(user, contribution.team)
    comments = list(contribution.comments.select_related("author", "resolved_by"))
    for comment in comments:
        comment.contribution = contribution
        comment.can_resolve = can_resolve_comment(user, comment, perms=perms)
    threads = []
    for aspect, label in contribution.aspect_choices():
        mine = [c for c in comments if c.aspect == aspect]
        if mine:
            mine.sort(key=lambda c: (not c.is_open, c.created_at))
            threads.append(
                {
                    "aspect": aspect,
                    "label": label,
                    "comments": mine,
                    "open": sum(c.is_open for c in mine),
                }
            )
    return threads


def last_return(contribution: Contribution):
    """The history record of the latest return, shown to the team while the chapter is a
    concept again; None otherwise."""
    if contribution.state != Contribution.State.CONCEPT:
        return None
    records = list(
        contribution.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    for record, previous in pairwise(records):
        if record.state != Contribution.State.CONCEPT:
            return None
        if previous.state == Contribution.State.SUBMITTED:
            return record
    return None


@dataclass
class HistoryEntry:
    """A history record with its number and what happened in it."""

    record: object
    number: int
    what: str

    @property
    def history_id(self):
        return self.record.history_id

    @property
    def label(self):
        date = timezone.localtime(self.record.history_date).strftime("%d-%m-%Y %H:%M")
        return _("Version %(number)s (%(date)s)") % {"number": self.number, "date": date}


def history_of(contribution: Contribution) -> list[HistoryEntry]:
    """Every history record, newest first, numbered from 1 and labelled by its step."""
    records = list(
        contribution.history.select_related("history_user").order_by("history_date", "history_id")
    )
    versions, previous_state = [], None
    for number, record in enumerate(records, 1):
        action = ACTION_BY_STATES.get((previous_state, record.state))
        what = Action(action).label if action else _("Saved")
        versions.append(HistoryEntry(record, number, str(what)))
        previous_state = record.state
    versions.reverse()
    return versions


def completeness(contribution, provisions) -> list[dict]:
    """Per aspect of the chapter (texts, then the action table): its label, its size in
    words (or rows) and whether it is filled, for the coordinators' overview."""
    parts = [
        {"label": label, "words": richtext.word_count(html)}
        for _name, label, html in contribution.aspect_texts(provisions)
    ]
    parts.append(
        {"label": aspects.TABLE.table_label, "words": len(contribution.actions), "is_count": True}
    )
    for part in parts:
        part["filled"] = part["words"] > 0
    return parts
