from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def stored_name(instance, filename: str) -> str:
    """Files are stored under a random name (never the uploader's), with the extension
    of the type found in their bytes."""
    return f"documents/{uuid4().hex}{Path(filename).suffix.lower()}"


class DocumentQuerySet(models.QuerySet):
    def for_audiences(self, audiences, team_ids):
        """The documents for one of ``audiences``, and the team documents of ``team_ids``.
        Who sees which is a rule: ``portal.permissions.documents_visible_to``."""
        return self.filter(
            models.Q(audience__in=audiences)
            | models.Q(audience=Document.Audience.TEAM, team__in=team_ids)
        )


class Document(models.Model):
    """A file, a video or a link to a video elsewhere, in the edition's library
    ("Documenten en video's"), optionally tied to a team or a milestone."""

    class Kind(models.TextChoices):
        FILE = "file", _("document")
        VIDEO = "video", _("video")
        LINK = "link", _("video on another website")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("everyone, also without logging in")
        SIGNED_IN = "signed_in", _("everyone who is logged in")
        TEAM = "team", _("one programme team (and the coordinators)")

    edition = models.ForeignKey(
        "agenda.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    date = models.DateField(_("date"))
    audience = models.CharField(
        _("who may see it"), max_length=10, choices=Audience.choices, default=Audience.SIGNED_IN
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True
    )
    milestone = models.ForeignKey(
        "agenda.Milestone",
        verbose_name=_("milestone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to=stored_name, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    captions = models.FileField(_("captions (WebVTT)"), upload_to=stored_name, blank=True)
    url = models.URLField(_("address of the video page"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="team") | models.Q(team__isnull=False),
                name="team_documents_name_their_team",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents and videos")

    def __str__(self):
        return self.title

    def get_file_url(self):
        return reverse("portal:document_file", args=[self.pk])
