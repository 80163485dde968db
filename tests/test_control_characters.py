"""NUL and other control characters in what users send are removed at the edge
(``infra.input``), so that no page answers 500 and nothing stored holds them.

PostgreSQL refuses a NUL in text (``psycopg.DataError``): these tests matter most on
PostgreSQL, and run on SQLite too.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.models import Comment, Edition, Proposal
from agenda.review.services import take_review_step
from infra.input import ControlCharactersMiddleware, clean_text
from portal.models import Document
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, fill
from tests.test_contribution_edit import edit_data, post_edit
from tests.test_documents import PDF

NUL = "\x00"
CONTROLS = "\x00\x01\x07\x1b\x1f"  # NUL, SOH, BEL, ESC, US: none of them survive


def assert_clean(*values):
    for value in values:
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in str(value)), repr(value)


# The rules -------------------------------------------------------------------------------


def test_form_text_keeps_tabs_and_line_breaks_and_loses_the_other_controls():
    assert clean_text(f"a{CONTROLS}b\tc\r\nd") == "ab\tc\r\nd"


def test_one_line_values_lose_line_breaks_too():
    assert clean_text("verslag\x00\r\n\t.pdf", multiline=False) == "verslag.pdf"


# Query strings ---------------------------------------------------------------------------


def test_search_with_a_nul_finds_the_words_around_it(as_user, cast):
    response = as_user(cast["writer"]).get(reverse("portal:search"), {"q": f"bibliotheek{NUL}"})
    assert response.status_code == 200
    assert response.context["text"] == "bibliotheek"


@pytest.fixture
def two_versions(cast):
    coordinator = cast["coordinator"]
    approve_everything(coordinator)
    first = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    take_review_step(obj=factories.contribution(1), user=coordinator, step="reopen")
    approve_chapter(1, coordinator, text="<p>Tweede versie.</p>")
    return first, agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_agenda_compare_with_nuls_in_its_parameters_answers_with_the_form(
    as_user, cast, two_versions
):
    old, new = two_versions
    response = as_user(cast["coordinator"]).get(
        reverse("agenda:agenda_compare"), {"van": f"{old.pk}{NUL}", "naar": f"{NUL}{new.pk}"}
    )
    assert response.status_code == 200
    assert response.context["form"].is_valid()  # the NULs are gone, the numbers remain
    assert (response.context["old"], response.context["new"]) == (old, new)


def test_chapter_compare_with_nuls_in_its_parameters_answers_with_the_form(
    as_user, cast, contribution
):
    fill(contribution, cast["writer"])
    fill(contribution, cast["writer"], context="<p>Tweede versie.</p>")
    newest, older = contribution.history.order_by("-history_id")[:2]
    response = as_user(cast["writer"]).get(
        reverse("agenda:history_compare", args=[contribution.pk]),
        {"van": f"{older.history_id}{NUL}", "naar": f"{newest.history_id}{NUL}"},
    )
    assert response.status_code == 200
    assert response.context["form"].is_valid()
    assert response.context["old"].history_id == older.history_id


def test_agenda_version_list_with_a_nul_in_pagina_shows_a_page(as_user, cast, two_versions):
    response = as_user(cast["coordinator"]).get(
        reverse("agenda:agenda_versions"), {"pagina": f"1{NUL}"}
    )
    assert response.status_code == 200
    assert response.context["page"].number == 1


# Form fields -----------------------------------------------------------------------------


def test_a_comment_is_stored_without_its_control_characters(as_user, cast, contribution):
    response = as_user(cast["member"]).post(
        reverse("agenda:comment_create", args=[contribution.pk]),
        {"aspect": f"context{NUL}", "body": f"Noem{CONTROLS} de bron.\r\nEn de datum.{NUL}"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.aspect == "context"
    assert comment.body == "Noem de bron.\r\nEn de datum."


def test_a_proposal_is_stored_without_its_control_characters(as_user, cast, contribution):
    fill(contribution, cast["writer"], context="<p>De bibliotheek helpt mensen.</p>")
    response = as_user(cast["member"]).post(
        reverse("agenda:proposal_create", args=[contribution.pk]),
        {
            "text_name": "context",
            "exact": f"helpt{NUL} mensen",
            "kind": "replace",
            "text": f"steunt{NUL} alle mensen",
            "reason": f"Preciezer.{CONTROLS}",
            "prefix": NUL,
            "suffix": NUL,
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.text, proposal.reason) == ("steunt alle mensen", "Preciezer.")
    assert_clean(*(getattr(proposal, f.attname) for f in Proposal._meta.concrete_fields))


def test_the_edit_form_saves_its_texts_without_control_characters(as_user, cast, contribution):
    data = edit_data(
        contribution,
        context=f"<p>Context{NUL} met <strong>vet{CONTROLS}</strong></p>",
        note=f"Eerste{NUL} versie",
        **{"actions-0-activity": f"Leesclubs{NUL} starten"},
    )
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Context met <strong>vet</strong></p>"
    assert [a["activity"] for a in contribution.actions] == ["Campagne", "Leesclubs starten"]
    record = contribution.history.get()
    assert record.history_change_reason == "Eerste versie"
    assert_clean(record.context, record.actions, record.provision_texts)


def test_an_upload_is_stored_without_control_characters_in_title_and_file_name(as_user, cast):
    response = as_user(cast["coordinator"]).post(
        reverse("portal:document_create"),
        {
            "kind": "file",
            "title": f"Verslag{NUL} van de dag",
            "description": f"Kort{CONTROLS}.\nMet een tweede regel.",
            "date": "2026-11-26",
            "audience": "everyone",
            "file": SimpleUploadedFile(f"verslag{NUL}\x01.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == "Verslag van de dag"
    assert document.description == "Kort.\nMet een tweede regel."
    assert document.filename == "verslag.pdf"


# The login: the user name, and the headers that axes stores with a failure --------------


def test_a_user_name_with_a_nul_logs_in_as_the_name_without_it(cast):
    client = Client(enforce_csrf_checks=True)  # the CSRF check reads the form first
    client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {
            "username": f"coordinator{NUL}",
            "password": factories.PASSWORD,
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast["coordinator"].pk)


def test_a_failed_login_with_nuls_in_name_and_headers_is_recorded_without_them(
    client, cast, settings
):
    settings.TRUSTED_PROXIES = 1
    response = client.post(
        reverse("login"),
        {"username": f"coordinator{NUL}", "password": f"fout{NUL}"},
        headers={
            "User-Agent": f"Browser{NUL}/1.0",
            "Accept": f"text/html{NUL}",
            "X-Forwarded-For": f"203.0.113.5{NUL}",
            "Referer": f"http://testserver/{NUL}",
        },
    )
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("coordinator", "203.0.113.5")
    assert attempt.user_agent == "Browser/1.0"
    assert_clean(attempt.http_accept, attempt.get_data, attempt.post_data, attempt.path_info)


def test_headers_reach_the_portal_without_control_characters():
    seen = {}

    def view(request):
        seen.update(request.headers, cookie=request.COOKIES["naam"])
        return HttpResponse()

    request = RequestFactory().get(
        "/",
        headers={"Referer": f"http://testserver/{NUL}terug", "X-Forwarded-For": f"1.2.3.4{NUL}"},
    )
    request.headers  # noqa: B018 -- read before the middleware, as an outer one might
    request.COOKIES = {"naam": f"waarde{NUL}"}
    ControlCharactersMiddleware(view)(request)
    assert seen["Referer"] == "http://testserver/terug"
    assert seen["X-Forwarded-For"] == "1.2.3.4"
    assert seen["cookie"] == "waarde"


def test_a_session_cookie_with_a_nul_is_no_session(client, cast):
    client.cookies[settings.SESSION_COOKIE_NAME] = f"abcdefghij{NUL}"
    response = client.get(reverse("portal:search"))
    assert response.status_code == 302  # to the login page: there is no such session


# The path --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/zoeken%00/"),
        ("get", "/zoeken%00"),
        ("get", "/pages/over%00/"),
        ("post", "/agenda/{version}/reactie/VOB%00/"),  # a <str:code> would take it
    ],
)
def test_a_nul_in_the_path_gets_the_sites_404(as_user, cast, two_versions, method, path):
    response = getattr(as_user(cast["coordinator"]), method)(
        path.format(version=two_versions[1].pk)
    )
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
