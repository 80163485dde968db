"""The agenda as PDF: WeasyPrint on a dedicated print template, stored once per content.

WeasyPrint renders user-written HTML, so it may only read the project's own static
files (and ``data:`` URLs): ``StaticOnlyFetcher`` refuses every other URL, and
the HTML is sanitised again before rendering.
"""

import hashlib
import mimetypes
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import PdfDocument

# Static files are addressed under this base in print templates; ".invalid" can never
# resolve (RFC 2606), and the fetcher serves it from disk, never from the network.
STATIC_BASE = "https://static.netwerkagenda.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serve the project's static files from disk and ``data:`` URLs; refuse the rest."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"Refused to fetch {url!r}: only the portal's static files")
        path = unquote(urlsplit(url).path).lstrip("/")
        try:
            found = finders.find(path) if path and ".." not in path.split("/") else None
        except SuspiciousFileOperation:
            found = None
        if not found:
            raise ValueError(f"No static file {path!r}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF/UA-1 bytes of ``html`` and its page count; URLs resolve against ``STATIC_BASE``."""
    options = {"pdf_variant": "pdf/ua-1"}
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).render(
        font_config=FontConfiguration(), **options
    )
    return document.write_pdf(**options), len(document.pages)


def content_key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def store_pdf(html: str) -> PdfDocument:
    """The stored PDF of ``html``, rendered only when no PDF of that content exists."""
    key = content_key(html)
    existing = PdfDocument.objects.filter(key=key).first()
    if existing is not None and existing.file.storage.exists(existing.file.name):
        return existing
    data, pages = render_pdf(html)
    document = existing or PdfDocument(key=key)
    document.pages = pages
    document.file.save(f"{key}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # rendered at the same time by another worker
        return PdfDocument.objects.get(key=key)
    return document
