"""The ratified agenda signed (PAdES B-B, or B-T with a timestamp authority) in the worker,
still PDF/UA-1; unsigned, and said so,
without a certificate; the demo certificate of ``make run``."""

import asyncio
import datetime
import hashlib
import http.server
import io
import threading

import pikepdf
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import call_command
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from agenda.governance.compiling import agenda_compile
from agenda.management.commands.make_demo_certificate import DEMO_NAME, demo_certificate
from agenda.models import AgendaVersion, Edition
from agenda.pdf.signing import add_tagged_signature_field, check_signature, sign_pdf
from agenda.pdf.storage import render_pdf
from agenda.pdf.tasks import render_version_pdf
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything
from tests.pdf_corpus import ua1_failures
from tests.test_pdf import ratify

pytestmark = pytest.mark.pdf

SMALL_HTML = (
    '<!doctype html><html lang="nl"><head><title>Proef</title><meta name="author" '
    'content="Netwerkagenda"></head><body><h1>Kop</h1><p>Tekst</p></body></html>'
)


@pytest.fixture
def certificate(tmp_path, settings):
    """A demo certificate configured for signing, as ``make run`` has it."""
    path = tmp_path / "demo.p12"
    path.write_bytes(demo_certificate("geheim"))
    settings.SIGNING_CERTIFICATE = str(path)
    settings.SIGNING_PASSPHRASE = "geheim"
    settings.SIGNING_TSA_URL = ""
    return path


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def ratified(coordinator) -> AgendaVersion:
    """A ratified version with its PDF made by the worker's task."""
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    version = ratify(version, coordinator)
    render_version_pdf.call(version_id=version.pk)
    return AgendaVersion.objects.select_related("pdf").get(pk=version.pk)


def stored_bytes(version) -> bytes:
    with version.pdf.file.open("rb") as handle:
        return handle.read()


def test_ratified_pdf_is_signed_valid_and_still_pdf_ua(certificate, coordinator):
    version = ratified(coordinator)
    assert version.pdf_status == AgendaVersion.PdfStatus.READY
    document = version.pdf
    data = stored_bytes(version)
    assert document.is_signed and DEMO_NAME in document.signed_by
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[]))
    assert status.intact and status.valid
    assert status.signing_cert.subject.human_friendly == document.signed_by

    assert ua1_failures(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:  # the field is tagged, as PDF/UA wants
        widget = pdf.Root.AcroForm.Fields[0]
        assert str(widget.TU) and pikepdf.Name.Sig == widget.FT
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        form = parents[int(widget.StructParent)]
        assert pikepdf.Name.Form == form.S and form.K.Obj.objgen == widget.objgen


def test_concept_version_pdf_is_not_signed(certificate, coordinator):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_ready and not version.pdf.is_signed
    assert check_signature(stored_bytes(version)) is None


def test_without_certificate_the_ratified_pdf_is_unsigned_and_the_page_says_so(
    settings, coordinator, as_user
):
    settings.SIGNING_CERTIFICATE = ""
    version = ratified(coordinator)
    assert version.pdf_ready and not version.pdf.is_signed
    assert version.pdf.sha256 == hashlib.sha256(stored_bytes(version)).hexdigest()
    response = as_user(coordinator).get(reverse("agenda:agenda_version", args=[version.pk]))
    assert response.status_code == 200
    assert "not digitally signed" in response.text or "niet digitaal ondertekend" in response.text
    assert version.pdf.sha256 in response.text
    assert as_user(coordinator).get(reverse("agenda:final_pdf")).status_code == 200


def test_an_unreadable_certificate_publishes_the_pdf_unsigned(certificate, settings, coordinator):
    settings.SIGNING_PASSPHRASE = "verkeerd"
    version = ratified(coordinator)
    assert version.pdf_status == AgendaVersion.PdfStatus.READY
    assert not version.pdf.is_signed
    assert stored_bytes(version).startswith(b"%PDF")


def test_version_page_shows_signer_time_and_sha256(certificate, coordinator, as_user):
    version = ratified(coordinator)
    response = as_user(factories.member(username="mia")).get(
        reverse("agenda:agenda_version", args=[version.pk])
    )
    assert response.status_code == 200
    assert DEMO_NAME in response.text
    assert version.pdf.sha256 in response.text
    assert str(version.pdf.signed_at.year) in response.text
    assert reverse("agenda:pdf_check") in response.text


def test_pyhankos_own_field_breaks_pdf_ua_and_the_tagged_field_does_not(certificate):
    """Why the field is made first: pyHanko's default field is an untagged widget."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    data, _pages = render_pdf(SMALL_HTML)
    assert ua1_failures(data) == []
    signer = signers.SimpleSigner.load_pkcs12(str(certificate), passphrase=b"geheim")
    plain = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
    ).getvalue()
    assert ua1_failures(plain), "pyHanko's default field should fail PDF/UA-1"
    assert ua1_failures(add_tagged_signature_field(data)) == []
    signed = sign_pdf(data)
    assert ua1_failures(signed.data) == []
    assert check_signature(signed.data).valid


def test_one_altered_byte_breaks_the_signature(certificate):
    signed = sign_pdf(render_pdf(SMALL_HTML)[0]).data
    check = check_signature(signed)
    assert check.intact and check.covers_all and check.ours
    # A byte inside the signed range (the page content), not inside the signature.
    altered = bytearray(signed)
    position = signed.index(b"/Lang") + 2
    altered[position] ^= 0x01
    assert not check_signature(bytes(altered)).intact


def test_demo_certificate_command_writes_a_labelled_pkcs12_once(tmp_path, settings):
    from pyhanko.sign import signers

    settings.SIGNING_PASSPHRASE = "demo"
    target = tmp_path / "signing" / "demo.p12"
    call_command("make_demo_certificate", path=str(target), stdout=io.StringIO())
    signer = signers.SimpleSigner.load_pkcs12(str(target), passphrase=b"demo")
    assert DEMO_NAME in signer.signing_cert.subject.human_friendly
    first = target.read_bytes()
    call_command("make_demo_certificate", path=str(target), stdout=io.StringIO())
    assert target.read_bytes() == first, "an existing certificate is kept"
    assert oct(target.stat().st_mode & 0o777) == "0o600"


@pytest.fixture
def timestamp_authority(certificate, settings):
    """An RFC 3161 timestamp authority over HTTP on this machine (pyHanko's test stamper
    behind http.server, with a certificate of its own), configured as
    ``SIGNING_TSA_URL``; yields the content types of the requests it answered."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Proef-tijdstempeldienst")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(  # pyHanko's stamper signs with RSA only
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
    )
    answered = []

    class Authority(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            answered.append(self.headers["Content-Type"])
            reply = asyncio.run(stamper.async_request_tsa_response(request)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Authority)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SIGNING_TSA_URL = f"http://127.0.0.1:{server.server_port}/"
    yield answered
    server.shutdown()


def test_with_a_timestamp_authority_the_signature_is_pades_b_t(timestamp_authority):
    """``SIGNING_TSA_URL`` set: the signature carries the authority's timestamp token
    over it (PAdES B-T), intact, and the file stays PDF/UA-1."""
    signed = sign_pdf(render_pdf(SMALL_HTML)[0]).data
    # asked over HTTP (pyHanko asks once more to learn the token's size)
    assert timestamp_authority and set(timestamp_authority) == {"application/timestamp-query"}
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[]))
    assert status.intact and status.valid
    assert status.timestamp_validity is not None and status.timestamp_validity.intact
    assert ua1_failures(signed) == []
