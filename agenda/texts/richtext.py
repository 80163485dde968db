"""Rich text: what the editor may produce and what is stored.

The editor's extensions and the sanitiser's allow-list are declared together so
that they cannot drift apart. Everything stored goes through ``clean``: nh3
removes what is not allowed, and nesting deeper than ``MAX_LIST_DEPTH`` lists or
``MAX_DEPTH`` elements is flattened to its text (deeper structures make the PDF
renderer recurse until it fails, and no reader follows them). An aspect holds at
most ``MAX_LENGTH`` characters of that cleaned HTML.
"""

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

MAX_LENGTH = 100_000
"""The most characters of stored (cleaned) HTML in one aspect or network text."""

MAX_INPUT_LENGTH = 3 * MAX_LENGTH
"""Longer input is refused before it is parsed: the editor sends about what is stored."""

MAX_LIST_DEPTH = 10
"""Lists (``ul``, ``ol``) nest at most this deep; deeper ones are flattened to their text."""

MAX_DEPTH = 30
"""Any element nests at most this deep; deeper ones are flattened to their text."""

# nh3's parser takes time in proportion to length times nesting depth (a 20,000-deep
# list takes seconds), so the input is cut to this depth before nh3 reads it.
_PARSER_DEPTH = 200

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "History": True,
}


def _editor_allowlist() -> dict:
    """nh3's allow-list as django-prose-editor derives it from the editor's extensions,
    so that what the editor can make and what is stored cannot drift apart.

    Links always get our ``rel`` (so the editor's ``rel`` attribute is not kept).
    """
    allowlist = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    attributes = {tag: names - {"rel"} for tag, names in allowlist.pop("attributes", {}).items()}
    return allowlist | {
        "attributes": attributes,
        "link_rel": "noopener noreferrer nofollow",
        "strip_comments": True,
    }


_cleaner = nh3.Cleaner(**_editor_allowlist())

_LISTS = {"ul", "ol"}
# Elements without an end tag. A rarer one missing here only counts as open a little
# longer, which errs on the side of flattening.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
_ATTRIBUTE_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*")
# A dropped block leaves a space, so that the words on either side stay apart.
_BLOCKS = {"p", "br", "h3", "h4", "ul", "ol", "li", "div"}


@dataclass(frozen=True)
class Sanitised:
    html: str
    flattened: bool  # nesting deeper than the limits was flattened: the writer should check


def sanitise(html: str) -> Sanitised:
    """Cleaned HTML (see the module docstring), and whether nesting was flattened.

    Linear in the length of the input, whatever its nesting, and without recursion.
    """
    bounded = _flatten(html or "", max_depth=_PARSER_DEPTH, max_list_depth=_PARSER_DEPTH)
    cleaned = _cleaner.clean(bounded.html)
    flat = _flatten(cleaned, max_depth=MAX_DEPTH, max_list_depth=MAX_LIST_DEPTH)
    if flat.flattened:
        cleaned = _cleaner.clean(flat.html)  # the result is nh3's own output again
    cleaned = cleaned.strip()
    flattened = bounded.flattened or flat.flattened
    if not strip_tags(cleaned).strip():  # an editor's empty paragraph
        return Sanitised("", flattened)
    return Sanitised(cleaned, flattened)


def clean(html: str) -> str:
    """Sanitised HTML; an editor's empty paragraph becomes the empty string."""
    return sanitise(html).html


def length_error(html: str, label) -> str:
    """Why ``html`` is too long to store as the aspect ``label``, or "" when it fits."""
    if len(html) <= MAX_LENGTH:
        return ""
    return _(
        "'%(aspect)s' is %(length)s characters long including its formatting; "
        "the maximum is %(maximum)s. Shorten the text."
    ) % {
        "aspect": label,
        "length": number_format(len(html), force_grouping=True),
        "maximum": number_format(MAX_LENGTH, force_grouping=True),
    }


def _flatten(html: str, *, max_depth: int, max_list_depth: int) -> Sanitised:
    flattener = _Flattener(max_depth=max_depth, max_list_depth=max_list_depth)
    flattener.feed(html)
    flattener.close()
    return Sanitised("".join(flattener.out), flattener.flattened)


class _Flattener(HTMLParser):
    """Copies HTML tag by tag, dropping the tags of elements nested too deeply.

    An element is kept when its parent is kept and it lies within both depths;
    everything inside a dropped element is dropped too, so the kept tags still nest
    properly. Text is always kept, in order. The open elements are an explicit stack,
    so any depth is safe. On nh3's well-formed output the depths are exact. On raw
    input the output is still well-formed (tags written afresh, every element the
    input leaves open closed explicitly), so nh3's parser nests no deeper than
    counted here.
    """

    def __init__(self, *, max_depth: int, max_list_depth: int):
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.max_list_depth = max_list_depth
        self.out = []
        self.open = []  # (tag, kept) of each element not yet closed, outermost first
        self.open_count = {}  # tag -> how many are in ``open``: a stray end tag costs O(1)
        self.lists = 0  # kept lists in ``open``
        self.flattened = False

    def handle_starttag(self, tag, attrs):
        void = tag in _VOID
        kept = (
            (not self.open or self.open[-1][1])
            and len(self.open) + 1 <= self.max_depth
            and self.lists + (tag in _LISTS) <= self.max_list_depth
        )
        if kept:
            self.out.append(_start_tag(tag, attrs))
        else:
            self.flattened = True
            if tag in _BLOCKS:
                self.out.append(" ")
        if not void:
            self.open.append((tag, kept))
            self.open_count[tag] = self.open_count.get(tag, 0) + 1
            if kept and tag in _LISTS:
                self.lists += 1

    def handle_endtag(self, tag):
        if not self.open_count.get(tag):
            return  # a stray end tag: nothing to close
        while True:
            name, kept = self.open.pop()
            self.open_count[name] -= 1
            if kept:
                self.out.append(f"</{name}>")
                if name in _LISTS:
                    self.lists -= 1
            if name == tag:
                return

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def close(self):
        super().close()
        while self.open:
            self.handle_endtag(self.open[-1][0])


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """A start tag written afresh: no stray quote in the input can swallow what follows."""
    written = "".join(
        f' {name}="{escape(value or "")}"'
        for name, value in attrs
        if _ATTRIBUTE_NAME.fullmatch(name)
    )
    return f"<{tag}{written}>"
