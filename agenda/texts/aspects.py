"""The four aspects of a contribution (DESIGN.md §2), declared once.

Whatever lists the aspects reads them from here: the model's texts and emptiness
checks, the edit form and its conflict choices, the service that cleans a save, the
read page, the history and the print. Aspect 3 has one text per system provision;
the provisions are data (``partners.SystemProvision``), so the texts are listed for
the provisions a caller has read.

The functions read any object with the contribution's field names (``FIELDS``): a
``Contribution``, a history record's ``instance`` or a ``ContributionContent``.
"""

import hashlib
from copy import copy
from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from agenda.texts.html import word_count


class Kind(StrEnum):
    RICH_TEXT = "rich_text"  # one rich text, labelled by the aspect's heading
    PER_PROVISION = "per_provision"  # one rich text per system provision
    ACTION_TABLE = "action_table"  # an introduction (rich text) and a table of actions


@dataclass(frozen=True)
class Aspect:
    key: str  # names its section on the read page: ``#aspect-<key>``
    label: str  # its heading; ``%(year)s`` stands for the edition's programme year
    kind: Kind
    field: str  # the model field that holds its text(s)
    help_text: str = ""  # of its text; per provision with ``%(provision)s``
    text_label: str = ""  # the label of its text when that is not the heading
    table_label: str = ""  # the action table as a subject of comments

    def heading(self, year: int) -> str:
        return str(self.label) % {"year": year}

    @property
    def is_single_text(self) -> bool:
        """One rich text, which the heading labels; the other aspects group several parts."""
        return self.kind == Kind.RICH_TEXT

    @property
    def has_table(self) -> bool:
        return self.kind == Kind.ACTION_TABLE

    def texts(self, provisions) -> list["Text"]:
        if self.kind == Kind.PER_PROVISION:
            return [
                Text(self, provision_text_name(p.code), p.name, code=p.code) for p in provisions
            ]
        return [Text(self, self.field, self.text_label or self.label)]


ACTIONS = "actions"
"""The annual programme's action table: the model field, the form prefix and the subject
of comments on it."""

ACTION_FIELDS = ("activity", "lead", "quarters", "result")
"""The columns of the action table, in order."""

ASPECTS = (
    Aspect(
        "context",
        _("1. Context of the task or challenge"),
        Kind.RICH_TEXT,
        field="context",
        help_text=_("Why this matters now: the situation in society or in the library system."),
    ),
    Aspect(
        "ambition",
        _("2. Joint ambition: what do we want to achieve?"),
        Kind.RICH_TEXT,
        field="ambition",
        help_text=_("The result the network aims for by the end of the edition."),
    ),
    Aspect(
        "provisions",
        _("3. Contribution of each system provision"),
        Kind.PER_PROVISION,
        field="provision_texts",
        help_text=_("What %(provision)s contributes to this task."),
    ),
    Aspect(
        "programme",
        _("4. Annual programme %(year)s"),
        Kind.ACTION_TABLE,
        field="programme_intro",
        help_text=_("What the team will do in the programme year; the actions follow below."),
        text_label=_("4. Annual programme: introduction"),
        table_label=_("4. Annual programme: actions"),
    ),
)

FIELDS = (*(aspect.field for aspect in ASPECTS), ACTIONS)
"""The contribution's fields that hold the aspects, in agenda order."""

TABLE = next(aspect for aspect in ASPECTS if aspect.has_table)
"""The aspect that holds the action table (the annual programme)."""


def provision_text_name(code: str) -> str:
    return f"provision_{code}"


@dataclass(frozen=True)
class Text:
    """One rich text of an aspect: a form field, a subject of comments, a diff."""

    aspect: Aspect
    name: str  # the form field and the comment subject: "context", "provision_KB", ...
    label: str
    code: str = ""  # per provision: the provision's key in ``provision_texts``

    @property
    def help_text(self) -> str:
        if self.code:
            return self.aspect.help_text % {"provision": self.label}
        return self.aspect.help_text

    @property
    def subheading(self) -> str:
        """A provision's text has its own heading under the aspect's; the others have none."""
        return self.label if self.code else ""

    def html_of(self, obj) -> str:
        value = getattr(obj, self.aspect.field)
        return value.get(self.code, "") if self.code else value


def texts(provisions) -> list[Text]:
    """Every rich text, in agenda order."""
    return [text for aspect in ASPECTS for text in aspect.texts(provisions)]


def subjects(provisions) -> list[tuple[str, str]]:
    """(name, label) of every part one comments on or chooses in a conflict: the texts,
    then the action table."""
    return [*((text.name, text.label) for text in texts(provisions)), (ACTIONS, TABLE.table_label)]


def fields_of(obj) -> dict:
    """A copy of the ``FIELDS`` of ``obj``, e.g. to build a ``ContributionContent``."""
    return {name: copy(getattr(obj, name)) for name in FIELDS}


def content_fields(htmls) -> dict:
    """The fields (as for ``ContributionContent``) that hold these (text, html) pairs."""
    fields = {}
    for text, html in htmls:
        if text.code:
            fields.setdefault(text.aspect.field, {})[text.code] = html
        else:
            fields[text.aspect.field] = html
    return fields


def stored_texts(obj) -> dict[str, str]:
    """Every text stored on ``obj`` by name, read without asking which provisions exist."""
    result = {}
    for aspect in ASPECTS:
        value = getattr(obj, aspect.field)
        if aspect.kind == Kind.PER_PROVISION:
            result |= {provision_text_name(code): html for code, html in value.items()}
        else:
            result[aspect.field] = value
    return result


def fingerprint(obj) -> str:
    """A short hash of every text stored on ``obj``: equal texts, equal fingerprint (a
    cache key for what is computed from them, whatever path saved them)."""
    digest = hashlib.blake2b(digest_size=12)
    for name, html in sorted(stored_texts(obj).items()):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(html.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def word_counts(obj) -> dict[str, int]:
    """Words per stored text by name, and the number of actions under ``ACTIONS``:
    counted when a contribution is saved (``Contribution.word_counts``), so that lists
    and checks need not read the texts."""
    counts = {name: word_count(html) for name, html in stored_texts(obj).items()}
    return counts | {ACTIONS: len(getattr(obj, ACTIONS))}


@dataclass(frozen=True)
class PartSize:
    """One part of a chapter (a text, or the action table) and its size: words, or rows
    of the table. A part is filled when it has any."""

    aspect: Aspect
    name: str
    label: str
    size: int

    @property
    def is_table(self) -> bool:
        return self.name == ACTIONS

    @property
    def filled(self) -> bool:
        return self.size > 0

    @property
    def missing_label(self) -> str:
        """How "still empty" names it when submitting is refused."""
        return str(_("at least one action")) if self.is_table else str(self.label)


def completeness(counts: dict[str, int], provisions) -> list[PartSize]:
    """Every part of a chapter in agenda order (the texts, then the action table) with
    its size, from ``counts`` (``word_counts``, or the counts stored at save time): the
    one answer to "what is still empty" for the check before submitting, the refusal of
    an incomplete submit, the task list and the coordinators' overview."""
    parts = [
        PartSize(text.aspect, text.name, str(text.label), counts.get(text.name, 0))
        for text in texts(provisions)
    ]
    parts.append(PartSize(TABLE, ACTIONS, str(TABLE.table_label), counts.get(ACTIONS, 0)))
    return parts


def missing(obj, provisions) -> list[str]:
    """Labels of the parts that still need text or rows; submitting requires none."""
    return [
        part.missing_label for part in completeness(word_counts(obj), provisions) if not part.filled
    ]


def is_empty(obj) -> bool:
    """Nothing written yet: no text in any aspect and no action."""
    return not any(word_counts(obj).values())


@dataclass(frozen=True)
class Part:
    text: Text
    html: str
    proposals: tuple = ()  # on the chapter's page: ``proposals.Shown`` about this text
    more_proposals: int = 0  # open proposals about this text beyond those shown
    comments: tuple = ()  # on the chapter's page: shown comment threads about a passage of it

    @property
    def shown(self) -> bool:
        """An empty introduction is left out: the action table follows and speaks for itself."""
        return bool(self.html) or not self.text.aspect.has_table


@dataclass(frozen=True)
class Section:
    """An aspect as a reader sees it: its heading and its texts (the table is the caller's)."""

    aspect: Aspect
    heading: str
    parts: list[Part]

    def cleaned(self, clean) -> "Section":
        return replace(self, parts=[replace(p, html=clean(p.html)) for p in self.parts])


def headings(year: int) -> list[tuple[Aspect, str]]:
    return [(aspect, aspect.heading(year)) for aspect in ASPECTS]


def sections(obj, provisions, *, year: int) -> list[Section]:
    return [
        Section(aspect, heading, [Part(t, t.html_of(obj)) for t in aspect.texts(provisions)])
        for aspect, heading in headings(year)
    ]
