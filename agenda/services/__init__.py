"""Every write of the agenda app goes through one of these functions, split by concept."""

from agenda.coediting.services import flush_live_edits, live_save, live_submit, save_idle_drafts
from agenda.coediting.store import live_document_updates, live_store, live_write_texts
from agenda.errors import AgendaError, ContributionConflict
from agenda.governance.compiling import (
    agenda_compile,
    chapter_pdf_for,
    compile_content,
    latest_approved,
    pdf_retry,
    redline_pdf_for,
    stored_pdf_or_request,
)
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
)
from agenda.review.services import review_transition
from agenda.services.comments import comment_add, comment_set_resolved, feedback_add
from agenda.services.contributions import (
    ContributionContent,
    clean_content,
    content_of,
    contribution_restore,
    contribution_save,
)
from agenda.services.network_texts import network_text_save
from agenda.services.proposals import (
    ProposalInput,
    ProposalOutdated,
    contribution_save_with_proposal,
    proposal_add,
    proposal_reject,
    proposals_accept,
)

__all__ = [
    "AgendaError",
    "ContributionConflict",
    "ContributionContent",
    "ProposalInput",
    "ProposalOutdated",
    "agenda_compile",
    "agenda_step",
    "chapter_pdf_for",
    "clean_content",
    "comment_add",
    "comment_set_resolved",
    "compile_content",
    "content_of",
    "contribution_restore",
    "contribution_save",
    "contribution_save_with_proposal",
    "feedback_add",
    "flush_live_edits",
    "latest_approved",
    "live_document_updates",
    "live_save",
    "live_store",
    "live_submit",
    "live_write_texts",
    "network_text_save",
    "partner_decision_record",
    "partner_no_response_record",
    "partner_response_record",
    "pdf_retry",
    "proposal_add",
    "proposal_reject",
    "proposals_accept",
    "redline_pdf_for",
    "review_transition",
    "save_idle_drafts",
    "stored_pdf_or_request",
]
