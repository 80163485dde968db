"""Comments per aspect, their counts and notifications; the coordinators' overview."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Comment, Contribution
from agenda.services import (
    ContributionContent,
    comment_add,
    comment_set_resolved,
    contribution_save,
)
from tests import factories


def place(client, contribution, aspect="ambition", body="Kan dit concreter?"):
    return client.post(
        reverse("agenda:comment_create", args=[contribution.pk]),
        {"aspect": aspect, "body": body},
    )


@pytest.mark.parametrize(
    ("role", "status", "placed"),
    [
        ("writer", 302, True),
        ("member", 302, True),
        ("read_along", 302, True),
        ("coordinator", 302, True),
        ("partner", 404, False),
        ("outsider", 404, False),
    ],
)
def test_who_may_comment(as_user, cast, contribution, role, status, placed):
    response = place(as_user(cast[role]), contribution)
    assert response.status_code == status
    assert Comment.objects.exists() == placed


def test_comment_reaches_the_writers_and_shows_under_its_aspect(
    as_user, cast, contribution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place(as_user(cast["read_along"]), contribution, "provision_KB", "Wat doet de KB precies?")
    assert [m.to for m in mail.outbox] == [[cast["writer"].email]]
    assert "Wat doet de KB precies?" in mail.outbox[0].body
    html = (
        as_user(cast["member"])
        .get(reverse("agenda:contribution", args=[contribution.pk]))
        .content.decode()
    )
    assert "Wat doet de KB precies?" in html
    assert "1 open reactie" in html


def test_empty_comment_is_a_form_error_that_keeps_the_choice(as_user, cast, contribution):
    response = place(as_user(cast["member"]), contribution, "provision_POI", "   ")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_body"' in html
    assert '<option value="provision_POI" selected>' in html
    assert not Comment.objects.exists()


def test_resolve_and_reopen(as_user, cast, contribution):
    comment = comment_add(
        contribution=contribution, user=cast["member"], aspect="context", body="Bron?"
    )
    client = as_user(cast["writer"])
    client.post(reverse("agenda:comment_resolve", args=[contribution.pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved_by == cast["writer"] and not comment.is_open
    assert Contribution.objects.with_open_comments().get(pk=contribution.pk).open_comments == 0
    client.post(reverse("agenda:comment_reopen", args=[contribution.pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.is_open


def test_outsider_cannot_resolve(as_user, cast, contribution):
    comment = comment_add(
        contribution=contribution, user=cast["member"], aspect="context", body="Bron?"
    )
    response = as_user(cast["outsider"]).post(
        reverse("agenda:comment_resolve", args=[contribution.pk, comment.pk])
    )
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.is_open


def test_home_shows_open_comment_counts_with_constant_queries(
    as_user, cast, contribution, django_assert_max_num_queries
):
    client = as_user(cast["member"])
    client.get(reverse("home"))  # what a process reads once is not counted
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("home"))
    for number in range(1, 13):
        other = factories.contribution(number)
        comment_add(contribution=other, user=cast["coordinator"], aspect="context", body="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("home")).content.decode()
    assert "1 open reactie" in html


def test_overview_is_for_coordinators_only(as_user, cast):
    url = reverse("agenda:overview")
    for role in ["writer", "member", "read_along", "partner", "outsider"]:
        assert as_user(cast[role]).get(url).status_code == 403
    assert as_user(cast["coordinator"]).get(url).status_code == 200


def test_overview_shows_completeness_and_filters_by_state(as_user, cast, contribution):
    contribution_save(
        contribution=contribution,
        user=cast["writer"],
        content=ContributionContent(
            context="<p>Drie woorden hier</p>",
            actions=[{"activity": "A", "lead": "", "quarters": [], "result": ""}],
        ),
        base_revision=0,
    )
    client = as_user(cast["coordinator"])
    html = client.get(reverse("agenda:overview")).content.decode()
    assert "3 woorden" in html and "1 actie" in html and "leeg" in html
    assert html.count('scope="row"') == 12
    filtered = client.get(reverse("agenda:overview"), {"status": "submitted"}).content.decode()
    assert filtered.count('scope="row"') == 0


@pytest.mark.parametrize(("page", "role"), [("agenda:overview", "coordinator"), ("home", "writer")])
def test_lists_of_chapters_read_stored_word_counts_not_the_texts(as_user, cast, page, role):
    client = as_user(cast[role])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(page)).status_code == 200
    chapter_reads = [q["sql"] for q in queries if 'FROM "agenda_contribution"' in q["sql"]]
    assert chapter_reads and not any('"ambition"' in sql for sql in chapter_reads)


def test_word_counts_follow_every_save(cast, contribution):
    fill_content = ContributionContent(
        ambition="<p>Een twee <strong>drie</strong></p>",
        provision_texts={"KB": "<p>vier vijf</p>"},
    )
    contribution_save(
        contribution=contribution, user=cast["writer"], content=fill_content, base_revision=0
    )
    contribution.refresh_from_db()
    assert contribution.word_counts["ambition"] == 3
    assert contribution.word_counts["provision_KB"] == 2
    assert contribution.word_counts["actions"] == 0


def test_overview_query_count_does_not_grow_with_comments(
    as_user, cast, django_assert_max_num_queries
):
    client = as_user(cast["coordinator"])
    with django_assert_max_num_queries(20) as before:
        client.get(reverse("agenda:overview"))
    for number in range(1, 13):
        comment_add(
            contribution=factories.contribution(number),
            user=cast["coordinator"],
            aspect="actions",
            body="Planning?",
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("agenda:overview"))


def test_only_author_writers_and_coordinators_resolve(as_user, cast, contribution):
    comment = comment_add(
        contribution=contribution, user=cast["member"], aspect="context", body="Bron?"
    )
    url = reverse("agenda:comment_resolve", args=[contribution.pk, comment.pk])
    page = reverse("agenda:contribution", args=[contribution.pk])
    assert url not in as_user(cast["read_along"]).get(page).content.decode()
    as_user(cast["read_along"]).post(url)
    comment.refresh_from_db()
    assert comment.is_open
    assert url in as_user(cast["member"]).get(page).content.decode()
    as_user(cast["member"]).post(url)
    comment.refresh_from_db()
    assert not comment.is_open


def test_chapter_page_shows_the_first_open_comments_and_links_to_the_rest(
    as_user, cast, contribution
):
    for number in range(8):
        comment_add(
            contribution=contribution, user=cast["member"], aspect="ambition", body=f"Punt {number}"
        )
    resolved = comment_add(
        contribution=contribution, user=cast["member"], aspect="ambition", body="Al gedaan"
    )
    comment_set_resolved(comment=resolved, user=cast["writer"], resolved=True)
    html = as_user(cast["writer"]).get(contribution.get_absolute_url()).content.decode()
    assert "Punt 4" in html and "Punt 5" not in html and "Al gedaan" not in html
    assert "8 open reacties" in html
    link = reverse("agenda:comments", args=[contribution.pk, "ambition"])
    assert f'href="{link}"' in html and "nog 3 open, 1 afgehandeld" in html


def test_comments_page_lists_every_comment_of_one_aspect_open_first(as_user, cast, contribution):
    first = comment_add(
        contribution=contribution, user=cast["member"], aspect="ambition", body="Eerste punt"
    )
    comment_set_resolved(comment=first, user=cast["writer"], resolved=True)
    for number in range(24):
        comment_add(
            contribution=contribution, user=cast["member"], aspect="ambition", body=f"Punt {number}"
        )
    comment_add(contribution=contribution, user=cast["member"], aspect="context", body="Elders")
    client = as_user(cast["read_along"])
    url = reverse("agenda:comments", args=[contribution.pk, "ambition"])
    page_one = client.get(url).content.decode()
    assert "Punt 0" in page_one and "Punt 19" in page_one and "Punt 20" not in page_one
    assert "Elders" not in page_one
    page_two = client.get(url + "?pagina=2").content.decode()
    assert "Punt 23" in page_two and "Eerste punt" in page_two
    assert (
        client.get(reverse("agenda:comments", args=[contribution.pk, "nonsense"])).status_code
        == 404
    )


def test_resolving_on_the_comments_page_comes_back_to_it(as_user, cast, contribution):
    comment = comment_add(
        contribution=contribution, user=cast["member"], aspect="ambition", body="Bron?"
    )
    response = as_user(cast["writer"]).post(
        reverse("agenda:comment_resolve", args=[contribution.pk, comment.pk]),
        {"terug": "ambition"},
    )
    assert response["Location"] == reverse("agenda:comments", args=[contribution.pk, "ambition"])
    comment.refresh_from_db()
    assert not comment.is_open
