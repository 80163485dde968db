"""The form of a progress update on a tracked action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import ActionStatus
from agenda.tracking.services import MAX_LINK, MAX_TEXT


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"),
        help_text=_("A correction of an earlier update is a new update."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what happened.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percentage = forms.IntegerField(
        label=_("Progress (%)"),
        help_text=_("Leave empty for the status's usual figure."),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("The progress is a percentage from 0 to 100."),
            "max_value": _("The progress is a percentage from 0 to 100."),
            "invalid": _("The progress is a percentage from 0 to 100."),
        },
    )
    link = forms.URLField(
        label=_("Link to a document or page"),
        required=False,
        max_length=MAX_LINK,
        assume_scheme="https",
        error_messages={"invalid": _("Give a web address that begins with https://.")},
    )
    public = forms.BooleanField(
        label=_("Show this text on the public progress page"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.DROPPED and data.get("percentage") is not None:
            self.add_error("percentage", _("A dropped action has no progress percentage."))
        return data


class UpdatesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file with updates"),
        help_text=_(
            "Columns: action number, status, progress (%), text, link, public (ja/nee). "
            "Semicolons or commas, UTF-8."
        ),
        error_messages={"required": _("Choose a CSV file.")},
    )
