"""Comments on one aspect of a contribution."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.contributions import Contribution
from agenda.texts import passages


class Comment(models.Model):
    """A remark on one aspect of a contribution, by someone who may read the team's drafts.

    A comment without ``parent`` opens a thread; its replies point to it and the thread
    is resolved (or opened again) as a whole, on the opening comment. It may be about a
    passage of its text, anchored as a proposal is (``passages.Quote``: the words with
    their context, on the history record it was made on), so that it is found again in
    a later text or shown as outdated when the words changed. ``mentions``: the people
    named in it, each of whom may read the chapter.
    """

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

    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    record = models.ForeignKey(
        Contribution.history.model,
        verbose_name=_("made on version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    exact = models.TextField(_("passage"), blank=True)
    prefix = models.CharField(_("text before the passage"), max_length=64, blank=True)
    suffix = models.CharField(_("text after the passage"), max_length=64, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        blank=True,
        related_name="mentioned_in",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["contribution", "resolved_at"]),
            models.Index(fields=["parent", "created_at"]),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def quote(self) -> passages.Quote:
        return passages.Quote(self.exact, self.prefix, self.suffix)

    @property
    def anchor(self) -> str:
        """The thread's place on the chapter's page (of the opening comment)."""
        return f"reactie-{self.parent_id or self.pk}"

    @property
    def passage_id(self) -> str:
        """The id of the passage's mark in the text."""
        return f"reactie-passage-{self.pk}"
