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

from dataclasses import dataclass
from html import escape

from lxml import etree
from lxml import html as lxml_html

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "blockquote"}
"""Elements that start and end a block of text."""


def parse(html: str):
    """``html`` as an lxml tree under one ``<div>`` (the editor's HTML is a fragment)."""
    return lxml_html.fragment_fromstring(html or "", create_parent="div")


@dataclass
class _Piece:
    node: etree._Element
    attr: str  # "text" or "tail"
    value: str


class ParsedText:
    """The text nodes of an HTML fragment, grouped into blocks, with for every character
    of a block's normalised text the piece and offset it came from."""

    def __init__(self, html: str):
        self.root = parse(html)
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


def text_blocks(html: str) -> list[str]:
    """The plain text of each block of ``html``, white space folded."""
    return [text for text, _sources in ParsedText(html).blocks]


def word_count(html: str) -> int:
    """The words a reader sees in ``html``."""
    return sum(len(block.split()) for block in text_blocks(html))
