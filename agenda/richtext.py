"""Rich text: what the editor may produce and what is stored.

The editor's extensions and the sanitiser's allow-list are declared together so
that they cannot drift apart. Everything stored goes through ``clean``.
"""

import nh3
from django.utils.html import strip_tags

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

_cleaner = nh3.Cleaner(
    tags={"p", "br", "strong", "em", "h3", "h4", "ul", "ol", "li", "a"},
    attributes={"a": {"href", "title"}, "ol": {"start"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def clean(html: str) -> str:
    """Sanitised HTML; an editor's empty paragraph becomes the empty string."""
    cleaned = _cleaner.clean(html or "").strip()
    if not strip_tags(cleaned).strip():
        return ""
    return cleaned


def word_count(html: str) -> int:
    return len(strip_tags(html or "").split())
