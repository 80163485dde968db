"""A chapter's live document while writers co-edit it (``consumers.CoEditConsumer``):
reading it, and the messages of its room. The writes are in ``services.live``.

One Y.Doc per chapter, one XmlFragment per rich text (named as its form field:
``context``, ``provision_KB`` …). Every update a writer sends is a ``LiveUpdate`` row as it
arrives; the document is those rows applied in order, or, before anyone co-edited, the
chapter's saved texts (``live_html.seed_update``). The action table stays a form: its
rows are structured fields, which the form checks, and its conflicts are rare and short.

History stays with the saved chapter: a history record is written from the live
document on "Versie opslaan", on submit and after ``COEDIT_IDLE_MINUTES`` without an
edit. A text changed outside the live document (a restore, an accepted proposal, a save
without WebSockets) is written into it, after the live edits were recorded first.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from pycrdt import Doc, XmlFragment, create_update_message, merge_updates

from agenda.coediting.yhtml import fragment_to_html
from agenda.models import Contribution
from agenda.texts import aspects

logger = logging.getLogger(__name__)

CLOSE_ENDED = 4003
"""Close code: the chapter left the concept state (or the writer lost the right): the
editing session is over."""
CLOSE_REFUSED = 4403
"""Close code: the user may not edit this chapter (not a writer, or not a concept)."""

MAX_UPDATE_BYTES = 1_000_000
"""The largest update a writer's editor may send (a whole aspect is at most 100,000
characters of HTML; its Yjs form is a few times that)."""


def room_name(pk: int) -> str:
    return f"coedit.contribution.{pk}"


def text_names(contribution: Contribution) -> list[str]:
    return [text.name for text in aspects.texts(contribution.system_provisions)]


def rows(contribution: Contribution) -> list[tuple[int, bytes]]:
    """(pk, update) of the document's stored updates, in order."""
    return [(pk, bytes(data)) for pk, data in contribution.live_updates.values_list("pk", "data")]


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
            logger.exception("The live text %s cannot be read", name)
    return result


def has_unrecorded(contribution: Contribution, *, after: int = 0) -> bool:
    """Edits in the live document that no history record holds (newer than row
    ``after``, when given)."""
    return contribution.live_updates.filter(recorded=False, pk__gt=after).exists()


def live_texts(contribution: Contribution) -> dict[str, str] | None:
    """The texts as the live document has them when it holds edits not yet in a history
    record, else None (the saved texts are the same)."""
    if not has_unrecorded(contribution):
        return None
    document = document_of([data for _pk, data in rows(contribution)])
    return aspects.stored_texts(contribution) | htmls(document, text_names(contribution))


def newest_row(contribution: Contribution) -> int:
    """The pk of the newest stored update (0 without any): an edit page's starting point."""
    newest = contribution.live_updates.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0


def send_update(pk: int, update: bytes) -> None:
    """Send an update made on the server to the chapter's open editors."""
    _group_send(pk, {"type": "send_message", "message": create_update_message(update)})


def close_sessions(pk: int) -> None:
    """End every open editing session of the chapter (its editors say why)."""
    _group_send(pk, {"type": "coedit.closed", "code": CLOSE_ENDED})


def _group_send(pk: int, message: dict) -> None:
    """To the chapter's room; a channel layer that cannot be reached is logged, never
    raised: the change it follows has been committed already."""
    try:
        async_to_sync(get_channel_layer().group_send)(room_name(pk), message)
    except Exception:
        logger.exception("Could not reach the editors of chapter %s", pk)
