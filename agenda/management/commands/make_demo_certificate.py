"""A self-signed demo certificate for signing the ratified agenda in ``make run``."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand

# Says on its face what it is: anyone checking a signature reads this name.
DEMO_NAME = "DEMO Netwerkagenda - geen echt certificaat"


def demo_certificate(passphrase: str, *, days: int = 3650) -> bytes:
    """A PKCS#12 file with a new key and a self-signed certificate named ``DEMO_NAME``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DEMO_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Netwerkagenda (demo)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        DEMO_NAME.encode(), key, certificate, None, encryption
    )


class Command(BaseCommand):
    help = (
        "Write a self-signed DEMO certificate (PKCS#12) for signing the ratified agenda: "
        "to SIGNING_CERTIFICATE, else media/signing/demo-certificaat.p12, with "
        "SIGNING_PASSPHRASE. Never for production: it proves nothing about who signed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default="", help="where to write it")
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def handle(self, *args, path, force, **options):
        target = Path(
            path
            or settings.SIGNING_CERTIFICATE
            or settings.MEDIA_ROOT / "signing" / "demo-certificaat.p12"
        )
        if target.exists() and not force:
            self.stdout.write(f"Demo certificate kept: {target}")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(demo_certificate(settings.SIGNING_PASSPHRASE))
        target.chmod(0o600)
        self.stdout.write(f"Demo certificate written (not for production): {target}")
