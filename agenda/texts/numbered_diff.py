"""A chapter's word diff (``texts.diff``) with its paragraph numbers (``texts.numbering``):
each paragraph of the new version shown with its number, and a paragraph removed as a
whole with the number it had, so that a board reads "4.12 gewijzigd".

A diff's words come from the old text (``delete``), the new one (``insert``) or both
(``equal``), with a ``NEWLINE`` word between two blocks on each side; walking them
tells which old and which new block each word belongs to.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from agenda.texts.diff import NEWLINE, Change, change_html, join_words
from agenda.texts.numbering import marker


def _walk(changes: list[Change]):
    """``(change index, word, old block, new block)`` for every word of ``changes``; a
    ``NEWLINE`` comes with the blocks it ends."""
    old = new = 0
    for index, change in enumerate(changes):
        for word in change.words:
            yield index, word, old, new
            if word == NEWLINE:
                old += change.op != "insert"
                new += change.op != "delete"


def _kept(changes: list[Change]) -> set[int]:
    """The old blocks that keep at least one word: the others were removed as a whole."""
    return {
        old
        for index, word, old, _new in _walk(changes)
        if word != NEWLINE and changes[index].op == "equal"
    }


def _at(labels: list[str], block: int) -> str:
    return labels[block] if 0 <= block < len(labels) else ""


@dataclass(frozen=True)
class ParagraphChange:
    number: str
    kind: str  # "changed", "added" or "removed" (the number it had)

    @property
    def label(self) -> str:
        return {"changed": _("changed"), "added": _("added"), "removed": _("removed")}[self.kind]


def changed_paragraphs(
    changes: list[Change], old_labels: list[str], new_labels: list[str]
) -> list[ParagraphChange]:
    """The paragraphs a diff touches: by their number in the new version, changed or
    added (every word of it new), in the new order; then the ones removed as a whole, by
    the number they had in the old version."""
    kept = _kept(changes)
    all_new: dict[str, bool] = {}  # new number -> every word of it inserted
    changed: set[str] = set()
    removed: list[str] = []
    for index, word, old, new in _walk(changes):
        if word == NEWLINE:
            continue
        op = changes[index].op
        if op == "delete" and old not in kept:
            if (number := _at(old_labels, old)) and number not in removed:
                removed.append(number)
        elif op == "delete":  # words removed from a paragraph that stays
            if number := _at(new_labels, new):
                changed.add(number)
        elif number := _at(new_labels, new):
            all_new[number] = all_new.get(number, True) and op == "insert"
            if op == "insert":
                changed.add(number)
    return [
        ParagraphChange(number, "added" if every else "changed")
        for number, every in all_new.items()
        if number in changed
    ] + [ParagraphChange(number, "removed") for number in removed]


def render(changes: list[Change], old_labels: list[str], new_labels: list[str]) -> SafeString:
    """``diff.render`` with each new paragraph's number before its first word, and a
    paragraph removed as a whole with its old number, inside the ``<del>``."""
    kept = _kept(changes)
    shown_new, shown_old = "", ""
    pieces: dict[int, list] = {}
    starts: dict[int, bool] = {}
    for index, word, old, new in _walk(changes):
        op = changes[index].op
        words = pieces.setdefault(index, [[]])
        starts.setdefault(index, word == NEWLINE)
        if word != NEWLINE:
            number = ""
            if op == "delete":
                if old not in kept and _at(old_labels, old) != shown_old:
                    number = shown_old = _at(old_labels, old)
            elif _at(new_labels, new) != shown_new:
                number = shown_new = _at(new_labels, new)
            if number:
                words.append(marker(number))
                words.append([])
        words[-1].append(word)
    parts = []
    for index, change in enumerate(changes):
        text = mark_safe(
            " ".join(
                str(piece) if isinstance(piece, SafeString) else escape(join_words(piece))
                for piece in pieces.get(index, [])
                if piece
            ).replace(f"{NEWLINE} <", f"{NEWLINE}<")
        )
        if index and parts and not starts.get(index):
            parts.append(" ")
        parts.append(change_html(change.op, text))
    return mark_safe("".join(str(part) for part in parts))  # every part is escaped above
