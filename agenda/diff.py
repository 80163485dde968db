"""Word-level differences between two versions of a contribution.

Rich text is compared as text, block by block (paragraphs, headings and list
items), with ``difflib.SequenceMatcher`` over word tokens, as Wagtail's compare
view does. The action table is compared row by row, matched on the activity.
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .aspects import ACTION_FIELDS

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "blockquote"}
NEWLINE = "\n"


class _TextBlocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _close_block(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._close_block()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._close_block()

    def handle_data(self, data):
        self.current.append(data)


def text_blocks(html: str) -> list[str]:
    """The plain text of each block of ``html``."""
    parser = _TextBlocks()
    parser.feed(html or "")
    parser.close()
    parser._close_block()
    return parser.blocks


def tokens(html: str) -> list[str]:
    """Words, with a newline token between blocks."""
    result: list[str] = []
    for block in text_blocks(html):
        if result:
            result.append(NEWLINE)
        result += re.findall(r"\S+", block)
    return result


@dataclass(frozen=True)
class Change:
    op: str  # "equal", "insert" or "delete"
    words: tuple[str, ...]


def diff_words(old: list[str], new: list[str]) -> list[Change]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("equal", tuple(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            changes.append(Change("delete", tuple(old[i1:i2])))
        if tag in ("insert", "replace"):
            changes.append(Change("insert", tuple(new[j1:j2])))
    return changes


def diff_html(old_html: str, new_html: str) -> list[Change]:
    return diff_words(tokens(old_html), tokens(new_html))


def _join(words) -> str:
    text = " ".join(words)
    return (
        text.replace(f" {NEWLINE} ", NEWLINE)
        .replace(f"{NEWLINE} ", NEWLINE)
        .replace(f" {NEWLINE}", NEWLINE)
    )


def render(changes: list[Change]) -> SafeString:
    """HTML with ``<ins>``/``<del>``; each change is also announced in words.

    The text goes in a container with ``white-space: pre-line`` so that block
    boundaries show as line breaks.
    """
    added, removed = _("added:"), _("removed:")
    end_added, end_removed = _("end of addition"), _("end of removal")
    parts = []
    for index, change in enumerate(changes):
        text = _join(change.words)
        if index and parts and not text.startswith(NEWLINE):
            parts.append(" ")
        if change.op == "equal":
            parts.append(escape(text))
        elif change.op == "insert":
            parts.append(
                format_html(
                    '<ins class="portal-diff__ins"><span class="portal-visually-hidden">{} </span>'
                    '{}<span class="portal-visually-hidden"> ({})</span></ins>',
                    added,
                    text,
                    end_added,
                )
            )
        else:
            parts.append(
                format_html(
                    '<del class="portal-diff__del"><span class="portal-visually-hidden">{} </span>'
                    '{}<span class="portal-visually-hidden"> ({})</span></del>',
                    removed,
                    text,
                    end_removed,
                )
            )
    return mark_safe("".join(str(p) for p in parts))  # every part is escaped above


def has_changes(changes: list[Change]) -> bool:
    return any(change.op != "equal" for change in changes)


# --- The action table -------------------------------------------------------------------------


@dataclass
class RowChange:
    kind: str  # "unchanged", "added", "removed", "changed" or "moved"
    old: dict | None
    new: dict | None
    fields: dict[str, list[Change]] = field(default_factory=dict)

    @property
    def row(self) -> dict:
        return self.new if self.new is not None else self.old

    @property
    def label(self) -> str:
        return {
            "unchanged": _("unchanged"),
            "added": _("added"),
            "removed": _("removed"),
            "changed": _("changed"),
            "moved": _("moved"),
        }[self.kind]

    @property
    def cells(self) -> list[SafeString]:
        """One rendered word diff per column, in ``ACTION_FIELDS`` order."""
        return [render(self.fields[name]) for name in ACTION_FIELDS]


def _key(row: dict) -> str:
    return " ".join(str(row.get("activity", "")).lower().split())


# Rows from ``models.labelled_actions`` carry display names; compare those when present.
DISPLAY_FIELDS = {"lead": "lead_label", "quarters": "quarter_labels"}


def _field_text(row: dict | None, name: str) -> str:
    if row is None:
        return ""
    value = row.get(DISPLAY_FIELDS.get(name, name), row.get(name, ""))
    return " ".join(value) if isinstance(value, list) else str(value)


def diff_actions(old_rows: list[dict], new_rows: list[dict]) -> list[RowChange]:
    """Row changes in the new order; removed rows follow at the end.

    Rows are matched on their activity. A matched row whose relative order changed
    is "moved" (and may be changed too: its field diffs say so).
    """
    old_keys, new_keys = [_key(r) for r in old_rows], [_key(r) for r in new_rows]
    unused = {}
    for index, key in enumerate(old_keys):
        unused.setdefault(key, []).append(index)
    pairs: dict[int, int] = {}  # new index -> old index
    for j, key in enumerate(new_keys):
        if unused.get(key):
            pairs[j] = unused[key].pop(0)

    # Rows in the longest common order stay put; the other matched rows moved.
    matched_new = sorted(pairs)
    matcher = difflib.SequenceMatcher(
        a=[pairs[j] for j in matched_new], b=sorted(pairs.values()), autojunk=False
    )
    in_place = {
        matched_new[block.a + offset]
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
    }

    result = []
    for j, new in enumerate(new_rows):
        if j not in pairs:
            result.append(RowChange("added", None, new, _row_fields(None, new)))
            continue
        old = old_rows[pairs[j]]
        fields = _row_fields(old, new)
        changed = any(has_changes(changes) for changes in fields.values())
        kind = "moved" if j not in in_place else ("changed" if changed else "unchanged")
        result.append(RowChange(kind, old, new, fields))
    used_old = set(pairs.values())
    for i, old in enumerate(old_rows):
        if i not in used_old:
            result.append(RowChange("removed", old, None, _row_fields(old, None)))
    return result


def _row_fields(old: dict | None, new: dict | None) -> dict[str, list[Change]]:
    return {
        name: diff_words(_field_text(old, name).split(), _field_text(new, name).split())
        for name in ACTION_FIELDS
    }
