"""Demo items for the documents library, so that every demo role sees something there
right after ``make run`` (which runs this after ``seed_demo``)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from weasyprint import HTML

from agenda.models import Edition, Milestone
from portal.models import Document
from teams.models import Team
from teams.permissions import coordinators

DOCUMENTS = [
    ("Startnotitie Netwerkagenda", "everyone", None, "Teams starten", "startnotitie"),
    ("Verslag van de online feedbacksessie", "signed_in", None, "Feedback", "verslag-feedback"),
    ("Werkplan van team 1", "team", 1, None, "werkplan-team-1"),
]


def pdf(title: str) -> bytes:
    """A one-page PDF with the title and a line of demo text (no outside resources)."""
    return HTML(
        string=f"<h1>{title}</h1><p>Demodocument van het Netwerkagendaportaal.</p>"
    ).write_pdf()


class Command(BaseCommand):
    help = "Add three demo documents and a video link to the library (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_portal_demo is for demo sites only (DEBUG on).")
        edition = Edition.objects.current()
        coordinator = coordinators().order_by("pk").first() or get_user_model().objects.first()
        if edition is None or coordinator is None or Document.objects.exists():
            self.stdout.write("Library left as it is.")
            return
        for title, audience, team, milestone, name in DOCUMENTS:
            data = pdf(title)
            document = Document(
                edition=edition,
                kind=Document.Kind.FILE,
                title=title,
                description="Demodocument.",
                date=datetime.date.today(),
                audience=audience,
                team=Team.objects.get(number=team) if team else None,
                milestone=Milestone.objects.filter(
                    edition=edition, title__startswith=milestone
                ).first()
                if milestone
                else None,
                filename=f"{name}.pdf",
                content_type="application/pdf",
                size=len(data),
                uploaded_by=coordinator,
            )
            document.file.save(f"{name}.pdf", ContentFile(data), save=False)
            document.save()
        Document.objects.create(
            edition=edition,
            kind=Document.Kind.LINK,
            title="De Koninklijke Bibliotheek over het bibliotheekstelsel",
            description="Een video op de website van de KB.",
            date=datetime.date.today(),
            audience=Document.Audience.EVERYONE,
            url="https://www.kb.nl/",
            uploaded_by=coordinator,
        )
        self.stdout.write(self.style.SUCCESS("Demo documents ready."))
