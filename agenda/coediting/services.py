"""Co-editing's services: who may join a chapter's shared document, storing what a writer
sends, "Versie opslaan" from the shared document, and the save of a chapter left alone.

Each asks the rule itself (``permissions.editable_by``, read afresh from the database),
so that the socket (``coediting.consumer``), a view or a command that forgets cannot
open a hole. The document's own reads and writes are ``coediting.document``.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.coediting import document
from agenda.errors import AgendaError
from agenda.models import CoeditingUpdate, Contribution
from agenda.permissions import can_edit, editable_by
from agenda.services.contributions import (
    ContributionContent,
    clean_content,
    record_coediting_edits,
)
from agenda.services.reviewed import lock_for_writing
from infra.language import site_text
from infra.revisions import RevisionConflict

logger = logging.getLogger(__name__)


def coediting_chapter(user, pk: int) -> Contribution | None:
    """The chapter ``pk`` when ``user`` may co-edit it now (it is a concept and they
    write for its team), else None. Read afresh from the database."""
    if not settings.COEDIT_ENABLED or user is None or not user.is_authenticated:
        return None
    return editable_by(user).select_related("team").filter(pk=pk).first()


def coediting_store(*, contribution: Contribution, user, update: bytes) -> bool:
    """Keep an update ``user`` sent to the chapter's shared document, as it arrived.

    Refused when ``user`` may no longer edit the chapter (``document.SessionEnded``,
    asked afresh for every update: a right taken away or a submit stops the next
    keystroke), and when the update is no editor's (``document.Refused``: outside the
    chapter's texts, too large). An
    update that changes nothing is not kept. Returns whether it was stored.
    """
    if not editable_by(user).filter(pk=contribution.pk).exists():
        raise document.SessionEnded("no longer editable by this user")
    return document.store(contribution, update, author_id=user.pk)


ARRIVAL_SECONDS = 5.0
"""How long "Versie opslaan" waits for the last keystrokes a browser sent to be stored
(they travel over the socket, possibly to another process) before it says so."""


def wait_for_arrival(contribution: Contribution, state: bytes) -> bool:
    """Whether the stored document holds everything of the browser whose state vector
    is ``state``, waiting up to ``ARRIVAL_SECONDS`` for updates still on their way."""
    deadline = time.monotonic() + ARRIVAL_SECONDS
    while not document.holds(contribution, state):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def coediting_save(
    *,
    contribution: Contribution,
    user,
    actions: list[dict] | None = None,
    base_revision: int | None = None,
    note: str = "",
    state: bytes = b"",
) -> Contribution:
    """ "Versie opslaan" from the shared document: its texts (sanitised as every save)
    and the action table as stored or as the form sent it (``actions``) as one history
    record whose note names everyone who edited since the last one.

    ``state``: the saving browser's state vector. The record is written only once the
    stored document holds everything that browser has (``wait_for_arrival``); else an
    ``AgendaError`` says so and nothing is saved (the browser keeps the text).

    A form that started before another save (``base_revision``) and sends another
    action table than the saved one is a ``RevisionConflict``, as it is without
    co-editing; the texts are the shared ones and never conflict. The same rules as a
    save (writer, concept).
    """
    if state and not wait_for_arrival(contribution, state):
        raise AgendaError(
            _(
                "Not everything you typed has reached the server yet, so nothing was "
                "saved. Your text is still here: wait a moment and save again."
            )
        )
    with transaction.atomic():
        locked = lock_for_writing(contribution, user=user)
        stale = actions is not None and base_revision not in (None, locked.revision)
        new_actions = clean_content(ContributionContent(actions=actions or [])).actions
        if stale and new_actions != locked.actions:
            raise RevisionConflict(locked)
        record_coediting_edits(locked, user=user, always=True, actions=actions, note=note)
        return locked


def save_idle_drafts(now=None) -> int:
    """A history record for every chapter whose shared document has edits not yet
    recorded and no edit for ``COEDIT_IDLE_MINUTES``, by its newest editor who may still
    edit it. A chapter that fails is logged and left for the next run. Returns how many."""
    now = now or timezone.now()
    quiet = now - timedelta(minutes=settings.COEDIT_IDLE_MINUTES)
    waiting = (
        CoeditingUpdate.objects.filter(recorded=False)
        .values("contribution")
        .annotate(last=Max("created_at"))
        .filter(last__lt=quiet)
    )
    saved = 0
    for row in waiting:
        contribution = Contribution.objects.select_related("team").get(pk=row["contribution"])
        authors = (
            contribution.coediting_updates.filter(recorded=False, author__isnull=False)
            .select_related("author")
            .order_by("-pk")
        )
        user = next((u.author for u in authors if can_edit(u.author, contribution)), None)
        if user is None:
            continue
        note = site_text(
            gettext_noop("Saved automatically after %(minutes)s minutes without edits"),
            minutes=settings.COEDIT_IDLE_MINUTES,
        )
        try:
            coediting_save(contribution=contribution, user=user, note=note)
        except Exception:
            logger.exception("The idle save of chapter %s failed", contribution.pk)
            continue
        saved += 1
    return saved
