"""Every write of the agenda app goes through one of these functions."""

from .contributions import (
    AgendaError,
    ContributionConflict,
    ContributionContent,
    clean_content,
    comment_add,
    comment_set_resolved,
    content_of,
    contribution_restore,
    contribution_save,
    contribution_transition,
    network_text_save,
    review_transition,
)
from .versions import (
    agenda_compile,
    agenda_step,
    chapter_pdf_for,
    latest_approved,
    partner_decision_record,
    partner_response_record,
    pdf_retry,
    request_pdf,
)

__all__ = [
    "AgendaError",
    "ContributionConflict",
    "ContributionContent",
    "agenda_compile",
    "agenda_step",
    "chapter_pdf_for",
    "clean_content",
    "comment_add",
    "comment_set_resolved",
    "content_of",
    "contribution_restore",
    "contribution_save",
    "contribution_transition",
    "latest_approved",
    "network_text_save",
    "partner_decision_record",
    "partner_response_record",
    "pdf_retry",
    "request_pdf",
    "review_transition",
]
