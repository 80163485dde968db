"""Writes of a co-edited chapter's live document (``agenda/live.py`` reads it): the
first seed, what writers send, and saved texts written into it."""

from django.db import transaction
from pycrdt import Doc, XmlFragment, merge_updates

from agenda.coediting import document as live
from agenda.coediting.yhtml import html_to_fragment, seed_update
from agenda.errors import AgendaError
from agenda.models import Contribution, LiveUpdate
from agenda.texts import aspects


@transaction.atomic
def live_document_updates(*, contribution: Contribution) -> bytes:
    """The document as one update, for an editor that connects. The first of a chapter
    seeds it from the saved texts, under the chapter's lock (a save at the same moment
    waits, so the seed is the saved text)."""
    Contribution.objects.select_for_update().get(pk=contribution.pk)
    stored = [data for _pk, data in live.rows(contribution)]
    if not stored:
        texts = {name: "" for name in live.text_names(contribution)}
        stored = [seed_update(texts | aspects.stored_texts(contribution))]
        LiveUpdate.objects.create(contribution=contribution, data=stored[0], recorded=True)
    return merge_updates(*stored)


def live_store(*, contribution: Contribution, update: bytes, author_id: int | None) -> None:
    """Keep an update a writer sent, as it arrived (applying one twice does no harm).
    Only updates to the chapter's own texts are kept; ``AgendaError`` otherwise."""
    if len(update) > live.MAX_UPDATE_BYTES:
        raise AgendaError("update too large")
    check = Doc()
    check.apply_update(update)
    if not set(check.keys()) <= set(live.text_names(contribution)):
        raise AgendaError("update outside the chapter's texts")
    LiveUpdate.objects.create(contribution=contribution, data=update, author_id=author_id)


def live_write_texts(*, contribution: Contribution, names) -> None:
    """Put the saved texts ``names`` into the live document (if there is one), as one
    update sent to the open editors: after a save from outside, whose live edits were
    recorded first (``flush_live_edits``)."""
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        found = live.rows(locked)
        if not found or not names:
            return  # the next editor seeds from the saved texts
        doc = live.document_of([data for _pk, data in found])
        before = doc.get_state()
        saved = aspects.stored_texts(locked)
        for name in names:
            fragment = doc.get(name, type=XmlFragment)
            with doc.transaction():
                while len(fragment.children):
                    del fragment.children[0]
            html_to_fragment(saved.get(name, ""), fragment)
        update = doc.get_update(before)
        LiveUpdate.objects.create(contribution=locked, data=update, recorded=True)
    live.send_update(contribution.pk, update)
