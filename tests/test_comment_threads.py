"""Comment threads: a comment may be about a passage (anchored as proposals are, marked
in the text, outdated when its words are gone), gets replies, and is resolved or opened
again as a whole by its author, the team's writers and coordinators; the chapter's page
counts open threads and costs the same with 3 or 30 threads of 5 replies."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Comment, Contribution
from agenda.selectors.task_list import task_list
from agenda.services import AgendaError, comment_add, comment_set_resolved
from agenda.services.comments import PassageNotFound
from tests import factories
from tests.agenda_helpers import fill

TEXT = (
    "<p>De bibliotheek <strong>helpt</strong> mensen met lezen.</p>"
    "<p>Lezen is fijn en lezen helpt.</p>"
)


@pytest.fixture
def chapter(cast):
    return fill(factories.contribution(1), cast["writer"], context=TEXT)


def page(client, contribution) -> str:
    return client.get(reverse("agenda:contribution", args=[contribution.pk])).content.decode()


def thread_url(comment):
    return reverse("agenda:comment_thread", args=[comment.contribution_id, comment.pk])


# Anchors: found, marked, lost.


def test_a_comment_on_a_passage_is_anchored_with_its_context_and_marked_in_the_text(
    as_user, cast, chapter
):
    response = as_user(cast["read_along"]).post(
        reverse("agenda:comment_create", args=[chapter.pk]),
        {"aspect": "context", "exact": "lezen", "prefix": "fijn en ", "body": "Welk lezen?"},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#{comment.anchor}")
    assert (comment.exact, comment.prefix.endswith("fijn en "), comment.suffix) == (
        "lezen",
        True,
        " helpt.",
    )
    assert comment.record == chapter.history.order_by("-history_id").first()
    html = page(as_user(cast["member"]), chapter)
    assert f'id="{comment.passage_id}"' in html  # the second "lezen" is marked
    assert "Lezen is fijn en <mark" in html
    assert f'#{comment.passage_id}"' in html and "Welk lezen?" in html
    assert f'href="#{comment.anchor}"' in html  # from under the text to the thread


def test_a_passage_not_in_the_text_is_a_form_error_that_keeps_what_was_typed(
    as_user, cast, chapter
):
    response = as_user(cast["member"]).post(
        reverse("agenda:comment_create", args=[chapter.pk]),
        {"aspect": "context", "exact": "staat er niet", "body": "Mijn opmerking"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_exact"' in html and "Mijn opmerking</textarea>" in html
    assert not Comment.objects.exists()


def test_an_ambiguous_passage_or_one_on_the_action_table_is_refused(cast, chapter):
    with pytest.raises(PassageNotFound):
        comment_add(
            contribution=chapter, user=cast["member"], aspect="context", exact="lezen", body="x"
        )
    with pytest.raises(PassageNotFound):
        comment_add(
            contribution=chapter, user=cast["member"], aspect="actions", exact="lezen", body="x"
        )


def test_when_the_words_are_gone_the_comment_says_so_and_shows_the_passage_as_it_was(
    as_user, cast, chapter
):
    comment = comment_add(
        contribution=chapter,
        user=cast["member"],
        aspect="context",
        exact="helpt mensen",
        body="Mooi gezegd.",
    )
    html = page(as_user(cast["writer"]), chapter)
    assert f'id="{comment.passage_id}"' in html and "passage--outdated" not in html
    fill(chapter, cast["writer"], context="<p>Geheel nieuwe tekst.</p>")
    html = page(as_user(cast["writer"]), Contribution.objects.get(pk=chapter.pk))
    assert f'id="{comment.passage_id}"' not in html
    assert "portal-comment__passage--outdated" in html  # "no longer in the text. It was:"
    assert 'De bibliotheek <mark class="portal-comment-mark">helpt mensen</mark> met' in html


# Replies and threads.


def test_a_reply_joins_the_thread_and_shows_under_it(as_user, cast, chapter):
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="ambition", body="Hoe?")
    client = as_user(cast["writer"])
    response = client.post(thread_url(thread), {"body": "Zo.", "terug": "hoofdstuk"})
    reply = Comment.objects.get(parent=thread)
    assert response.status_code == 302 and response.url.endswith(f"#reactie-{thread.pk}")
    assert (reply.aspect, reply.author) == ("ambition", cast["writer"])
    # A reply to a reply lands in the same thread.
    again = comment_add(contribution=chapter, user=cast["member"], body="Dank.", parent=reply)
    assert again.parent == thread
    html = page(client, chapter)
    assert html.index("Hoe?") < html.index("Zo.") < html.index("Dank.")
    assert 'data-open-threads="1"' in html
    thread_page = client.get(thread_url(thread)).content.decode()
    assert "Zo." in thread_page and "Dank." in thread_page


def test_an_empty_reply_keeps_the_page_with_an_error_summary(as_user, cast, chapter):
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="ambition", body="Hoe?")
    response = as_user(cast["read_along"]).post(thread_url(thread), {"body": "  "})
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert f'href="#antwoord-{thread.pk}-body"' in html
    assert not Comment.objects.filter(parent=thread).exists()


def test_a_thread_of_another_chapter_is_not_found(as_user, cast, chapter):
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="ambition", body="Hoe?")
    other = factories.contribution(2)
    url = reverse("agenda:comment_thread", args=[other.pk, thread.pk])
    assert as_user(cast["coordinator"]).get(url).status_code == 404
    with pytest.raises(AgendaError):
        comment_add(contribution=other, user=cast["coordinator"], body="x", parent=thread)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("writer", True), ("coordinator", True), ("member", True), ("read_along", False)],
)
def test_who_resolves_and_reopens_a_whole_thread(as_user, cast, chapter, role, allowed):
    """The opening comment's author (the member), writers and coordinators."""
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="?")
    reply = comment_add(contribution=chapter, user=cast["read_along"], body="!", parent=thread)
    client = as_user(cast[role])
    response = client.post(reverse("agenda:comment_resolve", args=[chapter.pk, thread.pk]))
    thread.refresh_from_db()
    assert (response.status_code, thread.is_open) == ((302, False) if allowed else (403, True))
    # A reply is not a thread of its own: its own URL is not found.
    assert (
        client.post(reverse("agenda:comment_resolve", args=[chapter.pk, reply.pk])).status_code
        == 404
    )
    if allowed:
        client.post(reverse("agenda:comment_reopen", args=[chapter.pk, thread.pk]))
        thread.refresh_from_db()
        assert thread.is_open


def test_open_threads_are_counted_per_aspect_and_in_the_task_list(as_user, cast, chapter):
    first = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="a")
    comment_add(contribution=chapter, user=cast["member"], aspect="context", body="b")
    comment_add(contribution=chapter, user=cast["writer"], body="c", parent=first)
    comment_add(contribution=chapter, user=cast["member"], aspect="ambition", body="d")
    comment_set_resolved(comment=first, user=cast["writer"], resolved=True)
    html = page(as_user(cast["member"]), chapter)
    assert html.count('data-open-threads="1"') == 2  # context: 1 of 2, ambition: 1
    rows = task_list(cast["writer"], chapter.edition)["own_rows"]
    assert [row["obj"].open_comments for row in rows if row["obj"] == chapter] == [2]


# Mail: the one rule, once per event.


def test_a_reply_tells_the_writers_and_participants_once_each_not_the_author(
    cast, chapter, django_capture_on_commit_callbacks
):
    second_writer = factories.writer(username="writer2")
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="?")
    comment_add(contribution=chapter, user=cast["writer"], body="Ja.", parent=thread)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(contribution=chapter, user=cast["read_along"], body="Nee.", parent=thread)
    to = sorted(address for m in mail.outbox for address in m.to)
    # the writers (one of them also a participant) and the thread's author: once each
    assert to == sorted([cast["writer"].email, second_writer.email, cast["member"].email])
    assert all(thread_url(thread) in m.body for m in mail.outbox)


def test_resolving_tells_the_participants_once_and_not_twice_when_repeated(
    cast, chapter, django_capture_on_commit_callbacks
):
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_set_resolved(comment=thread, user=cast["writer"], resolved=True)
        comment_set_resolved(comment=thread, user=cast["writer"], resolved=True)
    assert sorted(a for m in mail.outbox for a in m.to) == [cast["member"].email]


# The chapter's page costs the same with 3 or 30 threads of 5 replies each.


def _grow(chapter, cast, threads: int, *, start: int = 0):
    people = [cast["member"], cast["read_along"], cast["writer"], cast["coordinator"]]
    for number in range(start, threads):
        words = "helpt mensen" if number % 2 else ""
        thread = comment_add(
            contribution=chapter,
            user=people[number % 2],
            aspect="context" if words else "ambition",
            body=f"Draad {number}",
            exact=words,
        )
        for reply in range(5):
            comment_add(
                contribution=chapter,
                user=people[reply % 4],
                body=f"Antwoord {number}.{reply}",
                parent=thread,
                mentions=[cast["member"]] if reply == 0 else (),
            )


def _count(client, chapter) -> int:
    from django.core.cache import cache

    cache.clear()  # located and marked afresh each time: the cost without the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("agenda:contribution", args=[chapter.pk])).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["writer", "read_along", "coordinator"])
def test_the_chapter_page_costs_the_same_with_3_and_30_threads_of_5_replies(
    as_user, cast, chapter, role
):
    client = as_user(cast[role])
    _grow(chapter, cast, 3)
    few = _count(client, chapter)
    _grow(chapter, cast, 30, start=3)
    assert _count(client, chapter) == few
