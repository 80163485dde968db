from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.forms.rich_text import RichTextForm, rich_text_field
from agenda.models import Milestone
from infra.files import DOCUMENT_TYPES, VIDEO_TYPES, VTT
from infra.files import refusal as file_refusal
from portal.models import Document
from teams.models import Team


class RevealingRadioSelect(forms.RadioSelect):
    """Radios whose answers reveal parts of the form (GOV.UK "Radios" with conditional
    reveal): ``reveals`` maps an answer's value to the ids of the parts it shows, which
    ``static/js/conditional-reveal.js`` hides while another answer is chosen."""

    def __init__(self, *args, reveals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reveals = reveals or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if parts := self.reveals.get(str(value)):
            option["attrs"]["data-aria-controls"] = " ".join(parts)
        return option


Kind = Document.Kind
KIND_FIELDS = {
    Kind.FILE: ("file",),
    Kind.VIDEO: ("file", "captions"),
    Kind.LINK: ("url",),
}
"""The fields each kind of item uses; the others are shown only for another kind."""
KIND_PARTS = "document-kind-parts"
"""The id of the part of the form that holds the fields of ``KIND_FIELDS``."""


class DocumentForm(forms.ModelForm):
    """A document, an uploaded video (with optional captions) or a link to a video page.

    Files are checked by their bytes (``files.sniff``), their size and their extension;
    links must be https (the page shows no third-party player, only a link). The fields
    of another kind than the one chosen (``KIND_FIELDS``) are ignored: the page hides
    them, and without JavaScript they are simply not read."""

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "description",
            "date",
            "audience",
            "team",
            "milestone",
            "file",
            "captions",
            "url",
        ]
        widgets = {
            "kind": RevealingRadioSelect,
            "audience": forms.RadioSelect,
            # A date input sends and shows ISO dates, whatever the language.
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "url": forms.URLInput(attrs={"spellcheck": "false"}),
        }
        help_texts = {
            "file": _("A PDF, an Office document or an image; for a video an MP4 or WebM file."),
            "captions": _("For an uploaded video: its captions as a WebVTT file (.vtt)."),
            "url": _("For a video on another website: the address of its page (https://…)."),
            "team": _("Needed when only one team may see it; otherwise optional."),
        }
        error_messages = {
            "kind": {"required": _("Choose a document, a video or a video on another website.")},
        }

    kind_parts = KIND_PARTS

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        # A required choice offers no empty answer (the model field has no default, so
        # Django adds Django's own "- Select an option -"); an optional one says what
        # the empty answer means.
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].widget.reveals = {  # each field's part: see includes/field.html
            value: [KIND_PARTS, *(f"field-{self[name].auto_id}" for name in names)]
            for value, names in KIND_FIELDS.items()
        }
        self.fields["milestone"].queryset = Milestone.objects.filter(edition=edition)
        self.fields["milestone"].empty_label = _("No milestone")
        self.fields["team"].queryset = Team.objects.all()
        self.fields["team"].empty_label = _("No team")
        self.fields["date"].initial = timezone.localdate
        self.found = None  # the file's type, read from its bytes
        self.fields["file"].needed_for = _("needed for a document or a video")
        self.fields["url"].needed_for = _("needed for a video on another website")

    def clean(self):
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if data.get("audience") == Document.Audience.TEAM and not data.get("team"):
            self.add_error("team", _("Choose the team that may see it."))
        used = KIND_FIELDS.get(kind, ())
        for name in {name for names in KIND_FIELDS.values() for name in names} - set(used):
            # Another kind's field: nothing to check, nothing to keep.
            self.errors.pop(name, None)
            data[name] = "" if name == "url" else None
        if kind == Kind.LINK and "url" not in self.errors:
            url = data.get("url", "")
            if not url:
                self.add_error("url", _("Give the address of the video's page."))
            elif not url.startswith("https://"):
                self.add_error("url", _("Give an address that starts with https://."))
        elif kind in (Kind.FILE, Kind.VIDEO) and "file" not in self.errors:
            allowed = VIDEO_TYPES if kind == Kind.VIDEO else DOCUMENT_TYPES
            limit = settings.VIDEO_MAX_MB if kind == Kind.VIDEO else settings.DOCUMENT_MAX_MB
            if not upload:
                self.add_error("file", _("Choose the file to upload."))
            else:
                self.found = self._checked(upload, allowed, limit * 1024 * 1024, "file")
        if data.get("captions"):  # only a video's are kept
            self._checked(data["captions"], (VTT,), 1024 * 1024, "captions")
        return data

    def full_clean(self):
        """After any error, a chosen file that was fine is asked for again: a browser
        does not keep a file input's choice when the page comes back."""
        super().full_clean()
        if not self.errors:
            return
        for name in KIND_FIELDS.get(self.cleaned_data.get("kind"), ()):
            chosen = isinstance(self.fields[name], forms.FileField) and self.files.get(
                self.add_prefix(name)
            )
            if chosen and name not in self.errors:
                self.add_error(
                    name,
                    _(
                        "Choose the file again: your browser does not keep a chosen file "
                        "when the form comes back with an error."
                    ),
                )

    def _checked(self, upload, allowed, limit: int, field: str):
        found, wrong = file_refusal(upload, allowed, limit)
        if wrong:
            self.add_error(field, wrong)
        return found


class SitePageForm(RichTextForm):
    """A rich site page's text, with the revision it was read at (to detect a save by
    someone else in the meantime)."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    body = rich_text_field(_("Text"))
