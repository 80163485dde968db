from django.core.management.base import BaseCommand
from django.utils import timezone

from agenda.models import Edition
from agenda.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the people who still have to act REMINDER_DAYS before a milestone's date. "
        "Run it daily (cron or a systemd timer): it never sends the same reminder twice."
    )

    def handle(self, *args, **options):
        edition = Edition.objects.current()
        if edition is None:
            self.stdout.write("No current edition: nothing to remind.")
            return
        sent = send_reminders(edition, timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent.")
