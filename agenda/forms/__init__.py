"""The agenda app's forms, split by concept."""

from agenda.forms.agenda_versions import (
    AgendaCompareForm,
    AgendaStepForm,
    NoResponseForm,
    PartnerDecisionForm,
    PartnerResponseForm,
    StateFilter,
)
from agenda.forms.comments import CommentForm, ReplyForm
from agenda.forms.contributions import (
    CONFLICT_CHOICES,
    MAX_ACTIONS,
    ActionForm,
    ActionFormSet,
    BaseActionFormSet,
    ContributionForm,
    contribution_content,
)
from agenda.forms.proposals import ProposalForm, RejectProposalForm
from agenda.forms.review import (
    CompareForm,
    NetworkTextForm,
    RestoreForm,
    ReviewStepForm,
)
from agenda.forms.rich_text import RichTextField, RichTextForm, rich_text_field

__all__ = [
    "CONFLICT_CHOICES",
    "MAX_ACTIONS",
    "ActionForm",
    "ActionFormSet",
    "AgendaCompareForm",
    "AgendaStepForm",
    "BaseActionFormSet",
    "CommentForm",
    "CompareForm",
    "ContributionForm",
    "NetworkTextForm",
    "NoResponseForm",
    "PartnerDecisionForm",
    "PartnerResponseForm",
    "ProposalForm",
    "RejectProposalForm",
    "ReplyForm",
    "RestoreForm",
    "ReviewStepForm",
    "RichTextField",
    "RichTextForm",
    "StateFilter",
    "contribution_content",
    "rich_text_field",
]
