"""Co-editing's services: who may join a chapter's shared document, storing what a writer
sends, "Versie opslaan" from the shared document, and the save of a chapter left alone.

Each asks the rule itself (``permissions.editable_by``, read afresh from the database),
so that the socket (``coediting.consumer``), a view or a command that forgets cannot
open a hole. The document's own reads and writes are ``coediting.document``.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from agenda.coediting import document
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


@transaction.atomic
def coediting_save(
    *,
    contribution: Contribution,
    user,
    actions: list[dict] | None = None,
    base_revision: int | None = None,
    note: str = "",
) -> Contribution:
    """ "Versie opslaan" from the shared document: its texts (sanitised as every save) and
    the action table as stored or as the form sent it (``actions``) as one history
    record whose note names everyone who edited since the last one.

    A form that started before another save (``base_revision``) and sends another
    action table than the saved one is a ``RevisionConflict``, as it is without
    co-editing; the texts are the shared ones and never conflict. The same rules as a
    save (writer, concept).
    """
    locked = lock_for_writing(contribution, user=user)
    stale = actions is not None and base_revision not in (None, locked.revision)
    if stale and clean_content(ContributionContent(actions=actions)).actions != locked.actions:
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
