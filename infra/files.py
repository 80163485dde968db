"""What an uploaded file really is, read from its bytes, never from its name or the
browser's word for it.

Accepted: PDF, Office documents (Word, Excel, PowerPoint; OOXML and OpenDocument), PNG,
JPEG and WebP images, MP4 and WebM video, and WebVTT captions. Anything else, an HTML
page renamed ``.pdf`` or an SVG image (it can hold script) among them, is refused. The
file's name must end in an extension of the type found, so that what people download
opens in the program they expect.
"""

import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("application/pdf", (".pdf",), "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    "PowerPoint",
)
ODT = FileType("application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", (".ods",), "OpenDocument")
ODP = FileType("application/vnd.oasis.opendocument.presentation", (".odp",), "OpenDocument")
PNG = FileType("image/png", (".png",), "PNG")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG")
WEBP = FileType("image/webp", (".webp",), "WebP")
MP4 = FileType("video/mp4", (".mp4",), "MP4")
WEBM = FileType("video/webm", (".webm",), "WebM")
VTT = FileType("text/vtt", (".vtt",), "WebVTT")

DOCUMENT_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG, WEBP)
VIDEO_TYPES = (MP4, WEBM)
OPEN_DOCUMENT = {t.content_type.encode(): t for t in (ODT, ODS, ODP)}
OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def sniff(upload) -> FileType | None:
    """The type of ``upload`` (a Django uploaded file) read from its bytes, or None."""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = WEBP
    elif head[4:8] == b"ftyp":
        found = MP4
    elif head.startswith(b"\x1a\x45\xdf\xa3"):
        found = WEBM
    elif head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        found = VTT
    elif head.startswith(b"PK\x03\x04"):
        found = _zipped(upload)
    upload.seek(0)
    return found


def _zipped(upload) -> FileType | None:
    """An Office document is a zip: OpenDocument names its type in ``mimetype``, OOXML
    has a ``[Content_Types].xml`` and a folder per program."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 100:  # a type name, not a payload
                    return None
                return OPEN_DOCUMENT.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                return next(
                    (
                        t
                        for part, t in OOXML_PARTS.items()
                        if any(n.startswith(part) for n in names)
                    ),
                    None,
                )
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def refusal(upload, allowed, limit: int) -> tuple["FileType | None", str]:
    """(the type of ``upload``, "") when it is one of ``allowed`` (read from its bytes),
    at most ``limit`` bytes and named with an extension of its type; else (None, what
    is wrong, in words for the person who chose the file)."""
    if upload.size > limit:
        return None, _("This file is %(size)s; the largest allowed is %(limit)s.") % {
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit),
        }
    found = sniff(upload)
    if found not in allowed:
        return None, _(
            "This file is not one of the allowed types (%(types)s), whatever its name says."
        ) % {"types": ", ".join(sorted({t.label for t in allowed}))}
    if not upload.name.lower().endswith(found.extensions):
        return None, _("This is a %(type)s file: its name should end in %(extension)s.") % {
            "type": found.label,
            "extension": found.extensions[0],
        }
    return found, ""
