"""Demo chapters, written for the demo data (not taken from the real agenda): three
teams' drafts to work on (1, 5 and 7), and a short approved chapter for every other
team (``demo_chapter``), so that a newcomer can take the demo to a ratified 1.0."""

DEMO_CONTRIBUTIONS = {
    1: {
        "context": (
            "<p>Ruim 2,5 miljoen Nederlanders tussen 16 en 65 jaar hebben moeite met lezen, "
            "schrijven of rekenen. Laaggeletterdheid raakt aan <strong>gezondheid, werk en "
            "meedoen</strong> in de samenleving, en gaat vaak van ouders op kinderen over.</p>"
            "<p>Bibliotheken zijn dichtbij, laagdrempelig en vertrouwd. Met de aanpak "
            "<em>Tel mee met Taal</em> en de programma's BoekStart en de Bibliotheek op school "
            "werken zij al jaren aan een geletterde samenleving.</p>"
        ),
        "ambition": (
            "<p>In 2023 is de bibliotheek in elke gemeente een herkenbare partner in de "
            "lokale aanpak van laaggeletterdheid. Wij willen bereiken dat:</p>"
            "<ul><li>elk kind van 0 tot 18 jaar via BoekStart of de Bibliotheek op school "
            "bereikt wordt;</li><li>volwassenen in elk Taalhuis terechtkunnen voor taal- en "
            "digitale vaardigheden;</li><li>leesplezier meetbaar toeneemt.</li></ul>"
        ),
        "provision_texts": {
            "BIB": "<p>Lokale bibliotheken richten Taalhuizen in, samen met gemeente, "
            "welzijn en onderwijs, en werven en begeleiden taalvrijwilligers.</p>",
            "POI": "<p>De POI's ondersteunen bibliotheken bij het opzetten van Taalhuizen, "
            "bieden trainingen voor vrijwilligers en delen goede voorbeelden in de "
            "provincie.</p>",
            "KB": "<p>De KB coördineert de landelijke programma's, beheert de "
            "monitor en zorgt voor landelijke communicatie en onderzoek naar "
            "effecten.</p>",
        },
        "programme_intro": (
            "<p>In 2021 ligt het accent op het versterken van de Bibliotheek op school in het "
            "voortgezet onderwijs en op de kwaliteit van de Taalhuizen.</p>"
        ),
        "actions": [
            {
                "activity": "Uitbreiding de Bibliotheek op school naar het vmbo",
                "lead": "provision:KB",
                "quarters": ["Q1", "Q2", "Q3", "Q4"],
                "result": "Dertig nieuwe vmbo-scholen doen mee",
            },
            {
                "activity": "Kwaliteitskader Taalhuizen herijken",
                "lead": "provision:POI",
                "quarters": ["Q2", "Q3"],
                "result": "Vastgesteld kwaliteitskader met zelfevaluatie-instrument",
            },
        ],
    },
    5: {
        "context": (
            "<p>De bibliotheek verandert van uitleenpunt naar maatschappelijke organisatie. "
            "Dat vraagt nieuwe competenties van medewerkers: samenwerken met partners, "
            "programmeren, coachen en werken met data.</p>"
        ),
        "ambition": (
            "<p>Medewerkers en vrijwilligers zijn toegerust voor de maatschappelijke rol. "
            "Er is een gezamenlijk <strong>opleidingsaanbod</strong> dat in het hele land "
            "toegankelijk is.</p>"
        ),
        "provision_texts": {
            "BIB": "<p>Bibliotheken maken ruimte voor scholing en stellen ontwikkelplannen op.</p>",
            "POI": "<p>POI's verzorgen regionale leergangen.</p>",
            "KB": "",
        },
        "programme_intro": "<p>Het eerste jaar staat in het teken van een inventarisatie.</p>",
        "actions": [
            {
                "activity": "Inventarisatie bestaand opleidingsaanbod",
                "lead": "partner:VOB",
                "quarters": ["Q1", "Q2"],
                "result": "Overzicht van aanbod en witte vlekken",
            },
        ],
    },
    7: {
        "context": (
            "<p>Het bibliotheeknetwerk bestaat uit lokale bibliotheken, POI's en de KB. "
            "Samenwerking is nodig om als één netwerk zichtbaar te zijn voor overheden en "
            "partners.</p>"
        ),
        "ambition": (
            "<p>Een gedeeld <em>netwerkmanifest</em> en motto waarin alle partijen zich "
            "herkennen, en afspraken over hoe we samen besluiten.</p>"
        ),
        "provision_texts": {
            "BIB": "<p>Bibliotheken bespreken het manifest in hun regio.</p>",
            "POI": "<p>POI's organiseren de regionale bijeenkomsten.</p>",
            "KB": "<p>De KB faciliteert het netwerkoverleg.</p>",
        },
        "programme_intro": "",
        "actions": [],
    },
}


DEMO_NETWORK_TEXTS = {
    "motto": "<p><strong>Samen maken we de bibliotheek van iedereen.</strong></p>",
    "manifesto": (
        "<p>Wij, de openbare bibliotheken, de POI's en de KB, werken als één netwerk. "
        "We geloven dat iedereen moet kunnen meedoen: lezen, leren en elkaar ontmoeten.</p>"
        "<ul><li>We delen kennis en collecties.</li>"
        "<li>We besluiten samen en houden ons aan wat we afspreken.</li>"
        "<li>We zijn dichtbij, in elke gemeente.</li></ul>"
    ),
}


# The other teams' chapters: short and plain, one sentence per part, two actions.
THEMES = {
    2: ("digitale vaardigheden", "het Informatiepunt Digitale Overheid"),
    3: ("leren en ontwikkelen", "het leerhuis in de bibliotheek"),
    4: ("bereikbaarheid", "een dekkend netwerk van vestigingen en servicepunten"),
    6: ("de digitale netwerkinfrastructuur", "één gezamenlijk bibliotheeksysteem"),
    8: ("kwaliteit en kennis", "certificering en een landelijke monitor"),
    9: ("innovatie", "een landelijk programma voor onderzoek en ontwikkeling"),
    10: ("de collectie", "één landelijke collectie, fysiek en digitaal"),
    11: ("de klantbenadering", "één herkenbaar merk en een gezamenlijke klantenservice"),
    12: ("de digitale bibliotheek", "een aanbod van e-books en luisterboeken voor iedereen"),
}


def demo_chapter(number: int) -> dict:
    """A short, complete chapter of team ``number`` (one of ``THEMES``) as the edit form
    delivers it."""
    return chapter_about(*THEMES[number])


def chapter_about(subject: str, means: str) -> dict:
    """A short, complete chapter on ``subject``, aiming at ``means``."""
    return {
        "context": f"<p>Bij {subject} staat de bibliotheek voor een gezamenlijke opgave.</p>",
        "ambition": f"<p>In 2023 werkt het netwerk samen aan {means}.</p>",
        "provision_texts": {
            "BIB": f"<p>Lokale bibliotheken brengen {subject} dichtbij de inwoners.</p>",
            "POI": f"<p>De POI's ondersteunen bibliotheken bij {subject} in de provincie.</p>",
            "KB": f"<p>De KB zorgt voor landelijke afstemming over {subject}.</p>",
        },
        "programme_intro": f"<p>In 2021 zet het team de eerste stappen naar {means}.</p>",
        "actions": [
            {
                "activity": f"Verkenning: {means}",
                "lead": "provision:KB",
                "quarters": ["Q1", "Q2"],
                "result": "Een gedeeld beeld van wat er nodig is",
            },
            {
                "activity": f"Proef in drie provincies rond {subject}",
                "lead": "provision:POI",
                "quarters": ["Q3", "Q4"],
                "result": "Ervaringen uit de proef, gedeeld met het netwerk",
            },
        ],
    }
