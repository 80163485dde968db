"""Rich-text fields: sanitised, limited in length, and telling what was flattened."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import ProseEditorWidget
from js_asset import ImportMap, Media

from agenda.texts import richtext


class RichTextField(ProseEditorFormField):
    """Rich text as it will be stored: through ``richtext.sanitise`` and at most
    ``richtext.MAX_LENGTH`` characters long.

    After cleaning, ``flattened`` says whether too-deep nesting was flattened. A form
    works on its own copies of its fields, so this belongs to one submitted form.
    ``max_length`` is not used: it would count the input before sanitising.
    """

    flattened = False

    def clean(self, value):
        raw = super().clean(value)  # without ``sanitize=``, the editor's field returns it as is
        if len(raw) > richtext.MAX_INPUT_LENGTH:  # refused unparsed: parsing takes time
            raise ValidationError(richtext.length_error(raw, self.label), code="max_length")
        result = richtext.sanitise(raw)
        if error := richtext.length_error(result.html, self.label):
            raise ValidationError(error, code="max_length")
        self.flattened = result.flattened
        return result.html


class RichTextWidget(ProseEditorWidget):
    """The editor, with the co-editing bundle in the page's import map (loaded only by
    an edit page that co-edits: static/js/editor.js)."""

    @property
    def media(self):
        return super().media + Media(
            importmap=ImportMap({"django-prose-editor/coediting": "vendor/coediting/coediting.js"})
        )


def rich_text_field(label, help_text=""):
    return RichTextField(
        label=label,
        help_text=help_text,
        required=False,
        extensions=richtext.EDITOR_EXTENSIONS,
        preset="portal",
        widget=RichTextWidget,
    )


class RichTextForm(forms.Form):
    """A form with rich-text fields, which can tell the writer what the sanitiser flattened."""

    def rebased(self, revision: int):
        """After a conflicting save: the same form, as typed, on top of ``revision`` (the
        other person's), so that saving it again is a save over their text."""
        data = self.data.copy()
        data["base_revision"] = str(revision)
        return type(self)(data)

    def report_saved(self, request) -> None:
        """Tell the writer that the draft is saved, and what the sanitiser flattened."""
        messages.success(request, _("Your draft has been saved."))
        if warning := self.flattening_warning():
            messages.warning(request, warning)

    def flattening_warning(self) -> str:
        """After a successful save: which texts had too-deep nesting flattened, or ""."""
        labels = [
            f"'{field.label}'"
            for field in self.fields.values()
            if isinstance(field, RichTextField) and field.flattened
        ]
        if not labels:
            return ""
        return _(
            "In %(texts)s, lists were nested more than %(lists)s levels deep or other "
            "formatting more than %(depth)s levels; that nesting has been flattened. "
            "Check the formatting."
        ) % {
            "texts": ", ".join(labels),
            "lists": richtext.MAX_LIST_DEPTH,
            "depth": richtext.MAX_DEPTH,
        }
