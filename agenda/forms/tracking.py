"""The form of a progress update on a tracked action, the coordinators' import of
updates and their request for a quarter's progress report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import QUARTERS, ActionStatus
from agenda.tracking.services import MAX_LINK, MAX_TEXT, document_refusal


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
    document = forms.FileField(
        label=_("Document"),
        help_text=_("Optional: a report or minutes as PDF, Office document or image."),
        required=False,
    )
    public = forms.BooleanField(
        label=_("Show this text on the public progress page"), required=False
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            _found, wrong = document_refusal(document)
            if wrong:
                raise forms.ValidationError(wrong)
        return document

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.DROPPED and data.get("percentage") is not None:
            self.add_error("percentage", _("A dropped action has no progress percentage."))
        return data

    def full_clean(self):
        """After any other error, a chosen document is asked for again: a browser does not
        keep a file input's choice when the page comes back."""
        super().full_clean()
        if self.errors and "document" not in self.errors and self.files.get("document"):
            self.add_error(
                "document",
                _(
                    "Choose the file again: your browser does not keep a chosen file "
                    "when the form comes back with an error."
                ),
            )


class UpdatesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file with updates"),
        help_text=_(
            "Columns: action number, status, progress (%), text, link, public (ja/nee). "
            "Semicolons or commas, UTF-8."
        ),
        error_messages={"required": _("Choose a CSV file.")},
    )


class ProgressReportForm(forms.Form):
    """Which quarter of the programme ``year`` the progress report is of."""

    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        help_text=_("The report shows today's figures under the quarter you choose."),
        coerce=int,
        error_messages={"required": _("Choose a quarter.")},
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", _("Choose a quarter"))] + [
            (number, f"{label} {year}") for number, (_code, label) in enumerate(QUARTERS, 1)
        ]
