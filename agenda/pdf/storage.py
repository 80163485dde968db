"""The agenda as PDF: WeasyPrint on a dedicated print template, stored once per content.

WeasyPrint renders user-written HTML, so it runs in a child process with a time
limit (``pdf/rendering.py``) and may only read the project's own static files;
the HTML is sanitised again before rendering (``pdf/html.py``).
"""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from agenda.models import PdfDocument
from agenda.pdf.rendering import STATIC_BASE, RenderFailed, StaticOnlyFetcher, render

__all__ = ["STATIC_BASE", "RenderFailed", "StaticOnlyFetcher", "render_pdf", "store_pdf"]


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
    document.file.save(f"{key}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # rendered at the same time by another worker
        return PdfDocument.objects.get(key=key)
    return document
