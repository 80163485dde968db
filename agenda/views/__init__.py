"""The agenda app's pages, split by concept."""

from .agenda_versions import (
    agenda_compare,
    agenda_compare_item,
    agenda_compile_view,
    agenda_pdf,
    agenda_pdf_retry,
    agenda_step_view,
    agenda_version_detail,
    agenda_version_list,
    chapter_pdf,
    chapter_pdf_retry,
    final_agenda_pdf,
    partner_decision_view,
    partner_response_view,
)
from .contributions import (
    comment_create,
    comment_list,
    comment_reopen,
    comment_resolve,
    contribution_detail,
    contribution_edit,
    contribution_revision,
    contribution_transition_view,
    home,
)
from .history import history_compare, history_list, history_record, history_restore
from .network_texts import network_text_detail, network_text_edit, network_text_transition
from .overview import overview

__all__ = [
    "agenda_compare",
    "agenda_compare_item",
    "agenda_compile_view",
    "agenda_pdf",
    "agenda_pdf_retry",
    "agenda_step_view",
    "agenda_version_detail",
    "agenda_version_list",
    "chapter_pdf",
    "chapter_pdf_retry",
    "comment_create",
    "comment_list",
    "comment_reopen",
    "comment_resolve",
    "contribution_detail",
    "contribution_edit",
    "contribution_revision",
    "contribution_transition_view",
    "final_agenda_pdf",
    "history_compare",
    "history_list",
    "history_record",
    "history_restore",
    "home",
    "network_text_detail",
    "network_text_edit",
    "network_text_transition",
    "overview",
    "partner_decision_view",
    "partner_response_view",
]
