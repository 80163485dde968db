"""The shared document of a chapter being co-edited: its Yjs updates as they arrive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.contributions import Contribution


class CoeditingUpdate(models.Model):
    """One Yjs update of a chapter's co-edited document (one Y.Doc per chapter, one
    XmlFragment per rich text), stored as it arrives so that nothing typed is lost when
    a process dies. ``recorded``: a history record holds it already; the others are
    the edits since the last record (and their ``author``s are named in the next one)."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="coediting_updates",
    )
    data = models.BinaryField(_("Yjs update"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded = models.BooleanField(_("in a history record"), default=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["contribution", "recorded"])]
        verbose_name = _("co-editing update")
        verbose_name_plural = _("co-editing updates")

    def __str__(self):
        return f"{self.contribution_id}: {len(self.data)} bytes"
