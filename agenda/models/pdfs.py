"""The PDFs the worker makes: a stored file keyed by the content it was made from, and
what asks for one (an agenda version, a chapter of it, the changes between two)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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
    # Of the stored file as served (signed or not): how the check page recognises a PDF
    # this portal published.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    # The ratified agenda is signed by the worker (``pdf.signing``) when a certificate is
    # configured: whose certificate and when; empty for an unsigned PDF.
    signed_by = models.CharField(_("signed by"), max_length=500, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

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
    def is_signed(self) -> bool:
        return self.signed_at is not None

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


class ChapterPdf(RendersPdf):
    """One team's chapter of a version as its own PDF, made in the background on first
    request; a failure is recorded once and not retried on every click."""

    version = models.ForeignKey(
        "agenda.AgendaVersion",
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
        "agenda.AgendaVersion",
        verbose_name=_("from version"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    new = models.ForeignKey(
        "agenda.AgendaVersion",
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
