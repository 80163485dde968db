"""Word-level differences between two versions of a contribution.

Rich text is compared as text, block by block (paragraphs, headings and list items),
with ``difflib.SequenceMatcher`` over word tokens, as Wagtail's compare view does. A long
chapter is compared in two steps, so that the cost follows the edit rather than the length:

1. The blocks are matched as whole strings. Unchanged blocks match cheaply, and blocks
   that were wholly inserted or deleted are marked as such without comparing words.
2. Only the runs of changed blocks are compared word by word: a run of at most
   ``WORD_DIFF_BUDGET`` word pairs (old words x new words) as one text, so that split,
   merged or rewritten paragraphs read as before.

A longer run (say, a chapter rewritten) is not compared as one text, which would take
time quadratic in its length. Its blocks are paired in order instead: an old and a new
block pair when their sets of words are alike (``PAIR_SIMILARITY``: difflib's quick ratio,
on distinct words), looking up to ``PAIR_LOOKAHEAD`` blocks ahead on either side for
inserted or deleted blocks. Each pair is compared word by word; blocks without a partner
show as deleted and inserted.

A word comparison skips the common start and end first. If what remains is still over
the budget (a huge block changed in several places), its sentences are matched as wholes,
and only runs of changed sentences are compared word by word; a run over the budget
shows as deleted and inserted. So no word comparison covers more than
``WORD_DIFF_BUDGET`` word pairs, and even for a rewritten chapter the work grows with the
length of the text, not with its square.

The action table is compared row by row, matched on the activity.
"""

import difflib
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from agenda.texts.aspects import ACTION_FIELDS
from agenda.texts.html import text_blocks

NEWLINE = "\n"

WORD_DIFF_BUDGET = 250_000  # old words x new words compared at once (a few ms)
PAIR_SIMILARITY = 0.5  # 2 x shared distinct words / (distinct old + distinct new)
PAIR_LOOKAHEAD = 10  # blocks looked ahead for a partner
SENTENCE_ENDS = (".", "!", "?", ":", ";")


def tokens(html: str) -> list[str]:
    """Words, with a newline token between blocks: what a diff of ``html`` spells out."""
    return _joined([block.split() for block in text_blocks(html)])


def _joined(blocks: list[list[str]]) -> list[str]:
    result: list[str] = []
    for words in blocks:
        if result:
            result.append(NEWLINE)
        result += words
    return result


@dataclass(frozen=True)
class Change:
    op: str  # "equal", "insert" or "delete"
    words: tuple[str, ...]


class _Changes:
    """Changes as difflib's opcodes give them: between two equal runs at most one
    deletion followed by at most one insertion."""

    def __init__(self):
        self.changes: list[Change] = []
        self.same: list[str] = []
        self.deleted: list[str] = []
        self.inserted: list[str] = []

    def add(self, op: str, words: list[str]) -> None:
        if not words:
            return
        if op == "equal":
            self._close_edit()
            self.same += words
            return
        if self.same:
            self.changes.append(Change("equal", tuple(self.same)))
            self.same = []
        (self.deleted if op == "delete" else self.inserted).extend(words)

    def _close_edit(self) -> None:
        if self.deleted:
            self.changes.append(Change("delete", tuple(self.deleted)))
        if self.inserted:
            self.changes.append(Change("insert", tuple(self.inserted)))
        self.deleted, self.inserted = [], []

    def result(self) -> list[Change]:
        self._close_edit()
        if self.same:
            self.changes.append(Change("equal", tuple(self.same)))
            self.same = []
        return self.changes


def _add_word_diff(changes: _Changes, old: list[str], new: list[str]) -> None:
    """The word diff of ``old`` and ``new``: past their common start and end, word by
    word within the budget, else sentence by sentence (see the module)."""
    if old == new:
        changes.add("equal", old)
        return
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    changes.add("equal", old[:start])
    old_rest, new_rest = old[start : len(old) - end], new[start : len(new) - end]
    if len(old_rest) * len(new_rest) <= WORD_DIFF_BUDGET:
        _add_matched_words(changes, old_rest, new_rest)
    else:
        _add_sentence_diff(changes, old_rest, new_rest)
    changes.add("equal", old[len(old) - end :])


def _add_matched_words(changes: _Changes, old: list[str], new: list[str]) -> None:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.add("equal", old[i1:i2])
        else:
            changes.add("delete", old[i1:i2])
            changes.add("insert", new[j1:j2])


def _add_sentence_diff(changes: _Changes, old: list[str], new: list[str]) -> None:
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    matcher = difflib.SequenceMatcher(
        a=[" ".join(words) for words in old_sentences],
        b=[" ".join(words) for words in new_sentences],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = [word for words in old_sentences[i1:i2] for word in words]
        new_part = [word for words in new_sentences[j1:j2] for word in words]
        if tag == "equal":
            changes.add("equal", old_part)
        elif len(old_part) * len(new_part) <= WORD_DIFF_BUDGET:
            _add_matched_words(changes, old_part, new_part)
        else:
            changes.add("delete", old_part)
            changes.add("insert", new_part)


def _sentences(words: list[str]) -> list[list[str]]:
    result, current = [], []
    for word in words:
        current.append(word)
        if word.endswith(SENTENCE_ENDS) or word == NEWLINE:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def diff_words(old: list[str], new: list[str]) -> list[Change]:
    """The word diff of two lists of words (such as two cells of the action table)."""
    changes = _Changes()
    _add_word_diff(changes, old, new)
    return changes.result()


def diff_html(old_html: str, new_html: str) -> list[Change]:
    """The word diff of two rich texts, compared block by block (see the module)."""
    old_texts, new_texts = text_blocks(old_html), text_blocks(new_html)
    old = [text.split() for text in old_texts]
    new = [text.split() for text in new_texts]
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    changes = _Changes()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and _size(old[i1:i2]) * _size(new[j1:j2]) > WORD_DIFF_BUDGET:
            for step in _paired_blocks(old, new, i1, i2, j1, j2):
                _add_blocks(changes, old, new, *step)
        else:
            _add_blocks(changes, old, new, i1, i2, j1, j2)
    return changes.result()


def _size(blocks: list[list[str]]) -> int:
    return sum(len(words) for words in blocks)


def _add_blocks(
    changes: _Changes,
    old: list[list[str]],
    new: list[list[str]],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
) -> None:
    """The word diff of old blocks ``i1:i2`` and new blocks ``j1:j2``, with the newline
    before them on each side that has blocks there and earlier."""
    old_newline, new_newline = 0 < i1 < i2, 0 < j1 < j2
    if old_newline and new_newline:
        changes.add("equal", [NEWLINE])
    elif old_newline:
        changes.add("delete", [NEWLINE])
    elif new_newline:
        changes.add("insert", [NEWLINE])
    _add_word_diff(changes, _joined(old[i1:i2]), _joined(new[j1:j2]))


def _paired_blocks(old: list[list[str]], new: list[list[str]], i1: int, i2: int, j1: int, j2: int):
    """Old blocks ``i1:i2`` and new blocks ``j1:j2`` (none alike) as steps
    ``(i1, i2, j1, j2)`` of one pair or one lone block, in order (see the module)."""
    old_sets = {i: set(old[i]) for i in range(i1, i2)}
    new_sets = {j: set(new[j]) for j in range(j1, j2)}

    def similar(i: int, j: int) -> bool:
        shared = len(old_sets[i] & new_sets[j])
        return 2 * shared >= PAIR_SIMILARITY * (len(old_sets[i]) + len(new_sets[j]))

    i, j = i1, j1
    while i < i2 and j < j2:
        if similar(i, j):
            yield i, i + 1, j, j + 1
            i, j = i + 1, j + 1
            continue
        for ahead in range(1, PAIR_LOOKAHEAD + 1):
            if j + ahead < j2 and similar(i, j + ahead):
                yield from ((i, i, k, k + 1) for k in range(j, j + ahead))
                j += ahead
                break
            if i + ahead < i2 and similar(i + ahead, j):
                yield from ((k, k + 1, j, j) for k in range(i, i + ahead))
                i += ahead
                break
        else:
            yield i, i + 1, j, j
            yield i + 1, i + 1, j, j + 1
            i, j = i + 1, j + 1
    yield from ((k, k + 1, j, j) for k in range(i, i2))
    yield from ((i, i, k, k + 1) for k in range(j, j2))


def join_words(words) -> str:
    """Words as text, a ``NEWLINE`` word without the spaces around it."""
    text = " ".join(words)
    return (
        text.replace(f" {NEWLINE} ", NEWLINE)
        .replace(f"{NEWLINE} ", NEWLINE)
        .replace(f" {NEWLINE}", NEWLINE)
    )


def change_html(op: str, text) -> SafeString:
    """One change of a word diff as the pages show it: ``text`` (escaped here unless it
    is safe already) as it stands, inserted (``<ins>``) or deleted (``<del>``), with
    what a screen reader says around an insertion or a deletion."""
    if op == "equal":
        return conditional_escape(text)
    tag, said, end = (
        ("ins", _("added:"), _("end of addition"))
        if op == "insert"
        else ("del", _("removed:"), _("end of removal"))
    )
    return format_html(
        '<{0} class="portal-diff__{0}"><span class="portal-visually-hidden">{1} </span>'
        '{2}<span class="portal-visually-hidden"> ({3})</span></{0}>',
        tag,
        said,
        text,
        end,
    )


def render(changes: list[Change]) -> SafeString:
    """HTML with ``<ins>``/``<del>`` (``change_html``); each change is also announced in
    words.

    The text goes in a container with ``white-space: pre-line`` so that block
    boundaries show as line breaks.
    """
    parts = []
    for index, change in enumerate(changes):
        text = join_words(change.words)
        if index and parts and not text.startswith(NEWLINE):
            parts.append(" ")
        parts.append(change_html(change.op, text))
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
