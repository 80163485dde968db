"""Forms of proposals: make one, reject one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Proposal
from agenda.services.proposals import MAX_TEXT, ProposalInput
from agenda.texts import aspects


class ProposalForm(forms.Form):
    """A proposed change. ``prefix``/``suffix`` are filled by the page's script from the
    reader's selection; without them a passage that occurs more than once is refused
    with a message that says so."""

    text_name = forms.ChoiceField(label=_("Part of the chapter"))
    exact = forms.CharField(
        label=_("Passage to change"),
        help_text=_(
            "Select it in the text, or copy it here exactly as it stands (within one paragraph)."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Copy or select the passage you want to change.")},
    )
    kind = forms.ChoiceField(
        label=_("What should happen to it?"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.REPLACE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("New text"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Why?"),
        help_text=_("The writers decide; your reason helps them."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason, so that the writers know why.")},
    )
    prefix = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    suffix = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, contribution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_name"].choices = [
            (text.name, text.label) for text in aspects.texts(contribution.system_provisions)
        ]
        self.fields["text"].needed_for = _("not for a deletion")

    def clean(self):
        data = super().clean()
        if data.get("kind") != Proposal.Kind.DELETE and not data.get("text", "").strip():
            self.add_error("text", _("Write the new text."))
        return data

    def proposal_input(self) -> ProposalInput:
        return ProposalInput(**self.cleaned_data)


class RejectProposalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not accepted?"),
        help_text=_("The proposer receives this by email."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason, so that the proposer knows why.")},
    )
