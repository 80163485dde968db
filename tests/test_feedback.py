"""Feedback during *Feedback*: whoever may read the version leaves it on a chapter, and
it lands as a comment on that team's chapter, marked with the version."""

import pytest
from django.core import mail
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Comment, Edition
from agenda.services import AgendaError, feedback_add
from tests import factories
from tests.agenda_helpers import approve_chapter


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def open_version(coordinator):
    approve_chapter(3, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return agenda_step(version=version, user=coordinator, step="to_feedback")


def url(version, number=3):
    return reverse("agenda:agenda_feedback", args=[version.pk, number])


def test_a_read_along_of_another_team_gives_feedback_that_reaches_the_chapter(
    as_user, cast, open_version, django_capture_on_commit_callbacks
):
    client = as_user(cast["read_along"])  # a read-along of team 1
    assert client.get(url(open_version)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(open_version), {"aspect": "context", "body": "Noem de bron."})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.contribution == factories.contribution(3)
    assert (comment.author, comment.on_version, comment.aspect) == (
        cast["read_along"],
        open_version,
        "context",
    )
    page = as_user(cast["coordinator"]).get(factories.contribution(3).get_absolute_url())
    assert f"Feedback op versie {open_version.number}" in page.content.decode()
    assert any("Noem de bron." in message.body for message in mail.outbox)


def test_the_version_page_offers_feedback_on_chapters_with_a_text_only(as_user, cast, open_version):
    html = (
        as_user(cast["member"])
        .get(reverse("agenda:agenda_version", args=[open_version.pk]))
        .content.decode()
    )
    assert url(open_version, 3) in html
    assert url(open_version, 1) not in html  # a placeholder has no text to comment on


def test_an_empty_feedback_keeps_the_choice_and_says_what_is_missing(as_user, cast, open_version):
    response = as_user(cast["read_along"]).post(
        url(open_version), {"aspect": "ambition", "body": " "}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf eerst een reactie." in page and 'href="#id_body"' in page
    assert 'value="ambition" selected' in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize("step", [None, "to_definitive"])
def test_feedback_is_refused_outside_the_feedback_state(as_user, cast, coordinator, step):
    approve_chapter(3, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    if step:
        version = agenda_step(version=version, user=coordinator, step="to_feedback")
        for number in [n for n in range(1, 13) if n != 3]:
            approve_chapter(number, coordinator)
        version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
        version = agenda_step(version=version, user=coordinator, step="to_feedback")
        version = agenda_step(version=version, user=coordinator, step=step)
    assert (
        as_user(cast["read_along"])
        .post(url(version), {"aspect": "context", "body": "x"})
        .status_code
        == 403
    )
    with pytest.raises(AgendaError):
        feedback_add(
            version=version,
            team=factories.team(3),
            user=cast["read_along"],
            aspect="context",
            body="x",
        )
    assert not Comment.objects.exists()


def test_partners_and_outsiders_cannot_give_feedback(as_user, cast, open_version):
    for role in ["partner", "outsider"]:  # partners read from the definitive concept on
        response = as_user(cast[role]).post(url(open_version), {"aspect": "context", "body": "x"})
        assert response.status_code == 404, role
    assert not Comment.objects.exists()


def test_feedback_on_a_superseded_version_is_refused(cast, coordinator, open_version):
    approve_chapter(4, coordinator)
    agenda_compile(edition=Edition.objects.current(), user=coordinator)
    with pytest.raises(AgendaError):
        feedback_add(
            version=open_version,
            team=factories.team(3),
            user=cast["read_along"],
            aspect="context",
            body="x",
        )
