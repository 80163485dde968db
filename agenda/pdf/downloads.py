"""Stored PDFs as downloads: one way to send them, with their content hash as ETag."""

from django.http import FileResponse
from django.utils.cache import get_conditional_response, quote_etag


def serve_pdf(request, document, filename):
    """The stored file, with an ETag of its content hash.

    A revalidation gets 304 the way HTTP says (Django's conditional-request handling:
    weak tags and ``*`` in If-None-Match included), without opening the file.
    """
    etag = quote_etag(document.key)
    response = get_conditional_response(request, etag=etag) or FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
