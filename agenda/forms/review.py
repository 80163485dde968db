"""Review steps, history restore and compare, comments and the network texts' form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..workflow import REASON_REQUIRED, Action
from .rich_text import RichTextForm, rich_text_field


class TransitionForm(forms.Form):
    """The optional or required reason that goes with a workflow step."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The team sees this in the version history and in the email."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, action, target, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.url = target.review_step_url(action)  # target: a contribution or network text
        self.refusal = refusal  # why the step is not open to this user (four eyes), if so
        self.label = Action(action).label
        self.prefix = action
        self.show_reason = action in (Action.RETURN, Action.APPROVE)
        if action in REASON_REQUIRED:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Reason for returning")
            self.fields["reason"].help_text = _(
                "Say what the team should change; they receive this by email."
            )
            self.fields["reason"].error_messages["required"] = _(
                "Give a reason, so that the team knows what to change."
            )


class RestoreForm(forms.Form):
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why restore this version?"),
        help_text=_("Shown in the version history, e.g. 'Return to the agreed wording'."),
        required=False,
        max_length=300,
    )


class CompareForm(forms.Form):
    """Two versions to compare, chosen from the contribution's history."""

    van = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    naar = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.history_id, v.label) for v in reversed(versions)]
        self.fields["van"].choices = choices
        self.fields["naar"].choices = choices


class CommentForm(forms.Form):
    aspect = forms.ChoiceField(label=_("About"))
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment first.")},
    )

    def __init__(self, *args, contribution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = contribution.aspect_choices()


class NetworkTextForm(RichTextForm):
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    body = rich_text_field(_("Text"))
    note = forms.CharField(
        label=_("Change note"),
        help_text=_("A few words for the version history."),
        required=False,
        max_length=300,
    )
