"""A chapter's comments as pages show them: the open ones per aspect, and every
comment on one aspect."""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from agenda.models import (
    Contribution,
)
from agenda.permissions import (
    can_resolve_comment,
)
from teams.permissions import team_perms

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
        .select_related("author", "on_version")
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
        .select_related("author", "resolved_by", "on_version")
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
