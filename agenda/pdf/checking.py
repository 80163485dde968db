"""The check page's read side: is an uploaded PDF one this portal published (by the
SHA-256 of the stored file), of which version and in which state, and is its signature
intact and whose?"""

import hashlib
import io
from dataclasses import dataclass, field

from agenda.models import AgendaVersion, ChapterPdf, PdfDocument, RedlinePdf
from agenda.pdf.signing import SignatureCheck, check_signature
from agenda.permissions import agenda_versions_visible_to, visible_agenda_states


class NotAPdf(ValueError):
    """The bytes are not a PDF that can be read."""


def read_pdf(data: bytes):
    """``data`` parsed as a PDF (pyHanko's reader): the ``%PDF-`` header must be in the
    first 1024 bytes (as the PDF standard allows) and the trailer and page tree readable.
    Raises ``NotAPdf`` otherwise; nothing else is ever done with the bytes."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in data[:1024]:
        raise NotAPdf("no %PDF- header")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root["/Pages"]
    except (PdfError, KeyError, ValueError, TypeError, IndexError, RecursionError) as error:
        raise NotAPdf(str(error)) from error
    return reader


@dataclass(frozen=True)
class Publication:
    """Where the portal published a file: the version it belongs to and what of it."""

    version: AgendaVersion
    kind: str  # "agenda", "chapter" or "changes"
    chapter: ChapterPdf | None = None
    changes: RedlinePdf | None = None


@dataclass(frozen=True)
class DocumentCheck:
    sha256: str
    size: int
    document: PdfDocument | None = None
    publications: list[Publication] = field(default_factory=list)
    signature: SignatureCheck | None = None

    @property
    def published(self) -> bool:
        return bool(self.publications)


def check_document(*, data: bytes, user) -> DocumentCheck:
    """What the portal knows of the PDF ``data`` (already read as PDF by the form), told
    only of versions ``user`` reads; a fixed number of queries."""
    digest = hashlib.sha256(data).hexdigest()
    document = PdfDocument.objects.filter(sha256=digest).first()
    publications = []
    if document is not None:
        visible = agenda_versions_visible_to(user).select_related("edition")
        publications += [
            Publication(version=version, kind="agenda") for version in visible.filter(pdf=document)
        ]
        publications += [
            Publication(version=job.version, kind="chapter", chapter=job)
            for job in ChapterPdf.objects.filter(
                pdf=document, version__in=agenda_versions_visible_to(user)
            ).select_related("version__edition", "team")
        ]
        publications += [
            Publication(version=job.new, kind="changes", changes=job)
            # As ``can_read_changes`` says, in one query: the newer one read, the older
            # one readable by its state.
            for job in RedlinePdf.objects.filter(
                pdf=document,
                new__in=agenda_versions_visible_to(user),
                old__state__in=visible_agenda_states(user),
            ).select_related("old__edition", "new__edition")
        ]
    return DocumentCheck(
        sha256=digest,
        size=len(data),
        document=document if publications else None,
        publications=publications,
        signature=check_signature(data),
    )
