"""The agenda app's models, split by concept (see STYLE.md)."""

from .agenda_versions import (
    AgendaChapter,
    AgendaVersion,
    ChapterPdf,
    PdfDocument,
    RedlinePdf,
    RendersPdf,
)
from .comments import Comment
from .contributions import (
    QUARTERS,
    Contribution,
    Reviewed,
    as_saved,
    labelled_actions,
    lead_choices,
)
from .editions import Edition, Milestone
from .governance import PartnerDecision, PartnerResponse, deciding_partners
from .live import LiveUpdate
from .network_texts import NetworkText
from .proposals import Proposal
from .reminders import Reminder

__all__ = [
    "QUARTERS",
    "AgendaChapter",
    "AgendaVersion",
    "ChapterPdf",
    "Comment",
    "Contribution",
    "Edition",
    "LiveUpdate",
    "Milestone",
    "NetworkText",
    "PartnerDecision",
    "PartnerResponse",
    "PdfDocument",
    "Proposal",
    "RedlinePdf",
    "Reminder",
    "RendersPdf",
    "Reviewed",
    "as_saved",
    "deciding_partners",
    "labelled_actions",
    "lead_choices",
]
