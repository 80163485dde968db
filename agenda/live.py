"""A chapter's live document while writers co-edit it (``consumers.CoEditConsumer``).

One Y.Doc per chapter, one XmlFragment per rich text (named as its form field:
``context``, ``provision_KB`` …). Every update is a ``LiveUpdate`` row as it arrives;
the document is those rows applied in order, or, before anyone co-edited, the chapter's
saved texts (``live_html.seed_update``). The action table stays a form: its rows are
structured fields, which the form checks, and its conflicts are rare and short.

History stays with the saved chapter: a history record is written from the live
document on "Versie opslaan", on submit and after ``COEDIT_IDLE_MINUTES`` without an
edit (``services.live``). A change made outside the live document (a restore, an
accepted proposal, a save without WebSockets) is written into it as one update, so that
open editors show it and nothing typed meanwhile is lost.

Functions here touch the database; the consumer calls them through
``database_sync_to_async``.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from pycrdt import Doc, XmlFragment, create_update_message, merge_updates

from . import aspects
from .live_html import fragment_to_html, html_to_fragment, seed_update
from .models import Contribution, LiveUpdate

COMPACT_AFTER = 200
"""Recorded updates of one chapter merged into one row once there are more than this."""

CLOSE_SUBMITTED = 4003
"""Close code: the chapter left the concept state; editing is over."""
CLOSE_REFUSED = 4403
"""Close code: the user may not edit this chapter (not a writer, or not a concept)."""


def room_name(pk: int) -> str:
    return f"coedit.contribution.{pk}"


def text_names(contribution: Contribution) -> list[str]:
    return [text.name for text in aspects.texts(contribution.system_provisions)]


def updates(contribution: Contribution) -> list[bytes]:
    """The document's updates in order; the first reader of a chapter without any seeds
    it from the saved texts (the same seed whichever process makes it)."""
    rows = [bytes(data) for data in contribution.live_updates.values_list("data", flat=True)]
    if rows:
        return rows
    seed = seed_update(_empty(contribution) | aspects.stored_texts(contribution))
    LiveUpdate.objects.create(contribution=contribution, data=seed, recorded=True)
    return [seed]


def _empty(contribution) -> dict[str, str]:
    """Every text of the chapter, empty (a provision's text may not exist yet)."""
    return {name: "" for name in text_names(contribution)}


def document(contribution: Contribution) -> Doc:
    doc = Doc()
    for update in updates(contribution):
        doc.apply_update(update)
    return doc


def htmls(doc: Doc, names) -> dict[str, str]:
    """The HTML of each named text of the document (not yet sanitised)."""
    return {name: fragment_to_html(doc.get(name, type=XmlFragment)) for name in names}


def live_texts(contribution: Contribution) -> dict[str, str] | None:
    """The texts as the live document has them when it holds edits not yet in a history
    record, else None (the saved texts are the same)."""
    if not contribution.live_updates.filter(recorded=False).exists():
        return None
    return htmls(document(contribution), text_names(contribution))


def store(contribution_id: int, update: bytes, author_id: int | None) -> None:
    LiveUpdate.objects.create(contribution_id=contribution_id, data=update, author_id=author_id)


def mark_recorded(contribution: Contribution, up_to: int) -> None:
    """The updates up to row ``up_to`` are in a history record now; merge the recorded
    ones into one row when there are many."""
    contribution.live_updates.filter(pk__lte=up_to, recorded=False).update(recorded=True)
    recorded = contribution.live_updates.filter(recorded=True)
    if recorded.count() > COMPACT_AFTER:
        rows = list(recorded.values_list("pk", "data"))
        merged = merge_updates(*(bytes(data) for _pk, data in rows))
        last = rows[-1][0]
        recorded.filter(pk__lt=last).delete()
        LiveUpdate.objects.filter(pk=last).update(data=merged)


def write_texts(contribution: Contribution, texts: dict[str, str]) -> None:
    """Put saved texts into the live document (if there is one) where they differ: one
    update that replaces those fragments, stored and sent to the open editors."""
    if not contribution.live_updates.exists():
        return  # the next editor seeds from the saved texts
    doc = document(contribution)
    current = htmls(doc, texts)
    before = doc.get_state()
    for name, html in texts.items():
        if current[name] == html:
            continue
        fragment = doc.get(name, type=XmlFragment)
        with doc.transaction():
            while len(fragment.children):
                del fragment.children[0]
        html_to_fragment(html, fragment)
    update = doc.get_update(before)
    if update == Doc().get_update():  # nothing changed
        return
    LiveUpdate.objects.create(contribution=contribution, data=update, recorded=True)
    _group_send(contribution.pk, {"type": "send_message", "message": create_update_message(update)})


def close_sessions(pk: int, code: int = CLOSE_SUBMITTED) -> None:
    """End every open editing session of the chapter (its editors say why)."""
    _group_send(pk, {"type": "coedit.closed", "code": code})


def _group_send(pk: int, message: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(room_name(pk), message)
