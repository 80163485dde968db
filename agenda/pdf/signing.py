"""Signing the ratified agenda (PAdES, pyHanko) without breaking PDF/UA-1, and checking
a signature.

pyHanko's own new signature field is an untagged widget without ``/TU``, which fails
PDF/UA-1. So the field is made first with pikepdf (``add_tagged_signature_field``): a
hidden widget with ``/TU``, a ``/Form`` structure element holding it as an OBJR, and its
``/StructParent`` entry in the parent tree. pyHanko then signs that field. Signing is the
worker's work (``pdf.tasks``), never a web request's. pikepdf and pyHanko are imported
where they are used: a web process needs pyHanko only on the check page.
"""

import io
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Handtekening"
# What assistive technology reads for the (hidden) field; Dutch like the agenda.
FIELD_DESCRIPTION = "Digitale handtekening van de vastgestelde Netwerkagenda"


@dataclass(frozen=True)
class Signed:
    """A signed PDF: its bytes, the signing certificate's subject and the signing time."""

    data: bytes
    signer: str
    signed_at: datetime


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's (last) signature says: ``intact`` means the signed bytes are unchanged
    and the signature matches the certificate; ``covers_all`` that nothing was added after
    signing; ``ours`` that the certificate is the one this portal signs with."""

    intact: bool
    covers_all: bool
    signer: str
    signed_at: datetime | None
    ours: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.covers_all


def signing_configured() -> bool:
    return bool(settings.SIGNING_CERTIFICATE)


def add_tagged_signature_field(data: bytes, *, name: str = SIGNATURE_FIELD) -> bytes:
    """``data`` with an empty, hidden signature field on the first page that keeps the
    file PDF/UA-1: ``/TU``, a ``/Form`` structure element under the document element
    holding the widget as an object reference, and the widget's parent-tree entry."""
    import pikepdf  # here: importing it logs a line, and only the worker signs

    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0].obj
        tree = pdf.Root.StructTreeRoot
        parents = pikepdf.NumberTree(tree.ParentTree)
        used = [int(key) for key, _value in parents.items()]
        key = max([int(tree.get("/ParentTreeNextKey", 0)), *(k + 1 for k in used)])
        widget = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Sig,
                T=pikepdf.String(name),
                TU=pikepdf.String(FIELD_DESCRIPTION),
                Rect=[0, 0, 0, 0],
                F=2 | 4,  # hidden, printed (an invisible signature)
                P=page,
                StructParent=key,
            )
        )
        document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        form = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Form,
                P=document,
                Pg=page,
                Alt=pikepdf.String(FIELD_DESCRIPTION),
                K=pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=widget, Pg=page),
            )
        )
        if not isinstance(document.get("/K"), pikepdf.Array):
            document.K = pikepdf.Array([document.K] if "/K" in document else [])
        document.K.append(form)
        parents[key] = form
        tree.ParentTreeNextKey = key + 1
        if "/Annots" not in page:
            page.Annots = pikepdf.Array()
        page.Annots.append(widget)
        page.Tabs = pikepdf.Name.S  # PDF/UA: a page with annotations orders them by structure
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=[widget], SigFlags=3))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _signer():
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(
        settings.SIGNING_CERTIFICATE, passphrase=settings.SIGNING_PASSPHRASE.encode() or None
    )
    if signer is None:  # pyHanko logs why (wrong passphrase, unreadable file)
        raise ValueError(f"Could not load the signing certificate {settings.SIGNING_CERTIFICATE}")
    return signer


def sign_pdf(data: bytes, *, reason: str = "") -> Signed | None:
    """``data`` signed with the configured certificate (PAdES B-T with a timestamp from
    ``SIGNING_TSA_URL``, else B-B); None when no certificate is configured.

    Raises when the certificate cannot be read or signing fails: the caller publishes the
    PDF unsigned then.
    """
    if not signing_configured():
        return None
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    signer = _signer()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
    )
    timestamper = HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    signed_at = timezone.now()
    writer = IncrementalPdfFileWriter(io.BytesIO(add_tagged_signature_field(data)))
    output = signers.sign_pdf(
        writer,
        metadata,
        signer=signer,
        timestamper=timestamper,
        existing_fields_only=True,
    )
    return Signed(
        data=output.getvalue(),
        signer=signer.signing_cert.subject.human_friendly,
        signed_at=signed_at,
    )


def _our_certificate():
    """The certificate this portal signs with, or None (none configured or unreadable)."""
    if not signing_configured():
        return None
    try:
        return _signer().signing_cert
    except Exception:
        logger.exception("The signing certificate cannot be read")
        return None


def check_signature(data: bytes) -> SignatureCheck | None:
    """The last signature of the PDF ``data`` checked with pyHanko's validator; None when
    it has no signature. A PDF pyHanko cannot read raises ``PdfReadError``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return None
    ours = _our_certificate()
    context = ValidationContext(trust_roots=[ours] if ours is not None else [])
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except (SignatureValidationError, ValueError, KeyError) as error:
        logger.info("A signature could not be validated: %s", error)
        return SignatureCheck(False, False, "", None, False)
    certificate = status.signing_cert
    return SignatureCheck(
        intact=bool(status.intact and status.valid),
        covers_all=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=certificate.subject.human_friendly if certificate is not None else "",
        signed_at=status.signer_reported_dt,
        ours=ours is not None and certificate is not None and certificate.dump() == ours.dump(),
    )
