"""Agenda versions: governance steps, partner responses and decisions, compare, overview filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Contribution, PartnerDecision, PartnerResponse
from teams.models import Team

Verdict = PartnerResponse.Verdict


class AgendaStepForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the version history"),
        help_text=_("Optional, e.g. the date of the meeting."),
        required=False,
        max_length=500,
    )


class PartnerResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict of the constituency"),
        choices=[(v, label) for v, label in Verdict.choices if v != Verdict.NO_RESPONSE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose agreed, agreed with remarks or objection.")},
    )
    text = forms.CharField(
        label=_("Response of the constituency"),
        help_text=_(
            "What your constituency said about this version; required with remarks or an objection."
        ),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") not in (None, Verdict.AGREE) and not data.get("text", "").strip():
            self.add_error("text", _("Write the response of your constituency."))
        return data


class NoResponseForm(forms.Form):
    """A coordinator records that a constituency did not respond (``partners``: those
    without a response)."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        to_field_name="code",
        empty_label=None,
        error_messages={"required": _("Choose the partner.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why there is no response, e.g. the constituency did not meet in time."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason why there is no response.")},
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, prefix="geen-reactie", **kwargs)
        self.fields["partner"].queryset = partners


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
    teams = forms.ModelMultipleChoiceField(
        label=_("Chapters the rejection is about (optional)"),
        queryset=Team.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
