from pathlib import Path

from django.core.management.base import BaseCommand

from infra.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into one .tar.gz (restore: manage.py restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. netwerkagenda-2026-11-26.tar.gz")

    def handle(self, *args, path, **options):
        found = backup(Path(path))
        self.stdout.write(f"{found['rows']} rows and {found['files']} files written to {path}.")
        for name in found["missing"]:
            self.stderr.write(f"Missing in the storage, not backed up: {name}")
