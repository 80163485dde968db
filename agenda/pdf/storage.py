"""The agenda as PDF: WeasyPrint on a dedicated print template, stored once per content.

WeasyPrint renders user-written HTML, so it runs in a child process with a time
limit (``pdf/rendering.py``) and may only read the project's own static files;
the HTML is sanitised again before rendering (``pdf/html.py``).
"""

import hashlib
import logging
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from agenda.models import PdfDocument
from agenda.pdf.rendering import STATIC_BASE, RenderFailed, StaticOnlyFetcher, render
from agenda.pdf.signing import sign_pdf

__all__ = [
    "STATIC_BASE",
    "RenderFailed",
    "StaticOnlyFetcher",
    "render_pdf",
    "sign_stored_pdf",
    "store_pdf",
]

logger = logging.getLogger(__name__)


@cache
def static_files() -> dict[str, str]:
    """Every static file of the project, by its static path (the first finder wins)."""
    found = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            found.setdefault(path.replace("\\", "/"), storage.path(path))
    return found


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF/UA-1 bytes of ``html`` and its page count, within ``PDF_RENDER_TIMEOUT`` and
    ``PDF_RENDER_MEMORY_MB``.

    Raises ``RenderFailed`` with the cause when WeasyPrint fails or runs out of time.
    """
    return render(
        html,
        static_files(),
        timeout=settings.PDF_RENDER_TIMEOUT,
        memory_mb=settings.PDF_RENDER_MEMORY_MB,
    )


def content_key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def stored_pdf(html: str) -> PdfDocument | None:
    """The stored PDF of ``html`` if there is one and its file is still there."""
    existing = PdfDocument.objects.filter(key=content_key(html)).first()
    if existing is not None and existing.file_exists:
        return existing
    return None


def store_pdf(html: str) -> PdfDocument:
    """The stored PDF of ``html``, rendered only when no PDF of that content exists
    (or its file went missing, e.g. after a restore without the media folder)."""
    if (existing := stored_pdf(html)) is not None:
        return existing
    key = content_key(html)
    data, pages = render_pdf(html)
    document = PdfDocument.objects.filter(key=key).first() or PdfDocument(key=key)
    document.pages = pages
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(f"{key}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # rendered at the same time by another worker
        return PdfDocument.objects.get(key=key)
    return document


def sign_stored_pdf(document: PdfDocument, *, reason: str = "") -> PdfDocument:
    """``document`` signed with the configured certificate (``pdf.signing``), stored as a
    new file with its own size and SHA-256 and who signed it when.

    Unchanged when it is signed already or no certificate is configured; a signing that
    fails (an unreadable certificate, a timestamp server that does not answer) is logged
    and leaves the PDF unsigned: the agenda is published all the same, and says so.
    """
    if document.is_signed:
        return document
    try:
        with document.file.open("rb") as handle:
            signed = sign_pdf(handle.read(), reason=reason)
    except Exception:
        logger.exception("Signing %s failed; it is published unsigned", document)
        return document
    if signed is None:
        return document
    unsigned_name = document.file.name
    document.file.save(f"{document.key}-getekend.pdf", ContentFile(signed.data), save=False)
    document.size = len(signed.data)
    document.sha256 = hashlib.sha256(signed.data).hexdigest()
    document.signed_by, document.signed_at = signed.signer, signed.signed_at
    document.save(update_fields=["file", "size", "sha256", "signed_by", "signed_at"])
    document.file.storage.delete(unsigned_name)
    return document
