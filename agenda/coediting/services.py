"""History records written from a co-edited chapter's live document: on "Versie opslaan"
(``live_save``), before a submit (``live_submit``) and a save from outside
(``flush_live_edits``), and for a chapter left alone (``save_idle_drafts``)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_noop
from pycrdt import merge_updates

from agenda.coediting import document as live
from agenda.errors import ContributionConflict
from agenda.models import Contribution, LiveUpdate
from agenda.permissions import can_edit
from agenda.review.machine import Action
from agenda.review.services import review_transition
from agenda.services.contributions import (
    ContributionContent,
    clean_content,
    content_of,
    contribution_save,
)
from agenda.texts import aspects
from infra.language import site_language, site_text

logger = logging.getLogger(__name__)

COMPACT_AFTER = 200
"""Recorded updates of one chapter merged into one row once there are more than this."""


def _editors(contribution, pks: list[int]) -> str:
    """The names of who edited in these rows of the live document."""
    ids = (
        contribution.live_updates.filter(pk__in=pks, recorded=False, author__isnull=False)
        .values_list("author", flat=True)
        .distinct()
    )
    people = get_user_model().objects.filter(pk__in=set(ids)).order_by("first_name", "last_name")
    with site_language():
        return str(get_text_list([str(person) for person in people], gettext("and")))


@transaction.atomic
def live_save(
    *,
    contribution: Contribution,
    user,
    actions: list[dict] | None = None,
    base_revision: int | None = None,
    note: str = "",
) -> Contribution:
    """Write the live document as a history record ("Versie opslaan", submit, idle): its
    texts, sanitised as every save, and the action table as stored or as the form sent
    it (``actions``). A form that started before another save (``base_revision``) and
    sends another action table than the saved one is a conflict
    (``ContributionConflict``), as it is without co-editing; its texts are the shared
    ones and never conflict. The note names everyone who edited since the last record.
    The same rules as a save (writer, concept).
    """
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    stale = actions is not None and base_revision not in (None, locked.revision)
    if stale and clean_content(ContributionContent(actions=actions)).actions != locked.actions:
        raise ContributionConflict(locked)
    found = live.rows(locked)
    pks = [pk for pk, _data in found]
    texts = aspects.stored_texts(locked) | live.htmls(
        live.document_of([data for _pk, data in found]), live.text_names(locked)
    )
    fields = aspects.fields_of(content_of(locked)) | aspects.content_fields(
        [(text, texts.get(text.name, "")) for text in aspects.texts(locked.system_provisions)]
    )
    if actions is not None:
        fields["actions"] = actions
    note = note.strip() or site_text(gettext_noop("Saved"))
    if editors := _editors(locked, pks):
        note = site_text(gettext_noop("%(note)s; edited by %(names)s"), note=note, names=editors)
    saved = contribution_save(
        contribution=locked,
        user=user,
        content=ContributionContent(**fields),
        base_revision=locked.revision,
        note=note,
        from_live=True,
    )
    _recorded(saved, found)
    return saved


def _recorded(contribution, found: list[tuple[int, bytes]]) -> None:
    """These rows are in a history record now; merge the recorded ones into one row when
    there are many (the rows merged are the ones read, nothing that arrived since)."""
    contribution.live_updates.filter(pk__in=[pk for pk, _data in found]).update(recorded=True)
    if len(found) > COMPACT_AFTER:
        merged = merge_updates(*(data for _pk, data in found))
        last = found[-1][0]
        contribution.live_updates.filter(pk__in=[pk for pk, _data in found[:-1]]).delete()
        LiveUpdate.objects.filter(pk=last).update(data=merged)


def flush_live_edits(*, contribution: Contribution, user, after: int = 0) -> Contribution:
    """Before a change made outside the live document (a submit, a form save, a
    restore): the live edits no record holds (newer than row ``after``) become a
    history record first, so that they are kept, and a form that did not include them
    meets the conflict page. Returns the chapter as it is now."""
    if live.has_unrecorded(contribution, after=after):
        return live_save(contribution=contribution, user=user)
    return contribution


@transaction.atomic
def live_submit(*, contribution: Contribution, user) -> Contribution:
    """Submit a chapter with what its writers typed: the live edits become a history
    record first, under the same lock, and the submit closes the editing sessions."""
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    current = flush_live_edits(contribution=locked, user=user)
    return review_transition(obj=current, user=user, action=Action.SUBMIT)


def save_idle_drafts(now=None) -> int:
    """A history record for every chapter whose live document has edits not yet recorded
    and no edit for ``COEDIT_IDLE_MINUTES``, by its newest editor who may still edit it.
    A chapter that fails is logged and left for the next run. Returns how many."""
    now = now or timezone.now()
    quiet = now - timedelta(minutes=settings.COEDIT_IDLE_MINUTES)
    waiting = (
        LiveUpdate.objects.filter(recorded=False)
        .values("contribution")
        .annotate(last=Max("created_at"))
        .filter(last__lt=quiet)
    )
    saved = 0
    for row in waiting:
        contribution = Contribution.objects.select_related("team").get(pk=row["contribution"])
        authors = (
            contribution.live_updates.filter(recorded=False, author__isnull=False)
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
            live_save(contribution=contribution, user=user, note=note)
        except Exception:
            logger.exception("The idle save of chapter %s failed", contribution.pk)
            continue
        saved += 1
    return saved
