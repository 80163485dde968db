"""A chapter's history as pages read it: the list of records (who, when, why, what
happened), one record with its number, and the records around one.

They only read: writes go through ``services``, rules are in ``permissions``."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import Lag, RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import (
    Contribution,
)
from agenda.review.machine import STEP_BY_STATES, ReviewStep

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
    action = STEP_BY_STATES.get((previous_state, state))
    return str(ReviewStep(action).label if action else _("Saved"))


def records_before(history, record):
    return history.filter(
        Q(history_date__lt=record.history_date)
        | Q(history_date=record.history_date, history_id__lt=record.history_id)
    )


def records_after(history, record):
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
    earlier = records_before(history, record)
    previous = (
        earlier.order_by("-history_date", "-history_id").values("history_id", "state").first()
    )
    return HistoryEntry(
        record,
        earlier.count() + 1,
        _what(previous and previous["state"], record.state),
        previous_id=previous and previous["history_id"],
    )
