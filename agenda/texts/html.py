"""A chapter's rich text, parsed once the same way for everything that reads it: its
blocks (paragraphs, headings, list items) with their plain text, each character traced
back to the text node it came from.

The diff compares these blocks, passages are found, changed and marked in them, word
counts and "is it empty" count their words, and the co-edited document is built from
the same tree (``coediting.yhtml``). One parser (lxml's, on the HTML the sanitiser let
through) so that all of them see one text. The sanitiser's flattener
(``texts.richtext``) alone streams the raw input with the standard library's parser:
it must survive hostile nesting far deeper than a tree parser keeps.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from html import escape
from itertools import accumulate

from lxml import etree
from lxml import html as lxml_html

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "blockquote"}
"""Elements that start and end a block of text."""


def words(text: str) -> set[str]:
    """The distinct words of ``text``, in lower case, without punctuation."""
    return set(re.findall(r"\w+", text.lower()))


def parse(html: str):
    """``html`` as an lxml tree under one ``<div>`` (the editor's HTML is a fragment)."""
    return lxml_html.fragment_fromstring(html or "", create_parent="div")


def serialise(root) -> str:
    """The HTML fragment held by ``root`` (from ``parse``), without the ``<div>``."""
    inner = escape(root.text or "", quote=False)
    return inner + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )


@dataclass
class _Piece:
    node: etree._Element
    attr: str  # "text" or "tail"
    value: str


class ParsedText:
    """The text nodes of an HTML fragment, grouped into blocks: each block's normalised
    text (white space folded as a reader sees it), and, asked for one block at a time,
    for every character of it the piece and offset it came from (``sources``).

    The block texts are made by the C string functions, the character map only for the
    blocks a caller changes or marks, so that finding passages in a long chapter costs
    little more than reading it."""

    def __init__(self, html: str):
        self.root = parse(html)
        self.pieces: list[_Piece] = []
        self.blocks: list[str] = []
        self._block_pieces: list[list[int]] = []
        self._open: list[int] = []
        self._sources: dict[int, list[tuple[int, int]]] = {}
        self._walk()
        self.starts = list(accumulate((len(text) + 1 for text in self.blocks), initial=0))
        self.plain = "\n".join(self.blocks)

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
        if value:
            self._open.append(len(self.pieces))
            self.pieces.append(_Piece(node, attr, value))

    def _close(self) -> None:
        text = " ".join("".join(self.pieces[i].value for i in self._open).split())
        if text:
            self.blocks.append(text)
            self._block_pieces.append(self._open)
        self._open = []

    @cached_property
    def word_blocks(self) -> dict[str, list[int]]:
        """word (``words``) -> the numbers of the blocks it occurs in."""
        index: dict[str, list[int]] = {}
        for number, block in enumerate(self.blocks):
            for word in words(block):
                index.setdefault(word, []).append(number)
        return index

    def sources(self, block: int) -> list[tuple[int, int]]:
        """For each character of block ``block``'s text: (piece, raw offset) it came
        from; a folded run of white space comes from its first character. Read before
        the block is changed."""
        if block not in self._sources:
            found, space, started = [], None, False
            for index in self._block_pieces[block]:
                for offset, char in enumerate(self.pieces[index].value):
                    if char.isspace():
                        if started and space is None:
                            space = (index, offset)
                        continue
                    if space is not None:
                        found.append(space)
                        space = None
                    found.append((index, offset))
                    started = True
            self._sources[block] = found
        return self._sources[block]

    def html(self) -> str:
        return serialise(self.root)

    def block_element(self, block: int):
        """The element that block ``block``'s text begins in."""
        piece = self.pieces[self._block_pieces[block][0]]
        return piece.node if piece.attr == "text" else piece.node.getparent()

    def block_at(self, index: int) -> tuple[int, int]:
        """(block number, offset in the block) of ``index`` in ``plain``."""
        if not self.blocks or not 0 <= index <= len(self.plain):
            raise IndexError(index)
        number = bisect_right(self.starts, index) - 1
        number = min(number, len(self.blocks) - 1)
        return number, index - self.starts[number]

    def replace(self, block: int, start: int, end: int, new: str) -> None:
        """Replace characters ``start:end`` of a block's normalised text by ``new``
        (``start == end``: insert at ``start``)."""
        sources = self.sources(block)
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
        """Wrap characters ``start:end`` of a block in ``<mark>``, one per text node.
        Several marks go on one parse from the last to the first: what comes before a
        mark keeps its place."""
        sources = self.sources(block)
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


def text_blocks(html: str) -> list[str]:
    """The plain text of each block of ``html``, white space folded."""
    return ParsedText(html).blocks


def word_count(html: str) -> int:
    """The words a reader sees in ``html``."""
    return sum(len(block.split()) for block in text_blocks(html))
