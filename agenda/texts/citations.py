"""Citations of paragraph numbers (``texts.numbering``) in what people write about an
agenda version: a constituency's response, a proposal's reason.

The convention (README, "Paragraph numbers"): a paragraph is cited as ``§4.12`` (or
``§ 4.12``), or as ``p4.12``, the name of its anchor. A bare ``4.12`` is never a
citation: "1.5 miljoen" and "2026" stay text. A citation becomes a link only when the
version has that paragraph. The text is escaped first and the links are ours, so what
people typed is never trusted as HTML.
"""

import re
from collections.abc import Callable, Collection

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

CITATION = re.compile(r"(?<![\w§])(?:§\s?|[pP])(\d{1,2})\.(\d{1,4})(?!\w|[.,]\d)")
"""``§4.12``, ``§ 4.12`` or ``p4.12``: chapter and paragraph; not part of a longer
word or number (``p4.12.3``, ``§4.12,5``)."""


def cites(text: str) -> bool:
    """``text`` holds something written as a citation (whether the version has that
    paragraph is the caller's to check): cheap, so that only such texts cost a look at
    the version's paragraphs."""
    return bool(text) and CITATION.search(text) is not None


def linked(
    text: str, *, paragraphs: Collection[str], url: Callable[[int], str] | None
) -> SafeString:
    """``text`` escaped, its line breaks as ``<br>`` (as ``linebreaksbr``), and each
    citation of one of ``paragraphs`` (``4.12``) a link to ``url(chapter)#p4.12``."""

    def link(match) -> str:
        chapter, number = int(match[1]), int(match[2])
        paragraph = f"{chapter}.{number}"
        if url is None or paragraph not in paragraphs:
            return match[0]
        return format_html(
            '<a class="utrecht-link portal-cited" href="{}#p{}">{}</a>',
            url(chapter),
            paragraph,
            mark_safe(match[0]),  # already escaped, and only § p digits and a space
        )

    html = CITATION.sub(link, str(escape(normalize_newlines(text or ""))))
    return mark_safe(html.replace("\n", "<br>"))  # escaped above; the links are ours
