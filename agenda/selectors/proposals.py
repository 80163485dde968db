"""Proposals as readers see them: where each stands against today's text, its change as
a word diff of the paragraph, and the passages marked in the chapter.

Reading only; the writes are in ``services.proposals``.
"""

import difflib
from dataclasses import dataclass, replace

from django.utils.safestring import SafeString, mark_safe

from agenda.models import Proposal, as_saved
from agenda.texts import aspects, diff, passages
from agenda.texts.html import ParsedText

MARK_CLASS = "portal-proposal-mark"
DECIDED_SHOWN = 20
"""The most recently decided proposals a chapter's page lists."""


@dataclass(frozen=True)
class Shown:
    proposal: Proposal
    label: str  # the text it is about
    outdated: bool  # the passage is not (unambiguously) in today's text
    diff: SafeString  # the paragraph as it was quoted, with the change as <del>/<ins>
    current: str  # outdated: the paragraph of today's text most like the quoted one

    @property
    def passage_id(self) -> str:
        return f"passage-{self.proposal.pk}"


def _paragraph_diff(parsed: ParsedText, proposal: Proposal) -> SafeString:
    paragraph, start, end = passages.paragraph(parsed, proposal.quote)
    changed = paragraph[:start] + proposal.new_words + paragraph[end:]
    return diff.render(diff.diff_words(paragraph.split(), changed.split()))


def _most_like(parsed: ParsedText, paragraph: str) -> str:
    if not parsed.blocks:
        return ""
    return max(
        parsed.blocks, key=lambda block: difflib.SequenceMatcher(None, block, paragraph).ratio()
    )


class _Texts:
    """Each text parsed once, however many proposals are about it: today's texts of the
    chapter, and the texts of the history records proposals were made on."""

    def __init__(self, contribution):
        self.today = aspects.stored_texts(contribution)
        self.parsed: dict[tuple, ParsedText] = {}

    def now(self, name: str) -> ParsedText:
        key = ("now", name)
        if key not in self.parsed:
            self.parsed[key] = ParsedText(self.today.get(name, ""))
        return self.parsed[key]

    def on_record(self, record, name: str) -> ParsedText:
        key = (record.history_id, name)
        if key not in self.parsed:
            self.parsed[key] = ParsedText(aspects.stored_texts(as_saved(record)).get(name, ""))
        return self.parsed[key]


def shown(contribution, proposals, *, current_text: bool = True) -> list[Shown]:
    """Each proposal against ``contribution``'s text; a decided one against the text it
    was made on (the proposals need their ``record`` and ``author``:
    ``Proposal.objects.for_reading()``). Without ``current_text`` (a proposer who does
    not read the team's drafts), every proposal is shown on the text it was made on.
    Each text is parsed once, so the cost follows the texts, not proposals times words."""
    texts = _Texts(contribution)
    labels = dict(contribution.aspect_choices())
    result = []
    for proposal in proposals:
        name = proposal.text_name
        outdated, current = False, ""
        try:
            if not (proposal.is_open and current_text):  # on the text it was made on
                raise passages.NotFound
            change = _paragraph_diff(texts.now(name), proposal)
        except passages.NotFound:
            outdated = proposal.is_open and current_text
            try:
                change = _paragraph_diff(texts.on_record(proposal.record, name), proposal)
            except passages.NotFound:  # a record always holds its own passage; be safe
                change = mark_safe("")
            if outdated:
                current = _most_like(texts.now(name), passages.normalised(proposal.exact))
        label = labels.get(proposal.text_name, proposal.text_name)
        result.append(Shown(proposal, str(label), outdated, change, current))
    return result


def with_marks(sections, open_shown: list[Shown]):
    """The chapter's ``aspects.Section`` list with each open, current proposal's passage
    marked and every proposal attached to the part it is about."""
    by_text: dict[str, list[Shown]] = {}
    for item in open_shown:
        by_text.setdefault(item.proposal.text_name, []).append(item)
    result = []
    for section in sections:
        parts = []
        for part in section.parts:
            items = by_text.get(part.text.name, [])
            quotes = [(i.proposal.quote, i.passage_id) for i in items if not i.outdated]
            html = passages.marked(part.html, quotes, css=MARK_CLASS) if quotes else part.html
            parts.append(replace(part, html=html, proposals=tuple(items)))
        result.append(replace(section, parts=parts))
    return result


def chapter_proposals(contribution) -> dict:
    """What the chapter's page shows: the sections with marks and proposals per part,
    the open ones (for counts and the bulk form) and the latest decided ones. Two
    queries."""
    open_proposals = list(Proposal.objects.for_reading().filter(contribution=contribution).open())
    decided = list(
        Proposal.objects.select_related("author", "decided_by")
        .filter(contribution=contribution)
        .exclude(state=Proposal.State.OPEN)
        .order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )
    open_shown = shown(contribution, open_proposals)
    counts = []  # (label, count, the first one's anchor) per text, in agenda order
    for text in aspects.texts(contribution.system_provisions):
        items = [item for item in open_shown if item.proposal.text_name == text.name]
        if items:
            counts.append((text.label, len(items), items[0].proposal.anchor))
    return {
        "proposal_counts": counts,
        "proposal_sections": with_marks(contribution.aspect_sections(), open_shown),
        "open_proposals": open_shown,
        "decided_proposals": decided,
    }
