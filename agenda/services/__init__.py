"""The agenda's writes that belong to no machine, split by concept: a chapter's text,
comments, proposals, the motto and the manifesto. The machines keep theirs in their own
folder (``review.services``, ``governance.services``, ``governance.compiling``,
``coediting.services``, ``pdf.services``)."""

from agenda.errors import AgendaError
from agenda.services.comments import comment_add, comment_set_resolved, feedback_add
from agenda.services.contributions import (
    ContributionContent,
    clean_content,
    content_of,
    contribution_restore,
    contribution_save,
    contribution_save_with_proposal,
)
from agenda.services.network_texts import network_text_save
from agenda.services.proposals import (
    ProposalInput,
    ProposalOutdated,
    proposal_add,
    proposal_reject,
    proposals_accept,
)

__all__ = [
    "AgendaError",
    "ContributionContent",
    "ProposalInput",
    "ProposalOutdated",
    "clean_content",
    "comment_add",
    "comment_set_resolved",
    "content_of",
    "contribution_restore",
    "contribution_save",
    "contribution_save_with_proposal",
    "feedback_add",
    "network_text_save",
    "proposal_add",
    "proposal_reject",
    "proposals_accept",
]
