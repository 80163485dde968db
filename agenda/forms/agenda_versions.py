"""Agenda versions: governance steps, partner responses and decisions, compare, overview filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contribution, PartnerDecision


class AgendaStepForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the version history"),
        help_text=_("Optional, e.g. the date of the meeting."),
        required=False,
        max_length=500,
    )


class PartnerResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Response of the constituency"),
        help_text=_("What your constituency said about this version."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the response of your constituency.")},
    )


class PartnerDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the board"),
        choices=PartnerDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve or reject.")},
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Required for a rejection: the reasons are shown to everyone."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == PartnerDecision.Decision.REJECT
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Give the reasons for the rejection."))
        return data


class AgendaCompareForm(forms.Form):
    van = forms.ModelChoiceField(label=_("Older version"), queryset=None, to_field_name="pk")
    naar = forms.ModelChoiceField(label=_("Newer version"), queryset=None, to_field_name="pk")

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["van"].queryset = versions
        self.fields["naar"].queryset = versions


class StateFilter(forms.Form):
    """The coordinators' overview, filtered by the chapters' review state."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All states")), *Contribution.State.choices],
    )
