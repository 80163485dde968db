"""The motto and the manifesto, owned by the team that owns the network texts."""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from agenda.models.contributions import (
    HeadlineSource,
    LeavesHeadlineSource,
    OrderedHistory,
    Reviewed,
)
from agenda.models.editions import Edition
from agenda.texts.html import word_count
from teams.models import Team


class NetworkText(Reviewed, HeadlineSource):
    """The motto or the manifesto: owned by the team that owns the network texts (team 7).

    Edited by that team's writers and approved by a coordinator, with the same
    states and the same history as a contribution.
    """

    class Kind(models.TextChoices):
        MOTTO = "motto", _("Motto")
        MANIFESTO = "manifesto", _("Manifesto")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="network_texts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("text"), blank=True)

    searched_fields = ("body",)
    history = OrderedHistory(excluded_fields=list(HeadlineSource.derived_fields))
    objects = LeavesHeadlineSource()

    class Meta:
        ordering = ["edition", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="one_network_text_per_kind")
        ]
        verbose_name = _("network text")
        verbose_name_plural = _("network texts")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.edition})"

    def get_absolute_url(self):
        return reverse("agenda:network_text", args=[self.kind])

    def review_step_url(self, step: str) -> str:
        return reverse("agenda:network_text_review_step", args=[self.kind, step])

    def missing_parts(self) -> list[str]:
        """Submitting needs text."""
        return [] if word_count(self.body) else [str(self.get_kind_display())]

    @cached_property
    def team(self) -> Team:
        return Team.objects.get(owns_network_texts=True)

    @property
    def title(self) -> str:
        return str(self.get_kind_display())

    @property
    def described(self) -> str:
        """How a sentence names it: "the motto", never "the contribution of Motto"."""
        return _("the %(text)s") % {"text": self.title.lower()}
