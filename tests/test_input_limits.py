"""Bad input gets a clear answer in bounded time; hostile nesting is flattened.

Findings of the security battery: a nonsense or huge action row count, an aspect
without a length limit, and nesting deep enough to make the PDF renderer fail.
"""

import io
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Contribution, Edition, NetworkText
from agenda.services import AgendaError, ContributionContent, contribution_save, network_text_save
from agenda.texts import richtext
from partners.models import SystemProvision
from tests import factories
from tests.test_contribution_edit import edit_data, post_edit

TOO_MANY_ROWS = "De actietabel mag ten hoogste 100 rijen hebben"
UNREADABLE_TABLE = "De actietabel is onvolledig aangekomen"
FLATTENED = "platgemaakt"


def nested_lists(depth: int, style: str = "") -> str:
    """Lists nested ``depth`` deep, each item with a numbered word: niveau1, niveau2, ..."""
    attribute = f' style="{style}"' if style else ""
    opening = "".join(f"<ul{attribute}><li>niveau{n} " for n in range(1, depth + 1))
    return opening + "</li></ul>" * depth


class _Depth(HTMLParser):
    """The deepest nesting in well-formed HTML, of all elements and of lists alone."""

    def __init__(self):
        super().__init__()
        self.open, self.deepest, self.deepest_lists = [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            return
        self.open.append(tag)
        self.deepest = max(self.deepest, len(self.open))
        lists = sum(t in ("ul", "ol") for t in self.open)
        self.deepest_lists = max(self.deepest_lists, lists)

    def handle_endtag(self, tag):
        self.open.pop()


def depth_of(html: str) -> tuple[int, int]:
    parser = _Depth()
    parser.feed(html)
    parser.close()
    return parser.deepest, parser.deepest_lists


def action_rows(count: int) -> dict:
    rows = {"actions-TOTAL_FORMS": str(count), "actions-INITIAL_FORMS": "0"}
    for index in range(count):
        rows |= {
            f"actions-{index}-activity": f"Activiteit {index}",
            f"actions-{index}-lead": "partner:KB",
            f"actions-{index}-ORDER": str(index + 1),
        }
    return rows


def without_actions(data: dict) -> dict:
    return {key: value for key, value in data.items() if not key.startswith("actions-")}


def warnings_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


# Finding 1: the action row count --------------------------------------------------------


@pytest.mark.parametrize("button", ["save", "add_action"])
def test_nonsense_row_count_gets_a_form_error_and_keeps_the_text(
    as_user, cast, contribution, button
):
    data = edit_data(contribution, **{"actions-TOTAL_FORMS": "abc", button: "1"})
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert UNREADABLE_TABLE in html
    assert 'href="#actions-table"' in html  # the error summary links to the table
    assert "Context met &lt;strong&gt;vet" in html  # the aspects come back filled
    assert "Bibliotheken doen mee" in html
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_huge_row_count_is_refused_within_a_small_query_budget(
    as_user, cast, contribution, django_assert_max_num_queries
):
    client = as_user(cast["writer"])
    data = edit_data(contribution, **{"actions-TOTAL_FORMS": "99999999"})
    with django_assert_max_num_queries(15):
        response = post_edit(client, contribution, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_MANY_ROWS in html
    assert 'href="#actions-table"' in html
    assert "Leesclubs starten" in html and "Context met" in html
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_queries_do_not_grow_from_three_to_a_hundred_action_rows(as_user, cast, contribution):
    client = as_user(cast["writer"])
    counts = []
    for revision, rows in enumerate([3, 100]):
        data = without_actions(edit_data(contribution)) | action_rows(rows)
        data["base_revision"] = str(revision)
        with CaptureQueriesContext(connection) as queries:
            assert post_edit(client, contribution, data).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    contribution.refresh_from_db()
    assert len(contribution.actions) == 100


def test_a_hundred_and_one_rows_are_refused_then_the_hundred_shown_can_be_saved(
    as_user, cast, contribution
):
    client = as_user(cast["writer"])
    data = without_actions(edit_data(contribution)) | action_rows(101)
    response = post_edit(client, contribution, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_MANY_ROWS in html
    contribution.refresh_from_db()
    assert contribution.revision == 0
    # The page counts the rows it shows, so saving them again is not refused forever.
    assert 'name="actions-TOTAL_FORMS" value="100"' in html
    data["actions-TOTAL_FORMS"] = "100"
    assert post_edit(client, contribution, data).status_code == 302
    contribution.refresh_from_db()
    assert len(contribution.actions) == 100


def test_add_action_on_a_full_table_says_why_no_row_is_added(as_user, cast, contribution):
    data = without_actions(edit_data(contribution)) | action_rows(100) | {"add_action": "1"}
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 200
    assert TOO_MANY_ROWS in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.revision == 0


# Finding 2: the length of an aspect -----------------------------------------------------


def test_aspect_of_exactly_the_maximum_is_saved(as_user, cast, contribution):
    text = "<p>" + "a" * (richtext.MAX_LENGTH - len("<p></p>")) + "</p>"
    response = post_edit(
        as_user(cast["writer"]), contribution, edit_data(contribution, ambition=text)
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert len(contribution.ambition) == richtext.MAX_LENGTH


def test_too_long_aspect_is_refused_naming_it_its_length_and_the_maximum(
    as_user, cast, contribution
):
    text = "<p>" + "lang " * 30_000 + "</p>"  # 150,007 characters
    response = post_edit(
        as_user(cast["writer"]), contribution, edit_data(contribution, ambition=text)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gezamenlijke ambitie" in html
    assert "150.007 tekens" in html and "100.000" in html
    assert 'href="#id_ambition"' in html
    assert "lang lang lang" in html and "Context met" in html  # the typed text comes back
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_service_refuses_too_long_aspect_so_commands_cannot_bypass_it(cast, contribution):
    long_text = "<p>" + "x" * richtext.MAX_LENGTH + "</p>"
    with pytest.raises(AgendaError, match="tekens lang") as refused:
        contribution_save(
            contribution=contribution,
            user=cast["writer"],
            content=ContributionContent(provision_texts={"KB": long_text}),
            base_revision=0,
        )
    name = SystemProvision.objects.get(code="KB").name
    assert str(refused.value) == (
        f"'{name}' is met opmaak 100.007 tekens lang; het maximum is 100.000. Maak de tekst korter."
    )
    contribution.refresh_from_db()
    assert contribution.revision == 0
    assert contribution.provision_texts == {}


def test_service_refuses_too_long_network_text(db):
    writer = factories.team_user("writer", number=7)
    motto = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    body = "<p>" + "x" * richtext.MAX_LENGTH + "</p>"
    with pytest.raises(AgendaError, match="tekens lang") as refused:
        network_text_save(text=motto, user=writer, body=body, base_revision=0)
    assert str(refused.value).startswith("'Motto' is met opmaak 100.007 tekens lang")
    motto.refresh_from_db()
    assert motto.body == ""


# Finding 3: hostile nesting --------------------------------------------------------------


def test_five_thousand_nested_emphases_are_flattened_without_recursion():
    html = "<p>" + "".join(f"<em>w{n} " for n in range(5000)) + "</em>" * 5000 + "</p>"
    result = richtext.sanitise(html)
    assert result.flattened
    assert depth_of(result.html)[0] <= richtext.MAX_DEPTH
    assert result.html.count("<em>") == richtext.MAX_DEPTH - 1  # inside one paragraph
    assert strip_tags(result.html).split() == [f"w{n}" for n in range(5000)]  # in order
    assert richtext.clean(result.html) == result.html  # clean, valid HTML: stable under nh3


def test_lists_deeper_than_ten_levels_are_flattened_keeping_their_text_in_order():
    result = richtext.sanitise(nested_lists(12))
    assert result.flattened
    assert depth_of(result.html)[1] == richtext.MAX_LIST_DEPTH
    assert strip_tags(result.html).split() == [f"niveau{n}" for n in range(1, 13)]
    assert result.html.startswith("<ul><li>niveau1 ")
    assert richtext.clean(result.html) == result.html


def test_ordinary_nesting_is_left_alone():
    html = nested_lists(richtext.MAX_LIST_DEPTH)
    result = richtext.sanitise(html)
    assert not result.flattened
    assert result.html == html


def test_style_attributes_do_not_survive():
    html = '<p style="font-size:1e9px">Groot</p><ul style="font-size:1e9px"><li>x</li></ul>'
    assert richtext.clean(html) == "<p>Groot</p><ul><li>x</li></ul>"


def test_fifty_thousand_nested_lists_are_flattened_without_recursion():
    """Its speed (nh3 slows down with depth times length) is measured by make bench."""
    result = richtext.sanitise(nested_lists(50_000))
    assert result.flattened
    assert depth_of(result.html)[1] == richtext.MAX_LIST_DEPTH


def test_writer_is_warned_when_a_save_flattened_nesting(as_user, cast, contribution):
    data = edit_data(contribution, context=nested_lists(20))
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 302
    [warning] = warnings_of(response)
    assert "1. Context van de opgave of uitdaging" in warning and FLATTENED in warning
    assert "Gezamenlijke ambitie" not in warning


def test_ordinary_save_gets_no_warning(as_user, cast, contribution):
    response = post_edit(as_user(cast["writer"]), contribution, edit_data(contribution))
    assert response.status_code == 302
    assert warnings_of(response) == []


def test_network_text_writer_is_warned_when_a_save_flattened_nesting(db, as_user):
    writer = factories.team_user("writer", number=7)
    response = as_user(writer).post(
        reverse("agenda:network_text_edit", args=["manifesto"]),
        {"base_revision": 0, "body": nested_lists(20)},
    )
    assert response.status_code == 302
    [warning] = warnings_of(response)
    assert FLATTENED in warning
    manifesto = NetworkText.objects.get(edition=Edition.objects.current(), kind="manifesto")
    assert depth_of(manifesto.body)[1] == richtext.MAX_LIST_DEPTH


def test_hostile_chapter_is_flattened_approved_compiled_and_printed(
    as_user, cast, contribution, django_capture_on_commit_callbacks
):
    hostile = nested_lists(5000, style="font-size:1e9px")
    response = post_edit(
        as_user(cast["writer"]), contribution, edit_data(contribution, context=hostile)
    )
    assert response.status_code == 302
    assert FLATTENED in warnings_of(response)[0]
    contribution.refresh_from_db()
    assert depth_of(contribution.context)[1] <= richtext.MAX_LIST_DEPTH
    assert "style" not in contribution.context
    assert "niveau1 " in contribution.context and "niveau5000" in contribution.context

    as_user(cast["writer"]).post(reverse("agenda:review_step", args=[contribution.pk, "submit"]))
    as_user(cast["coordinator"]).post(
        reverse("agenda:review_step", args=[contribution.pk, "approve"])
    )
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.APPROVED

    with django_capture_on_commit_callbacks(execute=True):
        version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    version.refresh_from_db()
    assert version.pdf_status == AgendaVersion.PdfStatus.READY, version.pdf_error
    pages = PdfReader(io.BytesIO(version.pdf.file.read())).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "niveau1" in text and "niveau5000" in text
