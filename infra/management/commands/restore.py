from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infra.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a backup of manage.py backup into this database (run migrate first; its "
        "rows are replaced) and the configured file storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--yes", action="store_true", help="Replace this database's rows without asking."
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError("This replaces every row of this database: add --yes to go on.")
        found = restore(Path(path))
        self.stdout.write(f"{found['rows']} rows and {found['files']} files restored.")
