"""Proposals: suggest a change to a passage of a chapter; its writers accept or reject."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from agenda.coediting import document
from agenda.errors import AgendaError
from agenda.models import Contribution, Proposal, as_saved
from agenda.notifications import notify_proposal
from agenda.permissions import (
    can_accept_proposal,
    can_decide_proposal,
    can_propose,
    can_propose_on_version,
)
from agenda.services.contributions import content_of, record_coediting_edits, write_record
from agenda.services.proposal_decisions import accepted_note, newest_record, record_decision
from agenda.services.reviewed import lock_for_writing
from agenda.texts import aspects, passages

MAX_TEXT = 5_000
"""The most characters of a passage, a new text or a reason."""


@dataclass(frozen=True)
class ProposalInput:
    """A proposal as the form delivers it; ``prefix``/``suffix``: the words around the
    reader's selection, which choose between repeated words."""

    text_name: str
    exact: str
    kind: str
    text: str
    reason: str
    prefix: str = ""
    suffix: str = ""


class PassageNotFound(AgendaError):
    """The passage is not (unambiguously) in the text proposed on; the message says why."""


class ProposalOutdated(AgendaError):
    """The passage changed since the proposal was made: a writer applies it by hand."""

    def __init__(self, proposals):
        super().__init__(
            _("The passage has changed since it was proposed; apply the change in the editor.")
        )
        self.proposals = proposals


def _record_for(contribution, user, version):
    """The history record a proposal is made on: the chapter as frozen in ``version``,
    or its newest record. Checks who may propose there."""
    if version is None:
        if not can_propose(user, contribution):
            raise AgendaError(_("You may not propose changes to this team's contribution."))
        record = contribution.history.order_by("-history_date", "-history_id").first()
    else:
        if not can_propose_on_version(user, version):
            raise AgendaError(
                _("Changes are proposed while a version is open for feedback or consultation.")
            )
        chapter = version.chapters.filter(team=contribution.team_id, record__isnull=False).first()
        record = chapter.record if chapter else None
    if record is None:
        raise AgendaError(_("This chapter has no text to propose changes to yet."))
    return record


@transaction.atomic
def proposal_add(*, contribution: Contribution, user, data: ProposalInput, version=None):
    """Propose a change to a passage of one rich text of ``contribution`` (on ``version``'s
    frozen chapter, or on the newest text). The passage must be found, unambiguously, in
    that text. The team's writers are told by email."""
    record = _record_for(contribution, user, version)
    text = {t.name: t for t in aspects.texts(contribution.system_provisions)}.get(data.text_name)
    if text is None:
        raise AgendaError(_("Choose the part of the contribution your proposal is about."))
    if data.kind not in Proposal.Kind.values:
        raise AgendaError(_("Choose what should happen to the passage."))
    new_text = passages.normalised(data.text)
    if data.kind != Proposal.Kind.DELETE and not new_text:
        raise AgendaError(_("Write the new text."))
    if not data.reason.strip():
        raise AgendaError(_("Give a reason, so that the writers know why."))
    if max(len(data.exact), len(data.text), len(data.reason)) > MAX_TEXT:
        raise AgendaError(_("Keep a proposal under %(count)s characters.") % {"count": MAX_TEXT})
    try:
        quote = passages.anchored(
            text.html_of(as_saved(record)), data.exact, data.prefix, data.suffix
        )
    except passages.NotFound as error:
        raise PassageNotFound(str(error)) from None
    if data.kind == Proposal.Kind.REPLACE and new_text == quote.exact:
        raise AgendaError(_("The new text is the same as the passage."))
    proposal = Proposal.objects.create(
        contribution=contribution,
        text_name=text.name,
        record=record,
        on_version=version,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        kind=data.kind,
        text=new_text if data.kind != Proposal.Kind.DELETE else "",
        reason=data.reason.strip(),
        author=user,
    )
    transaction.on_commit(lambda: notify_proposal(proposal=proposal))
    return proposal


def _html(obj, text_name: str) -> str:
    return aspects.stored_texts(obj).get(text_name, "")


def _applied(content, proposal: Proposal):
    """``content`` (``ContributionContent``) with the proposal applied; ``NotFound``."""
    fields = aspects.fields_of(content)
    html = passages.apply(
        _html(content, proposal.text_name), proposal.quote, proposal.kind, proposal.text
    )
    for text in aspects.texts(proposal.contribution.system_provisions):
        if text.name == proposal.text_name:
            changed = aspects.content_fields([(text, html)])
            if text.code:
                fields[text.aspect.field] = fields[text.aspect.field] | changed[text.aspect.field]
            else:
                fields |= changed
    return type(content)(**fields)


@transaction.atomic
def proposals_accept(*, contribution: Contribution, user, ids: list[int]):
    """Accept open proposals of ``contribution`` in one go: each is applied to the current
    text, in the order they were made, and all together are one new history record
    whose note names every proposal and its author. Proposals whose passage changed
    meanwhile stay open and are returned (the writer applies them in the editor).

    Needs ``permissions.can_accept_proposal``. Edits co-edited and not yet in a record
    become a history record first, and the accepted text goes back into the shared
    document. Locks the chapter and the proposals:
    of two writers accepting the same proposal at once, one writes the new version and
    the other is told it was accepted already.
    Returns (the chapter, the accepted proposals, the outdated ones).
    """
    locked = lock_for_writing(contribution, user=user)  # a writer, a concept
    if not can_accept_proposal(user, locked):
        raise AgendaError(
            _("Only the writers of %(team)s decide on proposals.") % {"team": locked.team}
        )
    record_coediting_edits(locked, user=user)  # typed together, not yet in a record
    chosen = list(
        Proposal.objects.select_for_update()
        .filter(contribution=locked, pk__in=ids)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    if not chosen:
        raise AgendaError(_("Choose the proposals to accept."))
    open_ones = [p for p in chosen if p.is_open]
    if not open_ones:
        decided = chosen[0]
        raise AgendaError(
            _("This proposal was %(state)s already by %(who)s.")
            % {"state": decided.get_state_display().lower(), "who": decided.decided_by}
        )
    content, accepted, outdated = content_of(locked), [], []
    for proposal in open_ones:
        proposal.contribution = locked
        try:
            content = _applied(content, proposal)
        except passages.NotFound:
            outdated.append(proposal)
        else:
            accepted.append(proposal)
    if not accepted:
        raise ProposalOutdated(outdated)
    changed = write_record(locked, content, user=user, note=accepted_note(accepted))
    document.write_texts_after_commit(locked, changed)
    record_decision(accepted, user=user, record=newest_record(locked))
    return locked, accepted, outdated


@transaction.atomic
def proposal_reject(*, proposal: Proposal, user, reason: str) -> Proposal:
    """Reject an open proposal with a reason; the proposer is told."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    contribution = Contribution.objects.select_related("team").get(pk=locked.contribution_id)
    if not can_decide_proposal(user, contribution):
        raise AgendaError(
            _("Only the writers of %(team)s decide on proposals.") % {"team": contribution.team}
        )
    if not locked.is_open:
        raise AgendaError(
            _("This proposal was %(state)s already by %(who)s.")
            % {"state": locked.get_state_display().lower(), "who": locked.decided_by}
        )
    if not reason.strip():
        raise AgendaError(_("Give a reason, so that the proposer knows why."))
    locked.contribution = contribution
    record_decision([locked], user=user, reason=reason.strip())
    return locked
