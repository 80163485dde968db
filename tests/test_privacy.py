"""Privacy: names in PDFs only with consent; drafts are not cached; idle sessions end."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_decision_record
from agenda.models import Edition, PartnerDecision
from agenda.pdf.html import version_html
from agenda.pdf.storage import render_pdf
from partners.models import Partner
from tests import factories


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla", first_name="Carla", last_name="Coördinator")


def ratified_version(coordinator):
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    from agenda.models import AgendaVersion

    # Set-up: the governance itself is tested elsewhere; its steps are what is printed.
    AgendaVersion.objects.filter(pk=version.pk).update(state="established")
    version.refresh_from_db()
    version = agenda_step(version=version, user=coordinator, step="to_decision")
    for code in ["VOB", "SPN", "KB"]:
        partner_decision_record(
            version=version,
            user=factories.partner_rep(code, first_name="Bea", last_name=f"Bestuur{code}"),
            partner=Partner.objects.get(code=code),
            decision=PartnerDecision.Decision.APPROVE,
            note="",
        )
    return agenda_step(version=version, user=coordinator, step="ratify")


def colophon(html: str) -> str:
    return html[
        html.index("Versiegeschiedenis") : html.index("</table>", html.index("Versiegeschiedenis"))
    ]


def test_the_colophon_names_people_only_with_their_consent(coordinator):
    version = ratified_version(coordinator)
    text = colophon(version_html(version))
    assert "Carla" not in text and "Bestuur" not in text
    assert "coördinator, " in text  # role and organisation instead
    assert "vertegenwoordiger van VOB" in text

    coordinator.name_public = True
    coordinator.save()
    assert "Carla Coördinator" in colophon(version_html(version))


def test_the_ratified_pdf_carries_no_name_without_consent(coordinator):
    data, _pages = render_pdf(version_html(ratified_version(coordinator)))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Carla" not in text
    assert "BestuurKB" not in text


@pytest.mark.parametrize(
    "page",
    [
        lambda c: reverse("agenda:contribution", args=[c.pk]),
        lambda c: reverse("agenda:contribution_edit", args=[c.pk]),
        lambda c: reverse("agenda:history", args=[c.pk]),
        lambda c: reverse("home"),
    ],
)
def test_draft_and_history_pages_are_not_stored_by_the_browser(as_user, cast, contribution, page):
    response = as_user(cast["writer"]).get(page(contribution))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_session_ends_after_the_idle_time(client, cast, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client.force_login(cast["writer"])
    assert client.get(reverse("agenda:agenda_versions")).status_code == 200
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    response = client.get(reverse("agenda:agenda_versions"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(pk=client.session.session_key).expire_date


def test_working_renews_the_session_without_a_write_per_request(client, cast):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from infra.middleware import RenewSessionMiddleware

    client.force_login(cast["writer"])
    client.get(reverse("home"))
    renewed = stored_expiry(client)
    client.get(reverse("home"))
    assert stored_expiry(client) == renewed  # a minute later: no write

    # Seven hours and 59 minutes later, a request gives another eight hours.
    key = client.session.session_key
    session = client.session
    session[RenewSessionMiddleware.KEY] -= 8 * 60 * 60
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    assert stored_expiry(client) - timezone.now() > timedelta(hours=7, minutes=59)
