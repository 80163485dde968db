from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teams.models import Membership


class MembershipForm(forms.Form):
    """Add a person to a team by their e-mail address or user name (a list of every
    account would grow with the network and tell every coordinator all names)."""

    user = forms.CharField(
        label=_("E-mail address or user name"),
        max_length=254,
        help_text=_("People need an account first; an administrator creates accounts."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def clean_user(self):
        given = self.cleaned_data["user"].strip()
        matches = list(
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(username__iexact=given) | Q(email__iexact=given))[:2]
        )
        if len(matches) != 1:
            raise forms.ValidationError(
                _("Nobody has an account with this e-mail address or user name.")
                if not matches
                else _("Several accounts have this e-mail address; give the user name.")
            )
        return matches[0]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
