from django.conf import settings
from django.core.management.base import BaseCommand

from agenda.coediting.services import save_idle_drafts


class Command(BaseCommand):
    help = (
        "Write a history record of every co-edited chapter with edits not yet recorded and "
        "none for COEDIT_IDLE_MINUTES. Run it every minute (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        saved = save_idle_drafts()
        minutes = settings.COEDIT_IDLE_MINUTES
        self.stdout.write(f"{saved} chapter(s) saved after {minutes} quiet minutes.")
