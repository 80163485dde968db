"""A chapter's comments as pages show them: the open threads per aspect with their
replies and passages, every thread on one aspect, and one thread."""

import datetime
import hashlib
import json
from dataclasses import replace
from functools import partial

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from agenda.models import (
    Comment,
    Contribution,
)
from agenda.permissions import (
    can_resolve_comment,
)
from agenda.texts import aspects, passages
from agenda.texts.html import ParsedText
from infra.caching import remembered
from teams.permissions import readable_team_ids, readers, team_perms

MARK_CLASS = "portal-comment-mark"
COMMENTS_SHOWN = 5  # open comments per aspect on the chapter's page; the rest one click away


def comment_threads(
    contribution: Contribution, user, *, perms: set[str] | None = None, shown=COMMENTS_SHOWN
):
    """Per aspect with comments: its label, its counts of threads (``open``,
    ``resolved``) and the first ``shown`` open threads, oldest first, each with its
    replies (``thread_replies``); ``more`` says how many open threads are not shown.
    Three queries, however many threads and replies there are.

    Each thread says whether ``user`` may resolve it (``can_resolve``); the user's rights
    on the team (``perms``) are read once, not once per comment. A thread about a
    passage says whether the passage is still in today's text (``outdated``).
    """
    roots = contribution.comments.filter(parent__isnull=True)
    counts = {
        row["aspect"]: row
        for row in roots.order_by()
        .values("aspect")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(resolved_at__isnull=True)))
    }
    first_open = (
        roots.filter(resolved_at__isnull=True)
        .select_related("author", "on_version")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("aspect"), order_by=[F("created_at"), F("pk")])
        )
        .filter(rank__lte=shown)
        .order_by("created_at", "pk")
    )
    comments = with_replies(resolvable(contribution, user, first_open, perms=perms))
    located(contribution, comments)
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


def with_replies(threads: list) -> list:
    """``threads`` (opening comments) each with its replies, oldest first
    (``thread_replies``), read in one query."""
    by_thread = {thread.pk: thread for thread in threads}
    for thread in threads:
        thread.thread_replies = []
    if by_thread:
        for reply in (
            Comment.objects.filter(parent__in=list(by_thread))
            .select_related("author")
            .order_by("created_at", "pk")
        ):
            by_thread[reply.parent_id].thread_replies.append(reply)
    return threads


def located(contribution: Contribution, threads: list) -> None:
    """Set ``outdated`` on each thread about a passage: its words are not (unambiguously)
    in today's text. Cached under the texts' fingerprint and the threads' ids (the
    passages never change)."""
    anchored = [t for t in threads if t.exact]
    for thread in threads:
        thread.outdated = False
    if not anchored:
        return

    def compute():
        texts = aspects.stored_texts(contribution)
        parsed: dict[str, ParsedText] = {}
        lost = []
        for thread in anchored:
            if thread.aspect not in parsed:
                parsed[thread.aspect] = ParsedText(texts.get(thread.aspect, ""))
            try:
                passages.locate(parsed[thread.aspect].plain, thread.quote)
            except passages.NotFound:
                lost.append(thread.pk)
        return lost

    lost = set(
        remembered(
            "comment-passages",
            contribution.pk,
            aspects.fingerprint(contribution),
            *sorted(t.pk for t in anchored),
            compute=compute,
        )
    )
    for thread in anchored:
        thread.outdated = thread.pk in lost


def with_comment_marks(sections, threads) -> list:
    """The chapter's sections (as ``selectors.proposals.chapter_proposals`` marked them)
    with each shown thread's passage marked too and the threads about a passage attached
    to their text (``Part.comments``). Marking is cached under the text as it is and the
    threads' ids: neither changes."""
    by_text: dict[str, list] = {}
    for aspect in threads:
        for thread in aspect["comments"]:
            if thread.exact:
                by_text.setdefault(thread.aspect, []).append(thread)
    if not by_text:
        return sections
    result = []
    for section in sections:
        parts = []
        for part in section.parts:
            items = by_text.get(part.text.name, [])
            quotes = [(t.quote, t.passage_id) for t in items if not t.outdated]
            html = part.html
            if quotes:
                html = remembered(
                    "comment-marks",
                    hashlib.blake2b(part.html.encode(), digest_size=16).hexdigest(),
                    *(t.pk for t in items if not t.outdated),
                    compute=partial(passages.marked, part.html, quotes, css=MARK_CLASS),
                )
            parts.append(replace(part, html=html, comments=tuple(items)))
        result.append(replace(section, parts=parts))
    return result


def aspect_comments(contribution: Contribution, aspect: str):
    """Every thread on one aspect: the open ones first, each group oldest first."""
    return (
        contribution.comments.filter(aspect=aspect, parent__isnull=True)
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


def thread_for(contribution: Contribution, user, thread: Comment, *, perms=None) -> Comment:
    """One thread as its page shows it: with ``can_resolve``, its replies and whether its
    passage is still in the text."""
    (thread,) = with_replies(resolvable(contribution, user, [thread], perms=perms))
    located(contribution, [thread])
    return thread


def mention_people(contribution: Contribution) -> str:
    """Who can be mentioned in a comment on ``contribution``
    (``teams.permissions.readers``), as JSON for the page's mention list: id, name and
    username, by name. One query. The server checks every mention again; this list only
    offers."""
    people = readers(contribution.team_id).order_by("first_name", "last_name", "username")
    return json.dumps(
        [
            {"id": person.pk, "name": str(person), "username": person.username}
            for person in people.only("pk", "first_name", "last_name", "username")
        ]
    )


MENTION_DAYS = 30
"""How long *Voor u* shows a mention that was not answered in its thread."""


def unanswered_mentions(user):
    """Comments of the last ``MENTION_DAYS`` days that mention ``user``, in an open
    thread of a chapter they still read, that they have not answered in that thread
    since. One query, no chapter text."""
    since = timezone.now() - datetime.timedelta(days=MENTION_DAYS)
    answered = Comment.objects.filter(
        Q(parent=OuterRef("parent")) | Q(parent=OuterRef("pk")),
        author=user,
        created_at__gt=OuterRef("created_at"),
    )
    open_thread = Q(parent__isnull=True, resolved_at__isnull=True) | Q(
        parent__isnull=False, parent__resolved_at__isnull=True
    )
    return (
        Comment.objects.filter(open_thread, mentions=user, created_at__gte=since)
        .filter(contribution__team__in=readable_team_ids(user))
        .exclude(Exists(answered))
        .select_related("author", "contribution__team")
        .only(
            "parent_id",
            "contribution_id",
            "created_at",
            "author__username",
            "author__first_name",
            "author__last_name",
            "contribution__team__number",
            "contribution__team__name",
        )
        .order_by("created_at", "pk")
    )
