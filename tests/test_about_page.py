"""The about page: rich text for everyone, edited by coordinators in the portal with its
history; a save by someone else in the meantime shows both texts and loses nothing."""

from django.urls import reverse

from infra.models import SitePage


def about():
    return SitePage.objects.get(slug="over-de-netwerkagenda")


def test_everyone_reads_the_about_text_and_only_coordinators_may_edit(client, as_user, cast):
    page = client.get(reverse("portal:about")).content.decode()
    assert "<p>De Netwerkagenda is de gezamenlijke agenda" in page
    assert reverse("portal:about_edit") not in page
    assert client.get(reverse("portal:about_edit")).status_code == 302  # to the login
    for role in ["writer", "partner"]:
        assert as_user(cast[role]).get(reverse("portal:about_edit")).status_code == 403, role
    assert (
        reverse("portal:about_edit")
        in as_user(cast["coordinator"]).get(reverse("portal:about")).content.decode()
    )


def test_a_coordinator_saves_sanitised_text_with_a_history_record(as_user, cast):
    client = as_user(cast["coordinator"])
    page = about()
    response = client.post(
        reverse("portal:about_edit"),
        {
            "base_revision": page.revision,
            "body": "<p>Nieuw <strong>welkom</strong></p><script>alert(1)</script>"
            '<p><a href="javascript:alert(1)">klik</a></p>',
        },
    )
    assert response.status_code == 302
    page = about()
    assert "<strong>welkom</strong>" in page.body
    assert "<script" not in page.body and "javascript:" not in page.body
    record = page.history.first()
    assert record.history_user == cast["coordinator"] and record.revision == page.revision
    welcome = client.get(reverse("portal:about")).content.decode()
    assert "<strong>welkom</strong>" in welcome and str(cast["coordinator"]) in welcome


def test_a_conflicting_save_shows_both_texts_and_keeps_what_was_typed(as_user, cast):
    client = as_user(cast["coordinator"])
    opened = about().revision
    client.post(
        reverse("portal:about_edit"), {"base_revision": opened, "body": "<p>Tekst van Anna</p>"}
    )
    response = client.post(
        reverse("portal:about_edit"), {"base_revision": opened, "body": "<p>Tekst van Bram</p>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tekst van Anna" in html and "Tekst van Bram" in html
    assert "Iemand anders heeft deze tekst intussen opgeslagen" in html
    assert "Tekst van Anna" in about().body  # Bram's text is not saved over Anna's


def test_the_home_page_shows_the_about_text_to_logged_in_users_too(as_user, cast):
    page = as_user(cast["writer"]).get(reverse("home")).content.decode()
    assert "<summary>Over de Netwerkagenda</summary>" in page
    assert "De Netwerkagenda is de gezamenlijke agenda" in page
