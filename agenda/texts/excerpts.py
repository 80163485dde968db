"""What a search result's headline is cut from, kept beside every long text.

A headline shows some words around the first match. Finding them in the text itself
costs as much as the text is long: PostgreSQL's ``ts_headline`` parses and stems every
word it is given (136 ms for ten chapters of 17,000 words), and so does reading a whole
chapter into Python. So each save of a chapter or a network text also stores its plain
text and where each Dutch stem first occurs in it (``source``). A search reads the
offsets of the query's stems, cuts a window of at most ``WINDOW`` characters around the
first one (``window_start``, ``trimmed``) and headlines only that window: the cost is
the same for a chapter of 200 words and one of 17,000.

Stems are those of PostgreSQL's ``dutch`` configuration: Snowball's original Dutch
stemmer, which snowballstemmer 3 ships as ``dutch_porter`` (see ``agenda.search``).
"""

import functools
import re
import threading
from collections.abc import Iterable
from html import unescape

import snowballstemmer

WINDOW = 2400
"""Characters a headline is cut from: room for PostgreSQL's two fragments of up to 30
words around the first match, and for the fallback's 220 characters."""
BEFORE = 800
"""Of the ``WINDOW``, the characters before the first match (the rest follows it)."""

WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]+>")
# Tags that end a block of text (a space where they stood); other tags (emphasis, links)
# stand inside a word or sentence and leave nothing.
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|li|ul|ol|h[1-6]|blockquote|div|table|tr|td|th|thead|tbody)\b[^>]*|br\s*/?)>",
    re.IGNORECASE,
)
# PostgreSQL's ``dutch_stem`` up to 18; its sources since January 2026 (19) make "dutch"
# the newer algorithm, and tests/test_search.py compares the two on PostgreSQL.
_STEMMER = snowballstemmer.stemmer("dutch_porter")
_STEMMER_LOCK = threading.Lock()  # a Snowball stemmer keeps its word while it works


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one word, as PostgreSQL's ``dutch_stem`` makes it."""
    with _STEMMER_LOCK:
        return _STEMMER.stemWord(word.lower())


def strings_in(value) -> list[str]:
    """The texts in a field's value: a JSON object by its values (not its keys), a list
    by its items."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return [] if value is None else [str(value)]


def plain_text(html: str) -> str:
    """``html`` as words between single spaces: a block's tags become spaces (so that
    two paragraphs do not run into one word), other tags go, entities are read."""
    return " ".join(unescape(TAG.sub("", _BLOCK_TAG.sub(" ", html))).split())


def source(values: Iterable) -> tuple[str, dict[str, int]]:
    """The plain text of the field values ``values`` (JSON by its texts, as
    ``strings_in``) and, for every stem in it, the offset of the first word with that
    stem: what is stored beside a text on each save."""
    plain = " ".join(
        text for value in values for text in map(plain_text, strings_in(value)) if text
    )
    offsets, seen = {}, set()
    for match in WORD.finditer(plain):
        word = match.group().lower()
        if word not in seen:
            seen.add(word)
            offsets.setdefault(stem(word), match.start())
    return plain, offsets


def window_start(first: int | None) -> int:
    """Where the window begins in the plain text, given the first match's offset (none
    found: at the beginning)."""
    return max(0, (first or 0) - BEFORE)


def trimmed(part: str, start: int) -> str:
    """The window: ``part`` is the plain text read from ``start``, ``WINDOW + 1``
    characters at most (one more tells that the text goes on). A word that the cut may
    have split is dropped at either end, so that no part of a word is taken for a
    match."""
    if len(part) > WINDOW:
        part = part[:WINDOW]
        part = part[: part.rfind(" ")] if " " in part else part
    if start and " " in part:
        part = part[part.find(" ") + 1 :]
    return part
