"""Frozen agenda versions and their chapters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models.contributions import Contribution
from agenda.models.editions import AgendaState, Edition
from agenda.models.network_texts import NetworkText
from agenda.models.pdfs import RendersPdf
from teams.models import Team


class AgendaVersionQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def next_number(self) -> str:
        """The number the next version compiled of these versions (one edition's) gets:
        0.1, 0.2 … and, after a ratified 1.0, 1.1 …"""
        ratified = models.Q(state=AgendaVersion.State.RATIFIED)
        facts = self.aggregate(
            latest=models.Max("sequence"),
            ratified=models.Count("pk", filter=ratified),
            last_ratified=models.Max("sequence", filter=ratified),
        )
        sequence = (facts["latest"] or 0) + 1
        return f"{facts['ratified']}.{sequence - (facts['last_ratified'] or 0)}"

    def followed(self):
        """The ratified version whose actions the network follows now: the current
        edition's newest, else the newest of the edition before it (its programme runs
        on while the next agenda is written); None when neither has one."""
        current = Edition.objects.current()
        editions = [current, current and Edition.objects.before(current)]
        for edition in filter(None, editions):
            version = (
                self.filter(edition=edition, state=AgendaVersion.State.RATIFIED)
                .select_related("edition")
                .order_by("-sequence")
                .first()
            )
            if version is not None:
                return version
        return None

    def with_superseded(self):
        """Annotate ``has_newer``: a later version of the same edition exists (read by
        ``AgendaVersion.is_superseded`` instead of a query per version)."""
        newer = AgendaVersion.objects.filter(
            edition=models.OuterRef("edition"), sequence__gt=models.OuterRef("sequence")
        )
        return self.annotate(has_newer=models.Exists(newer))

    def in_states(self, states, *, superseded_too: bool):
        """The versions in ``states``, without superseded ones unless ``superseded_too``
        (the ratified version is never superseded). Who reads which is a rule:
        ``agenda.permissions.agenda_versions_visible_to`` calls this with its answer."""
        versions = self.with_superseded().filter(state__in=states)
        if not superseded_too:
            versions = versions.filter(
                models.Q(has_newer=False) | models.Q(state=AgendaVersion.State.RATIFIED)
            )
        return versions


class AgendaVersion(RendersPdf):
    """A frozen compilation of an edition, numbered 0.1, 0.2 … and 1.0 once ratified."""

    State = AgendaState

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="versions"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("version number"), max_length=10)
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.ROUGH)
    compiled_at = models.DateTimeField(_("compiled"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compiled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    motto = models.ForeignKey(
        NetworkText.history.model,
        verbose_name=_("motto (frozen)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    manifesto = models.ForeignKey(
        NetworkText.history.model,
        verbose_name=_("manifesto (frozen)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_round = models.PositiveSmallIntegerField(_("decision round"), default=0)

    history = HistoricalRecords(
        excluded_fields=["pdf", "pdf_status", "pdf_error", "pdf_requested_at"],
        cascade_delete_history=False,
    )
    objects = AgendaVersionQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "sequence"], name="one_version_per_sequence")
        ]
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")

    def __str__(self):
        return f"{self.edition} v{self.number}"

    STATE_ORDER = list(State.values)

    @property
    def is_final(self) -> bool:
        return self.state == self.State.RATIFIED

    @property
    def is_superseded(self) -> bool:
        """*Vervangen*: a later version of the edition exists. Computed, never stored; the
        ratified version is never superseded (it stays *the* agenda)."""
        if self.is_final:
            return False
        has_newer = getattr(self, "has_newer", None)  # from ``with_superseded()``
        if has_newer is None:
            has_newer = AgendaVersion.objects.filter(
                edition_id=self.edition_id, sequence__gt=self.sequence
            ).exists()
        return has_newer

    @property
    def filename(self) -> str:
        return f"{self.edition.slug}-v{self.number}.pdf"


class AgendaChapter(models.Model):
    """One team's chapter in a version: a history record of its contribution, or a placeholder."""

    version = models.ForeignKey(
        AgendaVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="chapters"
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT)
    record = models.ForeignKey(
        Contribution.history.model,
        verbose_name=_("frozen contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["version", "team__number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "team"], name="one_chapter_per_team")
        ]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self):
        return f"{self.version}: {self.team}"

    @property
    def is_placeholder(self) -> bool:
        return self.record_id is None
