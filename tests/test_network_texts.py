"""Motto and manifesto: written by team 7's writers, approved by a coordinator."""

import pytest
from django.urls import reverse

from agenda.models import Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.services import AgendaError, network_text_save
from tests import factories


@pytest.fixture
def motto(db):
    return NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")


def test_team_seven_writer_edits_and_coordinator_approves(as_user, motto):
    writer = factories.team_user("writer", number=7)
    coordinator = factories.coordinator()
    response = as_user(writer).post(
        reverse("agenda:network_text_edit", args=["motto"]),
        {"base_revision": 0, "body": "<p>Samen <script>x</script>sterker</p>", "note": "Eerste"},
    )
    assert response.status_code == 302
    motto.refresh_from_db()
    assert motto.body == "<p>Samen sterker</p>"
    assert motto.history.latest().history_change_reason == "Eerste"
    as_user(writer).post(reverse("agenda:network_text_review_step", args=["motto", "submit"]))
    as_user(coordinator).post(reverse("agenda:network_text_review_step", args=["motto", "approve"]))
    motto.refresh_from_db()
    assert motto.state == NetworkText.State.APPROVED
    assert [r.state for r in motto.history.order_by("history_date")] == [
        "concept",
        "submitted",
        "approved",
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("writer1", 403), ("member7", 403), ("coordinator", 403), ("partner", 404), ("outsider", 404)],
)
def test_others_cannot_edit_the_motto(as_user, motto, who, status):
    user = {
        "writer1": lambda: factories.team_user("writer", number=1),
        "member7": lambda: factories.team_user("member", number=7),
        "coordinator": factories.coordinator,
        "partner": lambda: factories.partner_rep("KB"),
        "outsider": factories.outsider,
    }[who]()
    response = as_user(user).post(
        reverse("agenda:network_text_edit", args=["motto"]),
        {"base_revision": 0, "body": "<p>x</p>"},
    )
    assert response.status_code == status
    motto.refresh_from_db()
    assert motto.body == ""


def test_writer_cannot_approve_their_own_text(motto):
    writer = factories.team_user("writer", number=7)
    network_text_save(text=motto, user=writer, body="<p>Motto</p>", base_revision=0)
    take_review_step(obj=motto, user=writer, step="submit")
    with pytest.raises(AgendaError, match="U mag de stap 'Goedkeuren' niet zetten"):
        take_review_step(obj=motto, user=writer, step="approve")


def test_stale_save_keeps_the_typed_text(as_user, motto):
    writer = factories.team_user("writer", number=7)
    network_text_save(
        text=motto,
        user=factories.team_user("writer", number=7),
        body="<p>Ander</p>",
        base_revision=0,
    )
    response = as_user(writer).post(
        reverse("agenda:network_text_edit", args=["motto"]),
        {"base_revision": 0, "body": "<p>Mijn motto</p>"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn motto" in html and "Ander" in html
    motto.refresh_from_db()
    assert motto.body == "<p>Ander</p>"


def test_mail_about_the_motto_names_the_motto(motto, django_capture_on_commit_callbacks):
    from django.core import mail

    writer = factories.team_user("writer", number=7)
    coordinator = factories.coordinator()
    network_text_save(text=motto, user=writer, body="<p>Samen</p>", base_revision=0)
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=motto, user=writer, step="submit")
        take_review_step(obj=motto, user=coordinator, step="approve")
    bodies = [message.body for message in mail.outbox]
    assert any("heeft het motto goedgekeurd" in body for body in bodies)
    assert not any("bijdrage van Motto" in body for body in bodies)
