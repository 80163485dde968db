"""Proposals as readers see them: where each stands against today's text, its change as
a word diff of the paragraph, and the passages marked in the chapter.

Reading only; the writes are in ``services.proposals``.
"""

from dataclasses import dataclass, replace

from django.utils.safestring import SafeString, mark_safe

from agenda.models import Proposal, as_saved
from agenda.selectors.citations import cited
from agenda.texts import aspects, citations, diff, passages
from agenda.texts.html import ParsedText
from infra.caching import remembered

MARK_CLASS = "portal-proposal-mark"
DECIDED_SHOWN = 20
PROPOSALS_SHOWN = 3
"""Open proposals shown under each text on the chapter's page (the oldest first); the
rest are one click away (``text_proposals``), so the page costs the same with 3 or 30."""
"""The most recently decided proposals a chapter's page lists."""


@dataclass(frozen=True)
class Shown:
    proposal: Proposal
    label: str  # the text it is about
    outdated: bool  # the passage is not (unambiguously) in today's text
    diff: SafeString  # the paragraph as it was quoted, with the change as <del>/<ins>
    current: str | None  # outdated: today's paragraph most like it (None: none shares a word)

    @property
    def passage_id(self) -> str:
        return f"passage-{self.proposal.pk}"

    @property
    def reason(self) -> SafeString:
        """The proposer's reason, its citations of paragraphs of the version it was made
        on linked (``citations.cited``); the version is read only for a reason citing."""
        proposal = self.proposal
        cites = proposal.on_version_id and citations.cites(proposal.reason)
        return cited(proposal.reason, proposal.on_version if cites else None)


def _paragraph_diff(parsed: ParsedText, proposal: Proposal) -> SafeString:
    paragraph, start, end = passages.paragraph(parsed, proposal.quote)
    changed = paragraph[:start] + proposal.new_words + paragraph[end:]
    return diff.render(diff.diff_words(paragraph.split(), changed.split()))


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
                current = passages.most_like(texts.now(name), passages.normalised(proposal.exact))
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


def chapter_proposals(contribution, *, shown_per_text: int | None = PROPOSALS_SHOWN) -> dict:
    """What the chapter's page shows: the sections with marks (every open proposal's
    passage) and at most ``shown_per_text`` open proposals under each text (``None``:
    all), the open ones (for counts and the bulk form) and the latest decided ones. Two
    queries; locating and marking the passages is cached (``_located``)."""
    open_proposals = list(Proposal.objects.for_reading().filter(contribution=contribution).open())
    decided = list(
        Proposal.objects.select_related("author", "decided_by")
        .filter(contribution=contribution)
        .exclude(state=Proposal.State.OPEN)
        .order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )
    located, marked = _located(contribution, open_proposals)
    open_shown = [Shown(proposal, *located[proposal.pk]) for proposal in open_proposals]
    by_text: dict[str, list[Shown]] = {}
    for item in open_shown:
        by_text.setdefault(item.proposal.text_name, []).append(item)
    sections = [
        replace(
            section,
            parts=[
                replace(
                    part,
                    html=marked.get(part.text.name, part.html),
                    proposals=tuple(by_text.get(part.text.name, [])[:shown_per_text]),
                    more_proposals=len(by_text.get(part.text.name, [])[shown_per_text:])
                    if shown_per_text is not None
                    else 0,
                )
                for part in section.parts
            ],
        )
        for section in contribution.aspect_sections()
    ]
    counts = []  # (label, count, the first one's anchor) per text, in agenda order
    for text in aspects.texts(contribution.system_provisions):
        if items := by_text.get(text.name):
            counts.append((text.label, len(items), items[0].proposal.anchor))
    return {
        "proposal_counts": counts,
        "proposal_sections": sections,
        "open_proposals": open_shown,
        "decided_proposals": decided,
    }


def _located(contribution, open_proposals) -> tuple[dict, dict]:
    """Per open proposal (by id) what ``Shown`` adds to it (label, outdated, diff,
    current), and per text (by name) its HTML with the passages marked, for those texts
    that have marks. Computed from the chapter's texts and the proposals (whose passages
    and words never change), so cached under a fingerprint of the texts and the ids."""

    def compute():
        open_shown = shown(contribution, open_proposals)
        marked = {
            part.text.name: part.html
            for section in with_marks(contribution.aspect_sections(), open_shown)
            for part in section.parts
            if part.proposals
        }
        located = {
            item.proposal.pk: (item.label, item.outdated, item.diff, item.current)
            for item in open_shown
        }
        return located, marked

    ids = sorted(proposal.pk for proposal in open_proposals)
    return remembered(
        "proposal-passages",
        contribution.pk,
        aspects.fingerprint(contribution),
        *ids,
        compute=compute,
    )
