"""The agenda app's models, split by concept (see STYLE.md)."""

from .contributions import (
    QUARTERS,
    Comment,
    Contribution,
    Edition,
    Milestone,
    labelled_actions,
    lead_choices,
)
from .versions import (
    AgendaChapter,
    AgendaVersion,
    ChapterPdf,
    NetworkText,
    PartnerDecision,
    PartnerResponse,
    PdfDocument,
)

__all__ = [
    "QUARTERS",
    "AgendaChapter",
    "AgendaVersion",
    "ChapterPdf",
    "Comment",
    "Contribution",
    "Edition",
    "Milestone",
    "NetworkText",
    "PartnerDecision",
    "PartnerResponse",
    "PdfDocument",
    "labelled_actions",
    "lead_choices",
]
