"""The four aspects are declared once, in ``agenda.texts.aspects``: the form, the model, the read
page and the print follow that declaration, and a new system provision needs no code."""

import dataclasses
import re
from html import unescape

import pytest
from django.urls import reverse

from agenda.forms import ContributionForm
from agenda.governance.compiling import agenda_compile
from agenda.models import Contribution, Edition
from agenda.pdf.html import version_context, version_html
from agenda.review.services import take_review_step
from agenda.services import ContributionContent
from agenda.texts import aspects
from infra.language import site_language
from partners.models import Partner, SystemProvision
from tests import factories
from tests.agenda_helpers import complete_content, fill


def found(pattern: str, html: str) -> list[str]:
    return [unescape(text) for text in re.findall(pattern, html)]


def read_page(client, contribution) -> str:
    return client.get(reverse("agenda:contribution", args=[contribution.pk])).content.decode()


def approved(number: int, coordinator, **content) -> Contribution:
    writer = factories.team_user("writer", number=number)
    contribution = factories.contribution(number)
    fill(contribution, writer, **content)
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="approve")
    return contribution


@pytest.fixture
def spec(db):
    """The declared texts and headings, in the site's language, for the seeded provisions."""
    year = Edition.objects.current().programme_year
    with site_language():
        return {
            "texts": [(t.name, str(t.label)) for t in aspects.texts(SystemProvision.objects.all())],
            "headings": [heading for _aspect, heading in aspects.headings(year)],
            "provisions": list(SystemProvision.objects.values_list("name", flat=True)),
        }


def test_form_and_model_list_the_declared_texts_in_order(spec, contribution):
    form = ContributionForm()
    with site_language():
        fields = [(name, str(form.fields[name].label)) for name in form.aspect_names()]
        texts = [(name, str(label)) for name, label, _html in contribution.aspect_texts()]
        choices = [(name, str(label)) for name, label in contribution.aspect_choices()]
    assert [name for name in form.fields if name not in ("base_revision", "note")] == [
        name for name, _label in spec["texts"]
    ]
    assert fields == texts == spec["texts"]
    assert choices[:-1] == spec["texts"] and choices[-1][0] == aspects.ACTIONS


def test_content_and_model_hold_the_declared_fields(db):
    assert [f.name for f in dataclasses.fields(ContributionContent)] == list(aspects.FIELDS)
    model_fields = {f.name for f in Contribution._meta.get_fields()}
    assert set(aspects.FIELDS) <= model_fields


def test_read_page_and_print_show_the_declared_headings_in_order(as_user, cast, spec):
    contribution = approved(1, cast["coordinator"])
    html = read_page(as_user(cast["member"]), contribution)
    assert (
        found(r'<h2 class="utrecht-heading-2" id="aspect-[a-z]+">(.*?)</h2>', html)
        == (spec["headings"])
    )
    assert found(r'<h3 class="utrecht-heading-3">(.*?)</h3>', html)[:3] == spec["provisions"]

    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    with site_language():
        chapter = version_context(version, only_team=contribution.team)["groups"][0][1][0]
    assert [section.heading for section in chapter["sections"]] == spec["headings"]
    printed = version_html(version, only_team=contribution.team)
    # A chapter printed alone has no group heading: its headings stand a level higher.
    assert found(r'<h3 class="chapter__aspect">(.*?)</h3>', printed) == spec["headings"]
    assert found(r'<h4 class="chapter__subheading">(.*?)</h4>', printed) == spec["provisions"]


def test_a_new_system_provision_needs_no_code(as_user, cast):
    SystemProvision.objects.create(
        code="NEW",
        name="Nieuwe voorziening",
        represented_by=Partner.objects.get(code="KB"),
        position=4,
    )
    field = ContributionForm()["provision_NEW"]
    assert field.label == "Nieuwe voorziening" and "Nieuwe voorziening" in field.help_text

    contribution = factories.contribution(1)
    fill(contribution, cast["writer"])
    contribution.refresh_from_db()
    assert "Nieuwe voorziening" in contribution.missing_parts()  # it must be written too

    texts = complete_content().provision_texts | {"NEW": "<p>Wat de nieuwe doet</p>"}
    contribution = approved(1, cast["coordinator"], provision_texts=texts)
    html = read_page(as_user(cast["member"]), contribution)
    assert re.search(
        r'<h3 class="utrecht-heading-3">Nieuwe voorziening</h3>\s*'
        r"(?:<div[^>]*>\s*)+<p>Wat de nieuwe doet",
        html,
    )
    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    printed = version_html(version, only_team=contribution.team)
    assert (
        '<h4 class="chapter__subheading">Nieuwe voorziening</h4>'
        '<div class="rich"><p>Wat de nieuwe doet</p></div>'
    ) in printed
