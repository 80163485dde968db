"""Passages of a rich text: find a quoted passage again, change it, mark it.

A proposal (``models.Proposal``) names the passage it changes the way the W3C Web
Annotation model's *TextQuoteSelector* does (and Hypothesis, which anchors annotations
on changing pages): the quoted words (``exact``) with a few words before and after
(``prefix``, ``suffix``) to tell repeated words apart. No offsets are stored, so the
passage is found again after edits elsewhere in the text; when the words themselves
changed it is not found, and the proposal is outdated.

Text is compared as the reader sees it: per block (paragraph, heading, list item, as
``diff.text_blocks`` splits them) with runs of white space as one space. A passage lies
within one block. Changing or marking it edits the text nodes it covers and keeps the
markup around them (bold, links), so formatting elsewhere in the block survives.
"""

from dataclasses import dataclass
from enum import StrEnum
from html import escape

from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

from agenda.texts.diff import BLOCK_TAGS

CONTEXT = 32
"""Characters of context kept on either side of a passage."""


class Kind(StrEnum):
    REPLACE = "replace"
    DELETE = "delete"
    INSERT = "insert"  # after the passage


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


class NotFound(Exception):
    """The passage is not (or not unambiguously) in the text; the message says why."""


def normalised(text: str) -> str:
    """``text`` with every run of white space as one space, trimmed (as the reader sees it)."""
    return " ".join(text.split())


@dataclass
class _Piece:
    node: etree._Element
    attr: str  # "text" or "tail"
    value: str


class _Text:
    """The text nodes of an HTML fragment, grouped into blocks, with for every character
    of a block's normalised text the piece and offset it came from."""

    def __init__(self, html: str):
        self.root = lxml_html.fragment_fromstring(html or "", create_parent="div")
        self.pieces: list[_Piece] = []
        self.blocks: list[tuple[str, list[tuple[int, int]]]] = []
        self._chars: list[str] = []
        self._sources: list[tuple[int, int]] = []
        self._space: tuple[int, int] | None = None
        self._walk()

    def _walk(self) -> None:
        self._data(self.root, "text")
        for event, element in etree.iterwalk(self.root, events=("start", "end")):
            if element is self.root or not isinstance(element.tag, str):
                continue
            if event == "start":
                if element.tag in BLOCK_TAGS:
                    self._close()
                self._data(element, "text")
            else:
                if element.tag in BLOCK_TAGS:
                    self._close()
                self._data(element, "tail")
        self._close()

    def _data(self, node, attr: str) -> None:
        value = getattr(node, attr) or ""
        if not value:
            return
        index = len(self.pieces)
        self.pieces.append(_Piece(node, attr, value))
        for offset, char in enumerate(value):
            if char.isspace():
                if self._chars and self._space is None:
                    self._space = (index, offset)
                continue
            if self._space is not None:
                self._chars.append(" ")
                self._sources.append(self._space)
                self._space = None
            self._chars.append(char)
            self._sources.append((index, offset))

    def _close(self) -> None:
        if self._chars:
            self.blocks.append(("".join(self._chars), self._sources))
        self._chars, self._sources, self._space = [], [], None

    @property
    def plain(self) -> str:
        return "\n".join(text for text, _sources in self.blocks)

    def html(self) -> str:
        inner = escape(self.root.text or "", quote=False)
        return inner + "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in self.root
        )

    def block_at(self, index: int) -> tuple[int, int]:
        """(block number, offset in the block) of ``index`` in ``plain``."""
        start = 0
        for number, (text, _sources) in enumerate(self.blocks):
            if index <= start + len(text):
                return number, index - start
            start += len(text) + 1
        raise IndexError(index)

    def replace(self, block: int, start: int, end: int, new: str) -> None:
        """Replace characters ``start:end`` of a block's normalised text by ``new``
        (``start == end``: insert at ``start``)."""
        sources = self.blocks[block][1]
        if start < end:
            first_piece, first_offset = sources[start]
        else:
            first_piece, first_offset = self._after(sources, start)
        last_piece, last_end = self._after(sources, end)
        for index in range(first_piece, last_piece + 1):
            piece = self.pieces[index]
            before = piece.value[:first_offset] + new if index == first_piece else ""
            after = piece.value[last_end:] if index == last_piece else ""
            piece.value = before + after
            setattr(piece.node, piece.attr, piece.value or None)

    @staticmethod
    def _after(sources, index: int) -> tuple[int, int]:
        """The piece and raw offset just after character ``index - 1``."""
        piece, offset = sources[index - 1]
        return piece, offset + 1

    def mark(self, block: int, start: int, end: int, *, element_id: str, css: str) -> None:
        """Wrap characters ``start:end`` of a block in ``<mark>``, one per text node."""
        sources = self.blocks[block][1]
        first_piece, first_offset = sources[start]
        last_piece, last_end = self._after(sources, end)
        for index in range(last_piece, first_piece - 1, -1):  # back to front: offsets hold
            piece = self.pieces[index]
            a = first_offset if index == first_piece else 0
            b = last_end if index == last_piece else len(piece.value)
            if a >= b:
                continue
            mark = etree.Element("mark", {"class": css})
            if index == first_piece:
                mark.set("id", element_id)
            mark.text, mark.tail = piece.value[a:b], piece.value[b:] or None
            piece.value = piece.value[:a]
            if piece.attr == "text":
                piece.node.text = piece.value or None
                piece.node.insert(0, mark)
            else:
                piece.node.tail = piece.value or None
                piece.node.addnext(mark)


def plain_text(html: str) -> str:
    """The text of ``html`` as passages are quoted from it: blocks on lines of their own."""
    return _Text(html).plain


def _occurrences(plain: str, exact: str) -> list[int]:
    found, start = [], plain.find(exact)
    while start != -1:
        found.append(start)
        start = plain.find(exact, start + 1)
    return found


def _context(plain: str, start: int, end: int) -> tuple[str, str]:
    flat = plain.replace("\n", " ")
    return flat[max(0, start - CONTEXT) : start], flat[end : end + CONTEXT]


def _unspaced(text: str) -> str:
    return "".join(text.split())


def locate(plain: str, quote: Quote) -> int:
    """Where ``quote`` starts in ``plain`` (``plain_text``): the one occurrence of its
    words whose context matches best. Raises ``NotFound`` when the words are not there,
    span blocks, or occur more than once with nothing to choose between them."""
    exact = normalised(quote.exact)
    if not exact:
        raise NotFound(_("Copy or select the passage you want to change."))
    starts = _occurrences(plain, exact)
    if not starts:
        if exact in plain.replace("\n", " "):
            raise NotFound(_("Choose a passage within one paragraph."))
        raise NotFound(_("This passage is not (or no longer) in the text."))
    if len(starts) == 1:
        return starts[0]
    # Context is compared without white space: a browser's selection joins paragraphs
    # without the space that ``plain`` has between them.
    prefix, suffix = _unspaced(quote.prefix), _unspaced(quote.suffix)

    def score(start: int) -> int:
        before = _unspaced(plain[:start])
        after = _unspaced(plain[start + len(exact) :])
        return (bool(prefix) and before.endswith(prefix)) + (
            bool(suffix) and after.startswith(suffix)
        )

    scores = [score(start) for start in starts]
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        raise NotFound(
            _(
                "This passage occurs %(count)s times; add a few words before or after it "
                "so that it is clear which one you mean."
            )
            % {"count": len(starts)}
        )
    return starts[scores.index(best)]


def anchored(html: str, exact: str, prefix: str = "", suffix: str = "") -> Quote:
    """The quote of a passage of ``html`` as a proposal stores it: its words and the
    context around the occurrence meant (``prefix``/``suffix`` from the reader's
    selection choose between repeated words). Raises ``NotFound``."""
    plain = plain_text(html)
    exact = normalised(exact)
    start = locate(plain, Quote(exact, prefix, suffix))
    before, after = _context(plain, start, start + len(exact))
    return Quote(exact, before, after)


def changed_words(kind: str, exact: str, text: str) -> str:
    """What the passage becomes."""
    text = normalised(text)
    if kind == Kind.DELETE:
        return ""
    if kind == Kind.INSERT:
        return f"{exact} {text}"
    return text


def apply(html: str, quote: Quote, kind: str, text: str) -> str:
    """``html`` with the passage replaced, deleted or followed by ``text`` (plain text;
    it is escaped when the HTML is written). Raises ``NotFound`` when the passage is not
    (unambiguously) in ``html`` any more."""
    parsed = _Text(html)
    start = locate(parsed.plain, quote)
    block, offset = parsed.block_at(start)
    end = offset + len(normalised(quote.exact))
    text = normalised(text)
    if kind == Kind.INSERT:
        parsed.replace(block, end, end, f" {text}")
    elif kind == Kind.DELETE:
        # Take one neighbouring space along, so that no double space is left.
        block_text = parsed.blocks[block][0]
        if end < len(block_text) and block_text[end] == " ":
            end += 1
        elif offset > 0 and block_text[offset - 1] == " ":
            offset -= 1
        parsed.replace(block, offset, end, "")
    else:
        parsed.replace(block, offset, end, text)
    return parsed.html()


def paragraph(html: str, quote: Quote) -> tuple[str, int, int]:
    """The block that holds the passage and the passage's start and end in it.
    Raises ``NotFound``."""
    parsed = _Text(html)
    start = locate(parsed.plain, quote)
    block, offset = parsed.block_at(start)
    return parsed.blocks[block][0], offset, offset + len(normalised(quote.exact))


def marked(html: str, quotes: list[tuple[Quote, str]], *, css: str) -> str:
    """``html`` with each passage found wrapped in ``<mark id=...>`` (``quotes``: the
    quote and the id); passages not found are left unmarked."""
    for quote, element_id in quotes:
        parsed = _Text(html)
        try:
            start = locate(parsed.plain, quote)
        except NotFound:
            continue
        block, offset = parsed.block_at(start)
        parsed.mark(
            block, offset, offset + len(normalised(quote.exact)), element_id=element_id, css=css
        )
        html = parsed.html()
    return html
