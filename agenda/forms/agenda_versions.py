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
        help_text=_("The reasons for a rejection are shown to everyone."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional with an approval, needed with a rejection: the label says when.
        self.fields["note"].needed_for = _("needed for a rejection")

    def clean(self):
        """A rejection needs its reasons; an approval objects to no chapter, so chapters
        ticked before choosing "Approve" (all show without JavaScript) are dropped."""
        data = super().clean()
        rejected = data.get("decision") == PartnerDecision.Decision.REJECT
        if rejected and not data.get("note", "").strip():
            self.add_error("note", _("Give the reasons for the rejection."))
        if not rejected:
            data["teams"] = []
        return data


class AgendaCompareForm(forms.Form):
    """Two versions to compare; both are always chosen (the newest two at first), so
    neither select offers an empty answer."""

    van = forms.ModelChoiceField(
        label=_("Older version"), queryset=None, to_field_name="pk", empty_label=None
    )
    naar = forms.ModelChoiceField(
        label=_("Newer version"), queryset=None, to_field_name="pk", empty_label=None
    )

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
