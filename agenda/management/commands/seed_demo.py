"""Demo accounts and demo text so that a newcomer can log in and see every role."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agenda.demo_content import DEMO_CONTRIBUTIONS, DEMO_NETWORK_TEXTS, THEMES, demo_chapter
from agenda.governance.compiling import agenda_compile
from agenda.management.demo_year import seed_year
from agenda.models import AgendaVersion, Contribution, Edition, NetworkText
from agenda.review.machine import ReviewStep
from agenda.review.services import take_review_step
from agenda.services import ContributionContent, contribution_save, network_text_save
from partners.models import Organisation, Partner
from teams.models import Membership, Team
from teams.services import coordinator_add, coordinators_group, membership_set, representative_set

DEMO_PASSWORD = "demo-netwerkagenda"

# username: (first name, last name, organisation, organisation kind)
PEOPLE = {
    "writer": ("Wendy", "de Schrijver", "Bibliotheek Rotterdam", Organisation.Kind.LIBRARY),
    "member": ("Maarten", "Lid", "Rijnbrink", Organisation.Kind.POI),
    "read_along": ("Renske", "Meelezer", "Vereniging van Nederlandse Gemeenten", None),
    "coordinator": ("Carla", "Coördinator", "Kwinkgroep", Organisation.Kind.ADVISORY),
    "writer5": ("Sanne", "Schrijver", "ProBiblio", Organisation.Kind.POI),
    "writer7": ("Thomas", "Samenwerker", "Bibliotheek Midden-Brabant", Organisation.Kind.LIBRARY),
}
# Participants of the other teams (for the teams overview): per team a library and a
# provincial support organisation (POI); every other person agreed to be named.
LIBRARIES = [
    "Bibliotheek Utrecht",
    "Bibliotheek Groningen",
    "OBA Amsterdam",
    "Bibliotheek Den Haag",
    "Bibliotheek Eindhoven",
    "Bibliotheek Zwolle",
    "Bibliotheek Maastricht",
    "Bibliotheek Arnhem",
    "Bibliotheek Leeuwarden",
    "Bibliotheek Middelburg",
]
POIS = ["Biblionet Groningen", "Cubiss", "Bibliotheekservice Fryslân", "Rijnbrink", "ProBiblio"]
FIRST_NAMES = ["Anouk", "Bram", "Chantal", "Daan", "Esra", "Floor", "Gijs", "Hanna", "Ilse"]
LAST_NAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Mulder", "de Boer", "Bos"]

COORDINATOR_MODEL_PERMS = [
    ("teams", "view_team"),
    ("teams", "view_membership"),
    ("teams", "add_membership"),
    ("teams", "change_membership"),
    ("teams", "delete_membership"),
    ("partners", "view_user"),
    ("partners", "view_organisation"),
]


class Command(BaseCommand):
    help = f"Create the demo accounts (password: {DEMO_PASSWORD}) and demo text. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password and is refused when DEBUG "
                "is off. Use --force only on a demo or test site."
            )
        users = {name: self._person(name, *details) for name, details in PEOPLE.items()}
        team1, team5, team7 = (Team.objects.get(number=n) for n in (1, 5, 7))
        membership_set(team=team1, user=users["writer"], role=Membership.Role.WRITER)
        membership_set(team=team1, user=users["member"], role=Membership.Role.MEMBER)
        membership_set(team=team1, user=users["read_along"], role=Membership.Role.READ_ALONG)
        membership_set(team=team5, user=users["writer5"], role=Membership.Role.WRITER)
        membership_set(team=team7, user=users["writer7"], role=Membership.Role.WRITER)

        group = coordinators_group()
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in COORDINATOR_MODEL_PERMS
            )
        )
        coordinator_add(user=users["coordinator"])
        users["coordinator"].is_staff = True
        users["coordinator"].save(update_fields=["is_staff"])

        for partner in Partner.objects.all():
            user = self._account(
                partner.code.lower(),
                first_name=f"Vertegenwoordiger {partner.code}",
                last_name="",
                organisation=partner.organisation,
            )
            representative_set(user=user, partner=partner)

        admin = self._account("admin", first_name="Beheerder", last_name="", organisation=None)
        if not admin.is_superuser:
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])

        self._participants()
        self._demo_texts({1: users["writer"], 5: users["writer5"], 7: users["writer7"]})
        self._network_texts(users["writer7"])
        self._approved_chapters(users["coordinator"])
        self._first_version(users["coordinator"])
        self._timeline_around_today()
        writers = {number: self._account(f"writer{number}") for number in THEMES}
        writers |= {1: users["writer"], 5: users["writer5"], 7: users["writer7"]}
        seed_year(users["coordinator"], writers, datetime.date.today())
        self.stdout.write(self.style.SUCCESS("Demo data ready; password: " + DEMO_PASSWORD))

    def _person(self, username, first_name, last_name, organisation_name, kind):
        if kind is None:
            organisation = Organisation.objects.get(name=organisation_name)
        else:
            organisation, _created = Organisation.objects.get_or_create(
                name=organisation_name, defaults={"kind": kind}
            )
        return self._account(
            username, first_name=first_name, last_name=last_name, organisation=organisation
        )

    def _account(self, username, **fields):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults=fields | {"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _network_texts(self, writer):
        for kind, body in DEMO_NETWORK_TEXTS.items():
            text = NetworkText.objects.get(edition=Edition.objects.current(), kind=kind)
            if not text.body:
                network_text_save(
                    text=text,
                    user=writer,
                    body=body,
                    base_revision=text.revision,
                    note="Eerste opzet (demodata)",
                )

    def _demo_texts(self, writers):
        edition = Edition.objects.current()
        for number, content in DEMO_CONTRIBUTIONS.items():
            contribution = Contribution.objects.get(edition=edition, team__number=number)
            if not contribution.is_empty():
                continue
            contribution_save(
                contribution=contribution,
                user=writers[number],
                content=ContributionContent(**content),
                base_revision=contribution.revision,
                note="Eerste opzet (demodata)",
            )

    def _approved_chapters(self, coordinator):
        """Every other team's chapter, written by a demo writer of its own
        (``writer<n>``) and approved by the coordinator: teams 1, 5 and 7 are then all
        that stands between the demo and a complete agenda, which a newcomer can take
        through its governance to a ratified 1.0."""
        edition = Edition.objects.current()
        for number in THEMES:
            team = Team.objects.get(number=number)
            writer = self._account(
                f"writer{number}",
                first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                last_name="Schrijver",
                organisation=Organisation.objects.get_or_create(
                    name=LIBRARIES[number % len(LIBRARIES)],
                    defaults={"kind": Organisation.Kind.LIBRARY},
                )[0],
            )
            membership_set(team=team, user=writer, role=Membership.Role.WRITER)
            contribution = Contribution.objects.get(edition=edition, team=team)
            if not contribution.is_empty():
                continue
            contribution_save(
                contribution=contribution,
                user=writer,
                content=ContributionContent(**demo_chapter(number)),
                base_revision=contribution.revision,
                note="Eerste opzet (demodata)",
            )
            take_review_step(obj=contribution, user=writer, step=ReviewStep.SUBMIT)
            take_review_step(obj=contribution, user=coordinator, step=ReviewStep.APPROVE)

    def _first_version(self, coordinator):
        """Version 0.1 compiled (the chapters of teams 1, 5 and 7 are drafts, so it holds
        placeholders for them), so that the agenda pages and the coordinators' next step
        have something to show."""
        edition = Edition.objects.current()
        if not AgendaVersion.objects.for_edition(edition).exists():
            agenda_compile(edition=edition, user=coordinator)

    def _timeline_around_today(self):
        """The seeded timeline lies in 2020-2021; the demo moves it so that the rough
        version's milestone falls five days from now: the timeline, "Voor u" and
        ``send_reminders`` then show near deadlines. Its spacing stays; its period
        labels (months of 2020) go."""
        edition = Edition.objects.current()
        rough = edition.milestones.filter(ends=AgendaVersion.State.ROUGH).first()
        if rough is None or rough.date.year > 2021:
            return  # moved before, or a timeline of one's own
        shift = datetime.date.today() + datetime.timedelta(days=5) - rough.date
        for milestone in edition.milestones.all():
            milestone.date += shift
            milestone.period = ""
            milestone.save(update_fields=["date", "period"])

    def _participants(self):
        """Two participants in every team that has no demo people yet: a member from a
        library and a read-along from a POI."""
        people = 0
        for team in Team.objects.filter(memberships__isnull=True).order_by("number"):
            for role, organisations, kind in [
                (Membership.Role.MEMBER, LIBRARIES, Organisation.Kind.LIBRARY),
                (Membership.Role.READ_ALONG, POIS, Organisation.Kind.POI),
            ]:
                organisation, _created = Organisation.objects.get_or_create(
                    name=organisations[(team.number + people) % len(organisations)],
                    defaults={"kind": kind},
                )
                user = self._account(
                    f"deelnemer-{team.number}-{role}",
                    first_name=FIRST_NAMES[people % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[people % len(LAST_NAMES)],
                    organisation=organisation,
                    name_public=people % 2 == 0,
                )
                membership_set(team=team, user=user, role=role)
                people += 1
