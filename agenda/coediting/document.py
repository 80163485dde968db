"""A chapter's shared document while writers co-edit it: its stored Yjs updates, reading
the texts from them, and the messages of its room. No rule is asked here: the services
that call this (``coediting.services``, ``services.contributions``, ``review.services``)
check who may do what.

One Y.Doc per chapter, one XmlFragment per rich text (named as its form field:
``context``, ``provision_KB`` …). Every update a writer sends is a ``CoeditingUpdate`` row
as it arrives; the document is those rows applied in order, or, before anyone
co-edited, the chapter's saved texts (``yhtml.seed_update``). The action table stays a
form: its rows are structured fields, which the form checks, and its conflicts are rare
and short.

History stays with the saved chapter: a history record is written from the document on
"Versie opslaan", on submit, before a save from outside (a form, a restore, an accepted
proposal) and after ``COEDIT_IDLE_MINUTES`` without an edit; the rows it holds are then
``recorded``.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext
from pycrdt import Decoder, Doc, XmlFragment, create_update_message, merge_updates

from agenda.coediting.yhtml import fragment_to_html, html_to_fragment, seed_update
from agenda.errors import AgendaError
from agenda.models import CoeditingUpdate, Contribution
from agenda.texts import aspects
from infra.language import site_language

logger = logging.getLogger(__name__)

CLOSE_ENDED = 4003
"""Close code: the chapter left the concept state (or the writer lost the right): the
editing session is over."""
CLOSE_REFUSED = 4403
"""Close code: the user may not edit this chapter (not a writer, or not a concept), or
sent what no editor sends (an update outside the chapter's texts, too large)."""
CLOSE_RETRY = 4503
"""Close code: the database or the channel layer failed for a moment. Nothing is
refused: the editor keeps what was typed and reconnects, and the sync then asks it for
whatever the stored document lacks."""

MAX_UPDATE_BYTES = 1_000_000
"""The largest update a writer's editor may send (a whole aspect is at most 100,000
characters of HTML; its Yjs form is a few times that)."""

EMPTY_UPDATE_BYTES = 2
"""An update that changes nothing (the answer of an empty document) is two bytes long."""

COMPACT_AFTER = 200
"""Recorded updates of one chapter merged into one row once there are more than this."""


class Refused(AgendaError):
    """An update no editor of this chapter sends; the socket is closed with
    ``CLOSE_REFUSED``."""


class SessionEnded(AgendaError):
    """The writer may no longer edit the chapter (it left the concept state, or their
    right went); the socket is closed with ``CLOSE_ENDED``."""


def room_name(pk: int) -> str:
    return f"coediting.contribution.{pk}"


def text_names(contribution: Contribution) -> list[str]:
    return [text.name for text in aspects.texts(contribution.system_provisions)]


def rows(contribution: Contribution, *, unrecorded: bool = False) -> list[tuple[int, bytes]]:
    """(pk, update) of the document's stored updates, in order (only those no history
    record holds yet, with ``unrecorded``)."""
    updates = contribution.coediting_updates.all()
    if unrecorded:
        updates = updates.filter(recorded=False)
    return [(pk, bytes(data)) for pk, data in updates.values_list("pk", "data")]


def document_of(updates: list[bytes]) -> Doc:
    doc = Doc()
    if updates:
        doc.apply_update(merge_updates(*updates))
    return doc


def htmls(doc: Doc, names) -> dict[str, str]:
    """The HTML of each named text of the document (not yet sanitised). A text that a
    client made unreadable is left out and logged: callers keep its saved text."""
    result = {}
    for name in names:
        try:
            result[name] = fragment_to_html(doc.get(name, type=XmlFragment))
        except Exception:  # a client can put anything into a Y document
            logger.exception("The co-edited text %s cannot be read", name)
    return result


def has_unrecorded(contribution: Contribution, *, after: int = 0) -> bool:
    """Edits in the document that no history record holds (newer than row ``after``,
    when given)."""
    return contribution.coediting_updates.filter(recorded=False, pk__gt=after).exists()


def current_texts(contribution: Contribution) -> dict[str, str] | None:
    """The texts as the document has them when it holds edits not yet in a history
    record, else None (the saved texts are the same)."""
    if not has_unrecorded(contribution):
        return None
    document = document_of([data for _pk, data in rows(contribution)])
    return aspects.stored_texts(contribution) | htmls(document, text_names(contribution))


def newest_row(contribution: Contribution) -> int:
    """The pk of the newest stored update (0 without any): an edit page's starting point."""
    newest = contribution.coediting_updates.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0


@transaction.atomic
def updates_for_editor(contribution: Contribution) -> bytes:
    """The document as one update, for an editor that connects. The first of a chapter
    seeds it from the saved texts, under the chapter's lock (a save at the same moment
    waits, so the seed is the saved text; a second editor connecting at the same moment
    waits and finds the seed)."""
    Contribution.objects.select_for_update().get(pk=contribution.pk)
    stored = [data for _pk, data in rows(contribution)]
    if not stored:
        texts = {name: "" for name in text_names(contribution)}
        stored = [seed_update(texts | aspects.stored_texts(contribution))]
        CoeditingUpdate.objects.create(contribution=contribution, data=stored[0], recorded=True)
    return merge_updates(*stored)


def state_of(contribution: Contribution) -> bytes:
    """The document's state vector as the database holds it (seeded first, if needed):
    what the server asks a connecting editor to complete (Yjs sync step 1)."""
    return document_of([updates_for_editor(contribution)]).get_state()


def missing_for(contribution: Contribution, state: bytes) -> bytes:
    """What an editor with state vector ``state`` lacks of the document as the database
    holds it (the answer to its sync step 1): one update, built from every stored row,
    whichever process received them."""
    return document_of([updates_for_editor(contribution)]).get_update(state)


def clocks(state: bytes) -> dict[int, int]:
    """A Yjs state vector as {client id: clock}; an unreadable one is empty."""
    try:
        decoder = Decoder(state)
        return {
            decoder.read_var_uint(): decoder.read_var_uint() for _ in range(decoder.read_var_uint())
        }
    except Exception:  # a client can send anything
        return {}


def holds(contribution: Contribution, state: bytes) -> bool:
    """Whether the stored document holds everything an editor with state vector
    ``state`` has: every client's clock in it is reached. "Versie opslaan" waits for
    this before it reads the document, so that the last keystrokes are in the record."""
    stored = clocks(document_of([data for _pk, data in rows(contribution)]).get_state())
    return all(stored.get(client, 0) >= clock for client, clock in clocks(state).items())


def is_edit(update: bytes) -> bool:
    """Whether ``update`` changes the document: the empty answer of a browser whose
    document is empty (two bytes) is no edit and is never stored as one."""
    return len(update) > EMPTY_UPDATE_BYTES


def store(contribution: Contribution, update: bytes, *, author_id: int | None) -> bool:
    """Keep an update a writer sent, as it arrived (applying one twice does no harm).
    Only updates to the chapter's own texts are kept (``Refused`` otherwise); an update
    that changes nothing is not kept. Returns whether it was stored."""
    if len(update) > MAX_UPDATE_BYTES:
        raise Refused("update too large")
    if not is_edit(update):
        return False
    check = Doc()
    check.apply_update(update)
    if not set(check.keys()) <= set(text_names(contribution)):
        raise Refused("update outside the chapter's texts")
    CoeditingUpdate.objects.create(contribution=contribution, data=update, author_id=author_id)
    return True


class Unrecorded:
    """The edits of a locked chapter's document that no history record holds: the
    document's texts now and who typed them; ``mark_recorded`` once a record holds them.
    False when there are none newer than row ``after``."""

    def __init__(self, locked: Contribution, *, after: int = 0):
        self.contribution = locked
        found = list(locked.coediting_updates.values_list("pk", "data", "recorded", "author"))
        self.found = [(pk, bytes(data)) for pk, data, _recorded, _author in found]
        unrecorded = [(pk, author) for pk, _data, recorded, author in found if not recorded]
        self.newer = any(pk > after for pk, _author in unrecorded)
        self.authors = {author for _pk, author in unrecorded if author is not None}

    def __bool__(self) -> bool:
        return self.newer

    def texts(self) -> dict[str, str]:
        """Every text as the document has it (the saved text where it has none)."""
        doc = document_of([data for _pk, data in self.found])
        saved = aspects.stored_texts(self.contribution)
        return saved | htmls(doc, text_names(self.contribution))

    def editors(self) -> str:
        """The names of who edited since the last record, in the site's language."""
        people = get_user_model().objects.filter(pk__in=self.authors)
        with site_language():
            names = sorted(str(person) for person in people)
            return str(get_text_list(names, gettext("and")))

    def mark_recorded(self) -> None:
        """These rows are in a history record now; merge the recorded ones into one row
        when there are many (the rows merged are the ones read, nothing that arrived
        since)."""
        pks = [pk for pk, _data in self.found]
        updates = self.contribution.coediting_updates
        updates.filter(pk__in=pks).update(recorded=True)
        if len(self.found) > COMPACT_AFTER:
            merged = merge_updates(*(data for _pk, data in self.found))
            updates.filter(pk__in=pks[:-1]).delete()
            CoeditingUpdate.objects.filter(pk=pks[-1]).update(data=merged)


def write_texts(contribution: Contribution, names) -> None:
    """Put the saved texts ``names`` into the document (if there is one), as one update
    sent to the open editors: after a save made outside the document (a form, a restore,
    an accepted proposal), whose co-edited edits were recorded first."""
    names = list(names)
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        found = rows(locked)
        if not found or not names:
            return  # the next editor seeds from the saved texts
        doc = document_of([data for _pk, data in found])
        before = doc.get_state()
        saved = aspects.stored_texts(locked)
        for name in names:
            fragment = doc.get(name, type=XmlFragment)
            with doc.transaction():
                while len(fragment.children):
                    del fragment.children[0]
            html_to_fragment(saved.get(name, ""), fragment)
        update = doc.get_update(before)
        CoeditingUpdate.objects.create(contribution=locked, data=update, recorded=True)
    send_update(contribution.pk, update)


def write_texts_after_commit(contribution: Contribution, names) -> None:
    """``write_texts`` once the save that changed ``names`` is committed."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: write_texts(contribution, names), robust=True)


def send_update(pk: int, update: bytes) -> None:
    """Send an update made on the server to the chapter's open editors."""
    _group_send(pk, {"type": "coediting.message", "message": create_update_message(update)})


def close_sessions(pk: int) -> None:
    """End every open editing session of the chapter (its editors say why)."""
    _group_send(pk, {"type": "coediting.closed", "code": CLOSE_ENDED})


def _group_send(pk: int, message: dict) -> None:
    """To the chapter's room; a channel layer that cannot be reached is logged, never
    raised: the change it follows has been committed already."""
    try:
        async_to_sync(get_channel_layer().group_send)(room_name(pk), message)
    except Exception:
        logger.exception("Could not reach the editors of chapter %s", pk)
