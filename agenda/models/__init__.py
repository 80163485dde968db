"""The agenda app's models, split by concept (see STYLE.md)."""

from agenda.models.agenda_versions import AgendaChapter, AgendaVersion
from agenda.models.coediting import CoeditingUpdate
from agenda.models.comments import Comment
from agenda.models.contributions import (
    QUARTERS,
    Contribution,
    Reviewed,
    as_saved,
    labelled_actions,
    lead_choices,
)
from agenda.models.editions import Edition, Milestone
from agenda.models.governance import PartnerDecision, PartnerResponse, deciding_partners
from agenda.models.invitations import AnswerInvitation
from agenda.models.network_texts import NetworkText
from agenda.models.pdfs import ChapterPdf, PdfDocument, RedlinePdf, RendersPdf
from agenda.models.proposals import Proposal
from agenda.models.reminders import Reminder
from agenda.models.tracking import (
    DEFAULT_PERCENTAGE,
    ActionStatus,
    ProgressReport,
    ProgressUpdate,
    TrackedAction,
    quarter_end,
    quarter_of,
)

__all__ = [
    "DEFAULT_PERCENTAGE",
    "QUARTERS",
    "ActionStatus",
    "AgendaChapter",
    "AgendaVersion",
    "AnswerInvitation",
    "ChapterPdf",
    "CoeditingUpdate",
    "Comment",
    "Contribution",
    "Edition",
    "Milestone",
    "NetworkText",
    "PartnerDecision",
    "PartnerResponse",
    "PdfDocument",
    "ProgressReport",
    "ProgressUpdate",
    "Proposal",
    "RedlinePdf",
    "Reminder",
    "RendersPdf",
    "Reviewed",
    "TrackedAction",
    "as_saved",
    "deciding_partners",
    "labelled_actions",
    "lead_choices",
    "quarter_end",
    "quarter_of",
]
