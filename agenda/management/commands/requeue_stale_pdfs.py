from django.core.management.base import BaseCommand

from agenda.pdf.tasks import requeue_stale_pdfs


class Command(BaseCommand):
    help = (
        "Enqueue again every PDF that has waited longer than PDF_STALE_MINUTES (its worker "
        "died mid-task). Safe to run often, e.g. every five minutes from a timer."
    )

    def handle(self, *args, **options):
        count = requeue_stale_pdfs()
        self.stdout.write(f"{count} PDF(s) enqueued again.")
