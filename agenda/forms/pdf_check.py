"""The check page's form: one uploaded PDF, bounded in size and read only as PDF."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agenda.pdf.checking import NotAPdf, read_pdf


class PdfCheckForm(forms.Form):
    document = forms.FileField(
        label=_("PDF to check"),
        help_text=_("A PDF of the agenda, a chapter or the changes, as you received it."),
        error_messages={
            "required": _("Choose the PDF to check."),
            "empty": _("This file is empty; choose the PDF to check."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self) -> bytes:
        """The file's bytes, once it is known to be a PDF of at most ``PDF_CHECK_MAX_MB``."""
        upload = self.cleaned_data["document"]
        limit = settings.PDF_CHECK_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; the largest PDF that can be checked is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        upload.seek(0)
        data = upload.read(limit + 1)
        try:
            read_pdf(data)
        except NotAPdf:
            raise forms.ValidationError(
                _("This file is not a PDF (or it is too damaged to read), whatever its name says.")
            ) from None
        return data
