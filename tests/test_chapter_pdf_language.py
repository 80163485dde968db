"""A chapter PDF in English: its headings and labels in English, the team's text as it
was written; the agenda's PDF and the default chapter PDF stay in the site's language."""

from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.models import ChapterPdf, Edition
from agenda.pdf.html import version_html
from tests import factories
from tests.agenda_helpers import approve_chapter


def compiled(coordinator):
    approve_chapter(3, coordinator, text="<p>Tekst van team drie.</p>")
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_the_print_html_of_a_chapter_in_english(cast):
    version = compiled(cast["coordinator"])
    team = factories.team(3)
    english = version_html(version, only_team=team, language="en")
    dutch = version_html(version, only_team=team)
    assert '<html lang="en">' in english and '<html lang="nl">' in dutch
    assert "Tekst van team drie." in english  # the text as the team wrote it
    assert "4. Annual programme" in english and "4. Jaarprogramma" in dutch
    assert english != dutch


def test_asking_for_english_makes_its_own_chapter_pdf(as_user, cast):
    version = compiled(cast["coordinator"])
    client = as_user(cast["member"])
    url = reverse("agenda:chapter_pdf", args=[version.pk, 3])
    client.get(url)
    client.get(url + "?taal=en")
    client.get(url + "?taal=xx")  # unknown: the site's language
    jobs = ChapterPdf.objects.filter(version=version, team__number=3)
    assert sorted(jobs.values_list("language", flat=True)) == ["en", "nl"]
    assert jobs.get(language="en").filename.endswith("-hoofdstuk-3-en.pdf")
    assert jobs.get(language="nl").filename.endswith("-hoofdstuk-3.pdf")
    page = client.get(url + "?taal=en").content.decode()
    assert "?taal=en" in page  # the page's own links keep the language
