"""Proposals: a suggested change to a passage of a chapter, decided by its writers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.agenda_versions import AgendaVersion
from agenda.models.contributions import Contribution
from agenda.texts import passages


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=Proposal.State.OPEN)

    def for_reading(self):
        return self.select_related("author", "decided_by", "on_version").order_by(
            "created_at", "pk"
        )


class Proposal(models.Model):
    """A change to one passage of one rich text of a chapter: replace, delete, or insert
    after it, with the proposer's reason.

    Anchored to the history record it was made on (``record``) and to the passage as
    quoted there (``passages.Quote``: its words with context), so that it is found again
    in a later text, or shown as outdated when its words changed. Accepting it writes a
    new history record of the chapter (``accepted_record``) whose note names the
    proposal and its author.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        REPLACE = passages.Kind.REPLACE, _("Replace the passage")
        DELETE = passages.Kind.DELETE, _("Delete the passage")
        INSERT = passages.Kind.INSERT, _("Insert text after the passage")

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    text_name = models.CharField(
        _("text"), max_length=40, help_text=_("The rich text's form field name.")
    )
    record = models.ForeignKey(
        Contribution.history.model,
        verbose_name=_("made on version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("on agenda version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    exact = models.TextField(_("passage"))
    prefix = models.CharField(_("text before the passage"), max_length=64, blank=True)
    suffix = models.CharField(_("text after the passage"), max_length=64, blank=True)
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    accepted_record = models.ForeignKey(
        Contribution.history.model,
        verbose_name=_("accepted in version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["contribution", "state"])]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return _("Proposal %(number)s by %(author)s") % {"number": self.pk, "author": self.author}

    @property
    def quote(self) -> passages.Quote:
        return passages.Quote(self.exact, self.prefix, self.suffix)

    @property
    def new_words(self) -> str:
        """What the passage becomes."""
        return passages.changed_words(self.kind, self.exact, self.text)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def anchor(self) -> str:
        return f"voorstel-{self.pk}"
