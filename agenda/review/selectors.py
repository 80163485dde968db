"""The review machine's read side: where a chapter (or network text) stands on the
writers' task list, the latest return and the version a reviewer compares with."""

from django.db.models import F, OuterRef, Q, Subquery, TextChoices
from django.utils.translation import gettext_lazy

from agenda.models import Contribution
from agenda.review.machine import STEP_BY_STATES, ReviewStep
from agenda.selectors.history import USER_FIELDS, records_after


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
        records_after(history, step)
        .select_related("history_user")
        .only("history_id", "history_date", "history_change_reason", *USER_FIELDS)
        .order_by("history_date", "history_id")
        .first()
    )


class TaskStatus(TextChoices):
    """What a chapter's (or network text's) tag says on the writers' task list: what is
    true now, read from its state, whether anything was written and its latest step."""

    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RETURNED = "returned", gettext_lazy("Returned")
    APPROVED = "approved", gettext_lazy("Approved")


def with_task_status(queryset):
    """``queryset`` (contributions or network texts) with ``last_step``: the state of the
    latest history record that is not a concept (submitted, approved or None). One
    subquery, served by the history's (object, date, id, state) index, however long the
    histories are; ``task_status`` reads it."""
    steps = (
        queryset.model.history.model.objects.filter(id=OuterRef("pk"))
        .exclude(state=Contribution.State.CONCEPT)
        .order_by("-history_date", "-history_id")
        .values("state")[:1]
    )
    return queryset.annotate(last_step=Subquery(steps))


def task_status(obj) -> TaskStatus:
    """The task-list status of ``obj`` (annotated by ``with_task_status``).

    A returned chapter stays *Returned* while the team edits it, until it is submitted
    again: the tag tells the team it still has to act on the reason (the same rule as
    ``last_return``). A chapter reopened after an approval is *In progress*.
    """
    if obj.state == Contribution.State.SUBMITTED:
        return TaskStatus.SUBMITTED
    if obj.state == Contribution.State.APPROVED:
        return TaskStatus.APPROVED
    if obj.last_step == Contribution.State.SUBMITTED:
        return TaskStatus.RETURNED
    if obj.updated_at is None or _nothing_written(obj):
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS


def _nothing_written(obj) -> bool:
    if isinstance(obj, Contribution):
        return not any(obj.word_counts.values())  # counted at save time: no text is read
    return bool(obj.missing_parts())


def review_baseline_id(contribution: Contribution) -> int | None:
    """The version a reviewer compares the newest one with: the one submitted before it
    (what was reviewed last time) or else the last approved one; None when there is no
    such version yet. One query.

    Submitted and approved records count, newest first, except the newest record of
    the history (the submission under review, or the return a team is working on).
    """
    history = contribution.history.order_by("-history_date", "-history_id")
    newest = Subquery(history.values("history_id")[:1])
    return (
        history.filter(state__in=[Contribution.State.SUBMITTED, Contribution.State.APPROVED])
        .exclude(history_id=newest)
        .values_list("history_id", flat=True)
        .first()
    )


def last_changes(contribution: Contribution) -> dict:
    """Who last changed a chapter, told apart: ``written``, the newest record that wrote
    text (a save: a record in concept after one in concept, or the very first record),
    and ``step``, the newest review step (a record whose state differs from the one
    before), with ``step.review_step`` (``ReviewStep``); either None when there is none.

    Two queries, whatever the length of the history: the state before each record is
    read by a subquery on the history's (object, date, id, state) index.
    """
    history = contribution.history.all()
    before = (
        history.filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("state")[:1]
    )
    records = (
        history.annotate(previous_state=Subquery(before))
        .select_related("history_user")
        .only("history_id", "history_date", "state", *USER_FIELDS)
        .order_by("-history_date", "-history_id")
    )
    written = records.filter(
        Q(previous_state__isnull=True) | Q(previous_state=F("state")),
        state=Contribution.State.CONCEPT,
    ).first()
    step = records.filter(previous_state__isnull=False).exclude(previous_state=F("state")).first()
    if step is not None:
        step.review_step = ReviewStep(STEP_BY_STATES[(step.previous_state, step.state)])
    return {"written": written, "step": step}
