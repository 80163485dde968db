"""Passages of a rich text: find a quoted passage again, change it, mark it.

A proposal (``models.Proposal``) names the passage it changes the way the W3C Web
Annotation model's *TextQuoteSelector* does (and Hypothesis, which anchors annotations
on changing pages): the quoted words (``exact``) with a few words before and after
(``prefix``, ``suffix``) to tell repeated words apart. No offsets are stored, so the
passage is found again after edits elsewhere in the text; when the words themselves
changed it is not found, and the proposal is outdated.

Text is compared as the reader sees it: per block (paragraph, heading, list item, as
``texts.html`` parses them) with runs of white space as one space. A passage lies
within one block. Changing or marking it edits the text nodes it covers and keeps the
markup around them (bold, links), so formatting elsewhere in the block survives.
"""

import difflib
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from agenda.texts.html import ParsedText, words

CONTEXT = 32
"""Characters of context kept on either side of a passage."""
RARE_WORDS = 8
"""The words of a paragraph that ``most_like`` looks up: its rarest in the text."""
CANDIDATES = 5
"""The blocks sharing most of those words that ``most_like`` compares closely."""


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


def plain_text(html: str) -> str:
    """The text of ``html`` as passages are quoted from it: blocks on lines of their own."""
    return ParsedText(html).plain


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
        # Only the characters the context can cover: ``plain`` has single spaces, so
        # twice its length holds it (the rest of a long text is never copied).
        before = _unspaced(plain[max(0, start - 2 * len(prefix) - 2) : start])
        end = start + len(exact)
        after = _unspaced(plain[end : end + 2 * len(suffix) + 2])
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
    parsed = ParsedText(html)
    start = locate(parsed.plain, quote)
    block, offset = parsed.block_at(start)
    end = offset + len(normalised(quote.exact))
    text = normalised(text)
    if kind == Kind.INSERT:
        parsed.replace(block, end, end, f" {text}")
    elif kind == Kind.DELETE:
        # Take one neighbouring space along, so that no double space is left.
        block_text = parsed.blocks[block]
        if end < len(block_text) and block_text[end] == " ":
            end += 1
        elif offset > 0 and block_text[offset - 1] == " ":
            offset -= 1
        parsed.replace(block, offset, end, "")
    else:
        parsed.replace(block, offset, end, text)
    return parsed.html()


def paragraph(text: "str | ParsedText", quote: Quote) -> tuple[str, int, int]:
    """The block that holds the passage and the passage's start and end in it; ``text``
    is the HTML or, for many passages of one text, its ``ParsedText``. Raises
    ``NotFound``."""
    parsed = text if isinstance(text, ParsedText) else ParsedText(text)
    start = locate(parsed.plain, quote)
    block, offset = parsed.block_at(start)
    return parsed.blocks[block], offset, offset + len(normalised(quote.exact))


def marked(html: str, quotes: list[tuple[Quote, str]], *, css: str) -> str:
    """``html`` with each passage found wrapped in ``<mark id=...>`` (``quotes``: the
    quote and the id); passages not found, or overlapping one marked already, are left
    unmarked. One parse however many passages: they are found first, then marked from
    the last to the first."""
    if not quotes:
        return html
    parsed = ParsedText(html)
    found = []
    for quote, element_id in quotes:
        try:
            start = locate(parsed.plain, quote)
        except NotFound:
            continue
        found.append((start, start + len(normalised(quote.exact)), element_id))
    chosen, end_of_last = [], -1
    for start, end, element_id in sorted(found):
        if start >= end_of_last:  # overlapping passages: the first one is marked
            chosen.append((start, end, element_id))
            end_of_last = end
    places = [
        (*parsed.block_at(start), end - start, element_id) for start, end, element_id in chosen
    ]
    for block, _offset, _length, _id in places:
        parsed.sources(block)  # every map read before the first mark changes a block
    for block, offset, length, element_id in reversed(places):
        parsed.mark(block, offset, offset + length, element_id=element_id, css=css)
    return parsed.html()


def most_like(parsed: ParsedText, paragraph: str) -> str | None:
    """The block of ``parsed`` most like ``paragraph`` (the paragraph an outdated
    passage was quoted from): of the few blocks that share most of its rarest words,
    the one difflib finds closest. "" when the text is empty, None when no block shares
    a word with it. The cost follows the paragraph and the blocks sharing its words,
    not the length of the text times the passages asked about."""
    if not parsed.blocks:
        return ""
    index = parsed.word_blocks
    shared = sorted((w for w in words(paragraph) if w in index), key=lambda w: (len(index[w]), w))
    counts = Counter(block for word in shared[:RARE_WORDS] for block in index[word])
    candidates = sorted(block for block, _count in counts.most_common(CANDIDATES))
    if not candidates:
        return None
    return max(
        (parsed.blocks[block] for block in candidates),
        key=lambda block: difflib.SequenceMatcher(None, block, paragraph).ratio(),
    )
