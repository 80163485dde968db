"""Comments on one aspect of a contribution."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.contributions import Contribution


class Comment(models.Model):
    """A remark on one aspect of a contribution, by someone who may read the team's drafts."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    aspect = models.CharField(
        _("aspect"), max_length=40, help_text=_("A form field name, or 'actions'.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("placed"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    on_version = models.ForeignKey(
        "agenda.AgendaVersion",
        verbose_name=_("feedback on version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        help_text=_("Set when the comment is feedback on a chapter of an agenda version."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["contribution", "resolved_at"])]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
