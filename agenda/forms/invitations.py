"""Inviting someone without an account to answer for a partner."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner


class AnswerInvitationForm(forms.Form):
    """Who is invited, by name and e-mail; the partner when the inviter may invite for
    more than one (``partners``, from ``answer_rules.invitable_partners``). What they
    record follows from the version's state."""

    partner = forms.ModelChoiceField(
        label=_("For partner"),
        queryset=Partner.objects.none(),
        to_field_name="code",
        empty_label=None,
        error_messages={"required": _("Choose the partner.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Give the name of the person you invite.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The personal link is sent here. Only this person should use it."),
        error_messages={
            "required": _("Give the e-mail address of the person you invite."),
            "invalid": _("Give an e-mail address like name@example.nl."),
        },
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, prefix="uitnodiging", **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            pk__in=[partner.pk for partner in partners]
        )
        self.single_partner = partners[0] if len(partners) == 1 else None
        if self.single_partner is not None:  # a representative of one partner: no choice
            del self.fields["partner"]

    def clean(self):
        data = super().clean()
        if self.single_partner is not None:
            data["partner"] = self.single_partner
        return data
