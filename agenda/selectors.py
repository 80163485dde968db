"""Reads that several pages share: a chapter's comments and its history.

They only read: writes go through ``services``, rules are in ``permissions``.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lag, RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.permissions import team_perms

from . import aspects
from .models import Contribution
from .permissions import can_resolve_comment
from .workflow import ACTION_BY_STATES, Action

COMMENTS_SHOWN = 5  # open comments per aspect on the chapter's page; the rest one click away


def comment_threads(
    contribution: Contribution, user, *, perms: set[str] | None = None, shown=COMMENTS_SHOWN
):
    """Per aspect with comments: its label, its counts (``open``, ``resolved``) and the
    first ``shown`` open comments, oldest first; ``more`` says how many open ones are
    not shown. Two queries, however many comments there are.

    Each comment says whether ``user`` may resolve it (``can_resolve``); the user's rights
    on the team (``perms``) are read once, not once per comment.
    """
    counts = {
        row["aspect"]: row
        for row in contribution.comments.order_by()
        .values("aspect")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(resolved_at__isnull=True)))
    }
    first_open = (
        contribution.comments.filter(resolved_at__isnull=True)
        .select_related("author")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("aspect"), order_by=[F("created_at"), F("pk")])
        )
        .filter(rank__lte=shown)
        .order_by("created_at", "pk")
    )
    comments = resolvable(contribution, user, first_open, perms=perms)
    threads = []
    for aspect, label in contribution.aspect_choices():
        if aspect in counts:
            mine = [c for c in comments if c.aspect == aspect]
            open_count = counts[aspect]["open"]
            threads.append(
                {
                    "aspect": aspect,
                    "label": label,
                    "comments": mine,
                    "open": open_count,
                    "resolved": counts[aspect]["total"] - open_count,
                    "more": open_count - len(mine),
                }
            )
    return threads


def aspect_comments(contribution: Contribution, aspect: str):
    """Every comment on one aspect: the open ones first, each group oldest first."""
    return (
        contribution.comments.filter(aspect=aspect)
        .select_related("author", "resolved_by")
        .order_by(F("resolved_at").asc(nulls_first=True), "created_at", "pk")
    )


def resolvable(contribution: Contribution, user, comments, *, perms=None) -> list:
    """``comments`` (of ``contribution``) with ``can_resolve`` set for ``user``."""
    if perms is None:
        perms = team_perms(user, contribution.team)
    comments = list(comments)
    for comment in comments:
        comment.contribution = contribution
        comment.can_resolve = can_resolve_comment(user, comment, perms=perms)
    return comments


def last_return(contribution: Contribution):
    """The history record of the latest return, shown to the team while the chapter is a
    concept again; None otherwise (never submitted, or reopened after an approval).

    A return is the record right after the latest record that is not a concept, when
    that one was a submission.
    """
    if contribution.state != Contribution.State.CONCEPT:
        return None
    history = contribution.history.all()
    step = (
        history.exclude(state=Contribution.State.CONCEPT)
        .order_by("-history_date", "-history_id")
        .only("history_id", "history_date", "state")
        .first()
    )
    if step is None or step.state != Contribution.State.SUBMITTED:
        return None
    return (
        _later(history, step)
        .select_related("history_user")
        .only("history_id", "history_date", "history_change_reason", *USER_FIELDS)
        .order_by("history_date", "history_id")
        .first()
    )


# What lists of versions show: who, when, why and the state, never the text.
USER_FIELDS = ("history_user__first_name", "history_user__last_name", "history_user__username")
LISTED_FIELDS = ("history_id", "history_date", "history_change_reason", "state", *USER_FIELDS)


@dataclass
class HistoryEntry:
    """A history record with its number, what happened in it and the record before it."""

    record: object
    number: int
    what: str
    previous_id: int | None = None

    @property
    def history_id(self):
        return self.record.history_id

    @property
    def label(self):
        date = timezone.localtime(self.record.history_date).strftime("%d-%m-%Y %H:%M")
        return _("Version %(number)s (%(date)s)") % {"number": self.number, "date": date}


def _what(previous_state, state) -> str:
    action = ACTION_BY_STATES.get((previous_state, state))
    return str(Action(action).label if action else _("Saved"))


def _earlier(history, record):
    return history.filter(
        Q(history_date__lt=record.history_date)
        | Q(history_date=record.history_date, history_id__lt=record.history_id)
    )


def _later(history, record):
    return history.filter(
        Q(history_date__gt=record.history_date)
        | Q(history_date=record.history_date, history_id__gt=record.history_id)
    )


def history_listing(contribution: Contribution):
    """The versions, newest first, with only the columns a list shows: each record has
    its ``number`` (from 1, oldest first) and the ``previous_state``, both counted by
    the database, so that a page of them reads only that page."""
    oldest_first = [F("history_date").asc(), F("history_id").asc()]
    return (
        contribution.history.select_related("history_user")
        .only(*LISTED_FIELDS)
        .annotate(
            number=Window(RowNumber(), order_by=oldest_first),
            previous_state=Window(Lag("state"), order_by=oldest_first),
        )
        .order_by("-history_date", "-history_id")
    )


def history_entries(records) -> list[HistoryEntry]:
    """``HistoryEntry`` of each record of ``history_listing`` (a page or a slice of it)."""
    return [
        HistoryEntry(record, record.number, _what(record.previous_state, record.state))
        for record in records
    ]


def history_page(contribution: Contribution, page_number, *, per_page: int) -> Page:
    """One page of ``history_listing`` as ``HistoryEntry``; ``page_number`` may be "last"
    or nonsense (then the first page)."""
    page = Paginator(history_listing(contribution), per_page).get_page(page_number)
    page.object_list = history_entries(page.object_list)
    return page


def history_entry(contribution: Contribution, history_id: int) -> HistoryEntry:
    """One whole version (text included), numbered; 404 when it is not this chapter's."""
    history = contribution.history.all()
    record = get_object_or_404(history.select_related("history_user"), history_id=history_id)
    earlier = _earlier(history, record)
    previous = (
        earlier.order_by("-history_date", "-history_id").values("history_id", "state").first()
    )
    return HistoryEntry(
        record,
        earlier.count() + 1,
        _what(previous and previous["state"], record.state),
        previous_id=previous and previous["history_id"],
    )


def completeness(contribution, provisions) -> list[dict]:
    """Per aspect of the chapter (texts, then the action table): its label, its size in
    words (or rows) and whether it is filled, for the coordinators' overview. Read from
    the counts stored at save time, so the texts themselves need not be loaded."""
    counts = contribution.word_counts
    parts = [
        {"label": text.label, "words": counts.get(text.name, 0)}
        for text in aspects.texts(provisions)
    ]
    parts.append(
        {
            "label": aspects.TABLE.table_label,
            "words": counts.get(aspects.ACTIONS, 0),
            "is_count": True,
        }
    )
    for part in parts:
        part["filled"] = part["words"] > 0
    return parts


def for_you(user) -> list:
    """What waits on ``user`` across the portal ("Voor u"), most urgent first."""
    return []
