"""Frozen agenda versions, their chapters and their PDFs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models.contributions import Contribution
from agenda.models.editions import Edition
from agenda.models.network_texts import NetworkText
from teams.models import Team


class PdfDocument(models.Model):
    """A rendered PDF, stored once under the hash of the HTML it was made from."""

    key = models.CharField(_("content hash"), max_length=64, unique=True)
    file = models.FileField(_("file"), upload_to="pdf/")
    pages = models.PositiveIntegerField(_("pages"), default=0)
    # Stored when the file is written, so that a link can say "PDF, 95 kB" without
    # asking the storage (S3: one request per link).
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("PDF document")
        verbose_name_plural = _("PDF documents")

    def __str__(self):
        return self.file.name

    @property
    def size_label(self) -> str:
        """The size as a link says it ("95 kB", "1,2 MB"); empty while it is unknown."""
        if not self.size:
            return ""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000))} kB"
        return f"{number_format(self.size / 1_000_000, 1)} MB"

    @property
    def file_exists(self) -> bool:
        """False when the stored file is gone (e.g. a restore without the media folder)."""
        return self.file.storage.exists(self.file.name)


class RendersPdf(models.Model):
    """Something with a PDF made in the background: its state, its cause of failure and
    when it was last asked for (to tell a rendering in progress from a stuck queue)."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    pdf = models.ForeignKey(
        PdfDocument, verbose_name=_("PDF"), on_delete=models.SET_NULL, null=True, blank=True
    )
    pdf_status = models.CharField(
        _("PDF status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.TextField(_("PDF error"), blank=True)
    pdf_requested_at = models.DateTimeField(_("PDF requested"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def pdf_ready(self) -> bool:
        return self.pdf_status == self.PdfStatus.READY and self.pdf_id is not None

    @property
    def pdf_failed(self) -> bool:
        return self.pdf_status == self.PdfStatus.FAILED

    @property
    def pdf_pending(self) -> bool:
        """Asked for and not made yet: the page keeps checking meanwhile."""
        return self.pdf_status == self.PdfStatus.PENDING

    @property
    def pdf_waiting_for_worker(self) -> bool:
        """Still waiting after the longest a rendering may take: the queue does not move."""
        if self.pdf_status != self.PdfStatus.PENDING:
            return False
        waited = timezone.now() - (self.pdf_requested_at or timezone.now())
        return waited.total_seconds() > settings.PDF_RENDER_TIMEOUT


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

    class State(models.TextChoices):
        ROUGH = "rough", _("Rough version")
        FEEDBACK = "feedback", _("Feedback")
        DEFINITIVE_CONCEPT = "definitive_concept", _("Definitive concept")
        CONSULTATION = "consultation", _("Consultation of the constituencies")
        ESTABLISHED = "established", _("Established by the network council")
        DECISION = "decision", _("Decision by the boards")
        RATIFIED = "ratified", _("Ratified")

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


class ChapterPdf(RendersPdf):
    """One team's chapter of a version as its own PDF, made in the background on first
    request; a failure is recorded once and not retried on every click."""

    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="chapter_pdfs",
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT)
    # The headings and labels around the team's text: the site's language unless another
    # is asked for (the text itself is as the team wrote it).
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "team", "language"], name="one_chapter_pdf_per_language"
            )
        ]
        verbose_name = _("chapter PDF")
        verbose_name_plural = _("chapter PDFs")

    def __str__(self):
        return f"{self.version}: {self.team}"

    @property
    def filename(self) -> str:
        version = self.version
        suffix = "" if self.language == settings.LANGUAGE_CODE else f"-{self.language}"
        return f"{version.edition.slug}-v{version.number}-hoofdstuk-{self.team.number}{suffix}.pdf"


class RedlinePdf(RendersPdf):
    """The changes between two versions as a PDF for the boards ("wijzigingen": the
    changed parts with deleted and inserted words), made in the background on first
    request like every PDF."""

    old = models.ForeignKey(
        AgendaVersion, verbose_name=_("from version"), on_delete=models.CASCADE, related_name="+"
    )
    new = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("to version"),
        on_delete=models.CASCADE,
        related_name="redline_pdfs",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="one_redline_per_pair")]
        verbose_name = _("changes PDF")
        verbose_name_plural = _("changes PDFs")

    def __str__(self):
        return f"{self.old} → {self.new}"

    @property
    def filename(self) -> str:
        return f"{self.new.edition.slug}-wijzigingen-v{self.old.number}-v{self.new.number}.pdf"
