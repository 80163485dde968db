"""Write the PDF of an agenda version from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agenda.models import AgendaVersion, Edition
from agenda.pdf.html import version_html
from agenda.pdf.storage import store_pdf


class Command(BaseCommand):
    help = "Write the PDF of an agenda version (the latest by default) of the current edition."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the agenda version here, not the command's own version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", dest="number", help="Version number, e.g. 0.2 or 1.0.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, number=None, output, **options):
        edition = Edition.objects.current()
        versions = AgendaVersion.objects.for_edition(edition).order_by("-sequence")
        version = versions.filter(number=number).first() if number else versions.first()
        if version is None:
            raise CommandError(
                f"No version {number} of {edition}." if number else f"{edition} has no version yet."
            )
        document = store_pdf(version_html(version))
        with document.file.open("rb") as source:
            Path(output).write_bytes(source.read())
        self.stdout.write(f"Version {version.number} written to {output} ({document.pages} pages)")
