"""Tracked actions: the action rows of a ratified agenda version, followed through the
programme year (DESIGN.md §3 "Tracked action"), their progress updates, and the quarterly
progress report on them."""

import datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agenda.models.agenda_versions import AgendaChapter, AgendaVersion
from agenda.models.contributions import QUARTERS, Contribution
from agenda.models.editions import Edition
from agenda.models.pdfs import RendersPdf
from partners.models import Partner
from teams.models import Team

QUARTER_NUMBERS = {code: number for number, (code, _label) in enumerate(QUARTERS, 1)}


def quarter_of(day: datetime.date) -> int:
    """The quarter (1 … 4) that ``day`` falls in."""
    return (day.month - 1) // 3 + 1


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter that ``day`` falls in."""
    return datetime.date(day.year, (quarter_of(day) - 1) * 3 + 1, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of ``quarter`` (1 … 4) of ``year``."""
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RUNNING = "running", _("Running")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


DEFAULT_PERCENTAGE = {
    ActionStatus.NOT_STARTED: 0,
    ActionStatus.RUNNING: 50,
    ActionStatus.DELAYED: 25,
    ActionStatus.DONE: 100,
    ActionStatus.DROPPED: None,
}
"""Each status's progress unless an update names another (DESIGN.md §3)."""


class TrackedActionQuerySet(models.QuerySet):
    def of_version(self, version):
        return self.filter(version=version)

    def for_pages(self):
        """With what every list shows: team, lead partner and the last update's author."""
        return self.select_related("team", "lead_partner", "last_update__author").order_by(
            "team__number", "row"
        )


class TrackedAction(models.Model):
    """One action row of a ratified version's chapter, created when the version is
    ratified (``agenda.tracking.services.actions_track``), never by hand.

    The row's own fields are copied from the frozen chapter so that lists read no
    history record; ``row`` names the row in the chapter's ``actions``. Status and
    percentage change only through a progress update (``update_post``).
    """

    Status = ActionStatus

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("ratified version"),
        on_delete=models.PROTECT,
        related_name="tracked_actions",
    )
    chapter = models.ForeignKey(
        AgendaChapter, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT)
    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.PROTECT, related_name="+"
    )
    row = models.PositiveSmallIntegerField(_("row in the action table"))
    activity = models.TextField(_("activity"))
    result = models.TextField(_("expected result"), blank=True)
    lead = models.CharField(_("lead"), max_length=50, blank=True)  # as the row stores it
    lead_label = models.CharField(_("lead (name)"), max_length=200, blank=True)
    lead_partner = models.ForeignKey(
        Partner,
        verbose_name=_("lead partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quarters = models.JSONField(_("quarters"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    percentage = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    carried_over_at = models.DateTimeField(
        _("carried into the next edition"), null=True, blank=True
    )
    last_update = models.ForeignKey(
        "ProgressUpdate",
        verbose_name=_("last update"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TrackedActionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "team__number", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "chapter", "row"], name="one_tracked_action_per_row"
            )
        ]
        verbose_name = _("tracked action")
        verbose_name_plural = _("tracked actions")

    def __str__(self):
        return self.activity

    def get_absolute_url(self):
        return reverse("agenda:tracked_action", args=[self.pk])

    @property
    def quarter_numbers(self) -> list[int]:
        return sorted(QUARTER_NUMBERS[q] for q in self.quarters if q in QUARTER_NUMBERS)

    @property
    def quarter_labels(self) -> list[str]:
        labels = dict(QUARTERS)
        return [str(labels.get(q, q)) for q in self.quarters]

    def is_due_in(self, quarter: int) -> bool:
        return quarter in self.quarter_numbers

    def is_late(self, today: datetime.date) -> bool:
        """Late: its last planned quarter of the programme year has ended and it is neither
        done nor dropped (``edition`` must be loaded or cached)."""
        if self.status in (self.Status.DONE, self.Status.DROPPED) or not self.quarter_numbers:
            return False
        return quarter_end(self.edition.programme_year, self.quarter_numbers[-1]) < today


def stored_document_name(instance, filename: str) -> str:
    """An update's document is stored under a random name (never the uploader's), with
    the extension of its type."""
    return f"voortgang/{uuid4().hex}{Path(filename).suffix.lower()}"


class ProgressUpdate(models.Model):
    """A dated entry on a tracked action: what happened, and optionally a new status,
    percentage and link. Never edited: a correction is a new update. ``via_import``: a
    coordinator imported it from a CSV file (``agenda.tracking.imports``) on behalf of
    the action's writers or lead; the coordinator is its author."""

    action = models.ForeignKey(
        TrackedAction,
        verbose_name=_("tracked action"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"))
    text = models.TextField(_("text"))
    status = models.CharField(
        _("new status"), max_length=20, choices=ActionStatus.choices, blank=True
    )
    percentage = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    # An uploaded document (a report, minutes), stored under a random name; its name,
    # type (read from its bytes) and size as the download gives them.
    document = models.FileField(_("document"), upload_to=stored_document_name, blank=True)
    document_name = models.CharField(_("document's file name"), max_length=200, blank=True)
    document_type = models.CharField(_("document's file type"), max_length=100, blank=True)
    document_size = models.PositiveIntegerField(_("document's size in bytes"), default=0)
    public = models.BooleanField(_("public"), default=False)
    via_import = models.BooleanField(_("posted via import"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "-created_at"], name="progress_update_order")]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.action}: {self.created_at:%Y-%m-%d}"


class ProgressReport(RendersPdf):
    """The *voortgangsrapportage* of a quarter, for the administrative council: a PDF
    made by the worker like every PDF, from what it shows taken once when a coordinator
    asked for it (``content``, see ``agenda.pdf.reports``), so that its concept and its
    final PDF show the same figures. It is CONCEPT until a coordinator marks it final
    (``final_by``, ``final_at``); then it never changes again."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("ratified version"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(number, label) for number, (_code, label) in enumerate(QUARTERS, 1)]
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    taken_at = models.DateTimeField(_("figures taken"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made final by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    final_at = models.DateTimeField(_("made final"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "year", "quarter"], name="one_progress_report_per_quarter"
            )
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.edition}: Q{self.quarter} {self.year}"

    def get_absolute_url(self):
        return reverse("agenda:progress_report", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.final_at is not None

    @property
    def filename(self) -> str:
        """Named by its quarter, and marked as a concept until it is final."""
        concept = "" if self.is_final else "-concept"
        slug = self.edition.slug
        return f"{slug}-voortgangsrapportage-{self.year}-k{self.quarter}{concept}.pdf"
