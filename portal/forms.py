from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agenda.forms.rich_text import RichTextForm, rich_text_field
from agenda.models import Milestone
from portal.files import DOCUMENT_TYPES, VIDEO_TYPES, VTT, sniff
from portal.models import Document
from teams.models import Team


class DocumentForm(forms.ModelForm):
    """A document, an uploaded video (with optional captions) or a link to a video page.

    Files are checked by their bytes (``files.sniff``), their size and their extension;
    links must be https (the page shows no third-party player, only a link)."""

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
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "file": _("A PDF, an Office document or an image; for a video an MP4 or WebM file."),
            "captions": _("For an uploaded video: its captions as a WebVTT file (.vtt)."),
            "url": _("For a video on another website: the address of its page (https://…)."),
            "team": _("Needed when only one team may see it; otherwise optional."),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(edition=edition)
        self.fields["team"].queryset = Team.objects.all()
        self.found = None  # the file's type, read from its bytes
        self.fields["file"].needed_for = _("needed for a document or a video")
        self.fields["url"].needed_for = _("needed for a video on another website")

    def clean(self):
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if data.get("audience") == Document.Audience.TEAM and not data.get("team"):
            self.add_error("team", _("Choose the team that may see it."))
        if kind == Document.Kind.LINK:
            url = data.get("url", "")
            if not url:
                self.add_error("url", _("Give the address of the video's page."))
            elif not url.startswith("https://"):
                self.add_error("url", _("Give an address that starts with https://."))
            return data
        if kind in (Document.Kind.FILE, Document.Kind.VIDEO):
            allowed = VIDEO_TYPES if kind == Document.Kind.VIDEO else DOCUMENT_TYPES
            limit = (
                settings.VIDEO_MAX_MB if kind == Document.Kind.VIDEO else settings.DOCUMENT_MAX_MB
            )
            if not upload:
                self.add_error("file", _("Choose the file to upload."))
            else:
                self.found = self._checked(upload, allowed, limit * 1024 * 1024, "file")
            captions = data.get("captions")
            if captions and kind != Document.Kind.VIDEO:
                self.add_error("captions", _("Captions belong to an uploaded video."))
            elif captions:
                self._checked(captions, (VTT,), 1024 * 1024, "captions")
        return data

    def _checked(self, upload, allowed, limit: int, field: str):
        if upload.size > limit:
            self.add_error(
                field,
                _("This file is %(size)s; the largest allowed is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
            return None
        found = sniff(upload)
        if found not in allowed:
            self.add_error(
                field,
                _("This file is not one of the allowed types (%(types)s), whatever its name says.")
                % {"types": ", ".join(sorted({t.label for t in allowed}))},
            )
            return None
        if not upload.name.lower().endswith(found.extensions):
            self.add_error(
                field,
                _("This is a %(type)s file: its name should end in %(extension)s.")
                % {"type": found.label, "extension": found.extensions[0]},
            )
            return None
        return found


class SitePageForm(RichTextForm):
    """A rich site page's text, with the revision it was read at (to detect a save by
    someone else in the meantime)."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    body = rich_text_field(_("Text"))
