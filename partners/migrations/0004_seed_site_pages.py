"""The footer's three pages with a first Dutch text; the admin edits them from here on."""

from django.db import migrations

ACCESSIBILITY = """\
Het Bibliotheekconvenant wil dat iedereen het Netwerkagendaportaal kan gebruiken, ook wie slecht ziet, een schermlezer of vergroting gebruikt, alleen met het toetsenbord werkt of een kleine telefoon heeft.

Wat wij nastreven
Het portaal moet voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau A en AA, de norm die voor overheidswebsites geldt (EN 301 549). Wij bouwen het portaal met de componenten van NL Design System, testen elke pagina automatisch met axe-core en testen de belangrijkste taken met het toetsenbord en bij een schermbreedte van 375 pixels.

Hoe ver wij zijn
Het portaal voldoet gedeeltelijk aan WCAG 2.1 niveau AA. Een onderzoek door een onafhankelijke partij is nog niet gedaan. Bekende beperkingen:
- De PDF van de netwerkagenda is getagd, maar nog niet met hulpsoftware nagelopen.
- Bij het vergelijken van versies zijn lange teksten op een kleine telefoon lastig te overzien.
Wij werken deze punten bij zodra ze zijn opgelost.

Een probleem melden
Loopt u tegen een toegankelijkheidsprobleem aan? Meld het ons, dan zoeken wij samen met u naar een oplossing. Mail naar netwerkagenda@bibliotheekconvenant.nl en vertel op welke pagina het probleem zit, wat u probeerde te doen en welke hulpmiddelen (browser, schermlezer) u gebruikt. U krijgt binnen vijf werkdagen antwoord; binnen drie weken laten wij weten wat wij ermee doen.

Niet tevreden met ons antwoord? Dan kunt u contact opnemen met de Nationale ombudsman: https://www.nationaleombudsman.nl

Deze verklaring is opgesteld op 26 november 2026 en wordt elk jaar herzien."""

PRIVACY = """\
Het Netwerkagendaportaal wordt beheerd door het Bibliotheekconvenant. Wij gebruiken zo min mogelijk persoonsgegevens, alleen om het portaal te laten werken.

Welke gegevens
Van iedereen met een account bewaren wij naam, e-mailadres, organisatie en de rol in een programmateam. Bij elke wijziging in een bijdrage bewaren wij wie die deed en wanneer; zo is de versiegeschiedenis te volgen. Bij inloggen bewaren wij mislukte pogingen met het IP-adres, om het portaal tegen inbraak te beschermen.

Wat wij ermee doen
Uw naam staat alleen in de gepubliceerde netwerkagenda als u daarvoor toestemming hebt gegeven. Wij delen geen gegevens met anderen en gebruiken geen cookies voor statistiek of reclame; alleen een cookie om ingelogd te blijven.

Hoe lang
Een account en de bijbehorende gegevens verwijderen wij een jaar nadat iemand geen lid van een team meer is. Mislukte inlogpogingen bewaren wij een maand.

Uw rechten
U mag uw gegevens inzien, laten verbeteren of laten verwijderen. Mail daarvoor naar privacy@bibliotheekconvenant.nl. Een klacht kunt u indienen bij de Autoriteit Persoonsgegevens: https://www.autoriteitpersoonsgegevens.nl"""

CONTACT = """\
Vragen over het Netwerkagendaportaal, een account of de netwerkagenda zelf? Neem contact op met het coördinatieteam van het Bibliotheekconvenant.

E-mail: netwerkagenda@bibliotheekconvenant.nl
Wij beantwoorden uw bericht binnen vijf werkdagen.

Geen account of wachtwoord vergeten? Vraag de coördinator van uw programmateam of mail ons; een beheerder maakt accounts aan.

Een probleem met de toegankelijkheid van het portaal kunt u op hetzelfde adres melden."""

PAGES = [
    # A soft hyphen (U+00AD) lets the long word break, with a hyphen, on a small phone.
    ("toegankelijkheid", "Toegankelijkheids\u00adverklaring", ACCESSIBILITY),
    ("privacy", "Privacyverklaring", PRIVACY),
    ("contact", "Contact", CONTACT),
]


def seed(apps, schema_editor):
    SitePage = apps.get_model("partners", "SitePage")
    for slug, title, body in PAGES:
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_site_page")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
