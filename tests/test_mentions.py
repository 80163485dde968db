"""Mentions: a comment or reply names people who may read the chapter; the server
refuses anyone else (also by a forged form), and each person mentioned gets one mail
and a *Voor u* item that links to the thread, until they answer in it."""

import pytest
from django.core import mail
from django.urls import reverse

from agenda.models import Comment
from agenda.selectors.for_you import for_you
from agenda.services import comment_add, comment_set_resolved
from agenda.services.comments import MentionRefused
from tests import factories


@pytest.fixture
def chapter(cast):
    return factories.contribution(1)


def post_comment(client, chapter, body, mentions=()):
    return client.post(
        reverse("agenda:comment_create", args=[chapter.pk]),
        {"aspect": "context", "body": body, "noemen": [str(pk) for pk in mentions]},
    )


def mention_items(user):
    return [item for item in for_you(user) if item.kind == "mention"]


def test_the_chapter_page_offers_only_the_people_who_may_read_it(as_user, cast, chapter):
    html = as_user(cast["read_along"]).get(chapter.get_absolute_url()).content.decode()
    offered = html.split('data-mention-people="', 1)[1].split('"', 1)[0]
    for role in ("writer", "member", "read_along", "coordinator"):
        assert f"&quot;username&quot;: &quot;{cast[role].username}&quot;" in offered
    for role in ("partner", "outsider"):
        assert f"&quot;{cast[role].username}&quot;" not in offered


@pytest.mark.parametrize("role", ["partner", "outsider"])
def test_a_forged_mention_of_someone_who_may_not_read_is_refused_and_nothing_saved(
    as_user, cast, chapter, role
):
    response = post_comment(
        as_user(cast["read_along"]), chapter, "Kijk hier eens naar", [cast[role].pk]
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_body"' in html
    assert "Kijk hier eens naar</textarea>" in html
    assert not Comment.objects.exists() and not mail.outbox


def test_a_typed_username_of_someone_who_may_not_read_is_refused(as_user, cast, chapter):
    response = post_comment(as_user(cast["member"]), chapter, "Vraag het @outsider")
    assert response.status_code == 200 and not Comment.objects.exists()


def test_a_nonsense_id_is_refused(as_user, cast, chapter):
    response = post_comment(as_user(cast["member"]), chapter, "Hallo", ["abc"])
    assert response.status_code == 200 and not Comment.objects.exists()


def test_a_forged_mention_in_a_reply_is_refused_too(as_user, cast, chapter):
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="?")
    response = as_user(cast["read_along"]).post(
        reverse("agenda:comment_thread", args=[chapter.pk, thread.pk]),
        {"body": "Zie ook", "noemen": [str(cast["partner"].pk)]},
    )
    assert response.status_code == 200 and "data-error-summary" in response.content.decode()
    assert not Comment.objects.filter(parent=thread).exists()
    with pytest.raises(MentionRefused):
        comment_add(
            contribution=chapter,
            user=cast["member"],
            body="x",
            parent=thread,
            mentions=[cast["outsider"]],
        )


def test_a_mentioned_member_gets_one_mail_and_a_voor_u_item_until_they_answer(
    as_user, cast, chapter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(
            as_user(cast["read_along"]), chapter, "Wat vind jij, @member?", [cast["member"].pk]
        )
    assert response.status_code == 302
    thread = Comment.objects.get()
    assert list(thread.mentions.all()) == [cast["member"]]  # id and @name: one mention
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == sorted([cast["member"].email, cast["writer"].email])  # once each
    (to_member,) = [m for m in mail.outbox if m.to == [cast["member"].email]]
    assert "noemde u" in to_member.subject or "mentioned" in to_member.subject
    (item,) = mention_items(cast["member"])
    assert item.url == reverse("agenda:comment_thread", args=[chapter.pk, thread.pk])
    assert mention_items(cast["writer"]) == []
    # The member answers in the thread: the item is done.
    as_user(cast["member"]).post(item.url, {"body": "Goed idee."})
    assert mention_items(cast["member"]) == []


def test_a_writer_mentioned_in_a_reply_gets_one_mail_not_two(
    cast, chapter, django_capture_on_commit_callbacks
):
    """The writer is a writer, a participant and mentioned: still one mail."""
    thread = comment_add(contribution=chapter, user=cast["member"], aspect="context", body="?")
    comment_add(contribution=chapter, user=cast["writer"], body="Ja?", parent=thread)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(
            contribution=chapter,
            user=cast["read_along"],
            body="@writer kijk",
            parent=thread,
            mentions=[cast["writer"], cast["coordinator"]],
        )
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == sorted([cast["writer"].email, cast["coordinator"].email, cast["member"].email])
    assert len(to) == len(set(to))


def test_a_resolved_thread_or_lost_reading_right_removes_the_voor_u_item(cast, chapter):
    thread = comment_add(
        contribution=chapter,
        user=cast["read_along"],
        aspect="context",
        body="?",
        mentions=[cast["member"]],
    )
    assert len(mention_items(cast["member"])) == 1
    comment_set_resolved(comment=thread, user=cast["writer"], resolved=True)
    assert mention_items(cast["member"]) == []
