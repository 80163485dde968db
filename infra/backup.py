"""Backup and restore of everything: the database's rows and the stored files (agenda
and chapter PDFs, documents, captions), in one ``.tar.gz``.

The rows are Django's ``dumpdata`` with natural keys in their references (content types
and permissions are made again by ``migrate``, so guardian's object permissions and the
groups' rights point to the right rows), and each row under its own id: users and groups
too, whose natural primary keys would have numbered them anew on a restore. The files
are every file a model's FileField names, read from and written to the configured
storage (disk or S3). A restore goes into a migrated, empty database and an empty
storage.

The rows are written in a JSON format of this module's own, ``FORMAT``: Django's JSON
serializer with every datetime and time to the microsecond. Django's own encoder cuts
them to milliseconds (ECMA-262's date format), so history records saved within one
millisecond would come back in another order. Django's JSON deserializer reads both, so
backups made before this format still restore.
"""

import datetime
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers import json as django_json
from django.db import models, transaction

DATA = "data.json"
FILES = "files/"
# Made again by ``migrate`` and ``flush``, or not worth keeping.
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
FORMAT = "json-exact"


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    """``DjangoJSONEncoder``, but datetimes and times keep all six digits of their
    microseconds (ISO 8601, which Django's ``parse_datetime`` and ``parse_time`` read)."""

    def default(self, o):
        if isinstance(o, datetime.datetime) or (
            isinstance(o, datetime.time) and o.utcoffset() is None
        ):
            return o.isoformat(timespec="microseconds")
        return super().default(o)  # an aware time is refused there


# This module is the serializer module of ``FORMAT`` (the names Django looks for).
class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer

serializers.register_serializer(FORMAT, __name__)


def stored_names() -> set[str]:
    """Every file name a FileField of any model holds."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    name
                    for name in model._default_manager.values_list(field.attname, flat=True)
                    if name
                )
    return names


def backup(path: Path) -> dict:
    """Write the backup to ``path``; what it holds, in numbers."""
    rows = io.StringIO()
    call_command(
        "dumpdata",
        format=FORMAT,
        exclude=LEFT_OUT,
        natural_foreign=True,
        stdout=rows,
    )
    data = rows.getvalue().encode()
    names = sorted(stored_names())
    missing = []
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, DATA, data)
        for name in names:
            if not default_storage.exists(name):
                missing.append(name)
                continue
            with default_storage.open(name, "rb") as stored:  # streamed: videos are large
                info = tarfile.TarInfo(FILES + name)
                info.size = stored.size
                archive.addfile(info, stored)
    return {"rows": len(json.loads(data)), "files": len(names) - len(missing), "missing": missing}


def _add(archive, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


@transaction.atomic
def restore(path: Path) -> dict:
    """Load a backup into this (migrated) database, emptied first, and its files into
    the storage under their own names."""
    with tarfile.open(path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        data = archive.extractfile(members[DATA]).read()
        call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory() as private:  # the rows hold password hashes
            scratch = Path(private) / f"data.{FORMAT}"  # a backup from before reads the same
            scratch.write_bytes(data)
            call_command("loaddata", str(scratch), verbosity=0)
        files = 0
        for name, member in members.items():
            if not name.startswith(FILES):
                continue
            stored_name = name.removeprefix(FILES)
            if stored_name.startswith("/") or ".." in Path(stored_name).parts:
                raise ValueError(f"{name}: a file name that leaves the storage")
            if default_storage.exists(stored_name):
                default_storage.delete(stored_name)
            saved = default_storage.save(stored_name, File(archive.extractfile(member)))
            if saved != stored_name:
                raise RuntimeError(f"{stored_name} was stored as {saved}")
            files += 1
    return {"rows": len(json.loads(data)), "files": files}
