"""Which release is running: the name a deploy gives it (``RELEASE``), else a fingerprint
of the code, templates and translations as they are on disk. Caches are keyed by it
(``settings.CACHES``), so that a deploy never serves what the code before it rendered,
and every process of one release shares one cache."""

import hashlib
from pathlib import Path

SOURCES = ("agenda", "infra", "netwerkagenda", "partners", "portal", "teams", "templates", "locale")
SUFFIXES = {".py", ".html", ".txt", ".mo"}


def fingerprint(base: Path) -> str:
    """A short hash of every source file's path and content (a few milliseconds)."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
