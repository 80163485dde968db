"""Error pages: Dutch, in the site's layout, safe under the strict CSP.

The 400 page says what to shorten when a form was too large; the 500 page renders
without a request. This module is also the URLconf of the 500 test (``urlpatterns``).
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path, reverse
from django.utils import translation

SCRIPT_WITHOUT_SRC = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


@login_not_required
def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("kapot/", broken_view),
    path("", include("netwerkagenda.urls")),
]


def assert_error_page(html: str) -> None:
    """One h1, Dutch, and nothing the strict CSP would block."""
    assert 'lang="nl"' in html
    assert html.count("<h1") == 1
    assert not SCRIPT_WITHOUT_SRC.search(html)
    assert not INLINE_HANDLER.search(html)
    assert "style=" not in html
    assert 'href="/"' in html


def assert_site_layout(html: str) -> None:
    assert 'class="utrecht-skip-link' in html
    assert 'class="portal-header"' in html


def edit_url(contribution) -> str:
    return reverse("agenda:contribution_edit", args=[contribution.pk])


def edit_form(contribution, text: str, action_rows: int = 0, **extra) -> str:
    """The edit form as a browser sends it (urlencoded), with one long aspect."""
    data = {
        "base_revision": contribution.revision,
        "context": text,
        "note": "",
        "actions-TOTAL_FORMS": action_rows,
        "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
        **extra,
    }
    for row in range(action_rows):
        data |= {f"actions-{row}-activity": f"Actie {row}", f"actions-{row}-ORDER": row}
    return urlencode(data)


def post_form(client, url: str, body: str):
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def long_text(words: int) -> str:
    return "<p>" + "lange tekst " * words + "</p>"


@pytest.fixture
def two_mb_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024


def test_too_large_edit_post_answers_400_saying_what_to_shorten(
    as_user, cast, contribution, two_mb_limit
):
    body = edit_form(contribution, long_text(200_000))  # about 2.4 MB urlencoded
    response = post_form(as_user(cast["writer"]), edit_url(contribution), body)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Wat u verstuurde is te groot om op te slaan" in html
    assert "(meer dan 2,0\xa0MB)" in html  # filesizeformat keeps number and unit together
    assert "Maak de langste tekst korter, of verdeel hem over meerdere onderdelen" in html
    assert "met de knop Terug van uw browser vindt u uw tekst meestal terug" in html
    assert_site_layout(html)
    assert_error_page(html)
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_edit_post_under_the_limit_is_saved(as_user, cast, contribution, two_mb_limit):
    body = edit_form(contribution, long_text(4_000))
    response = post_form(as_user(cast["writer"]), edit_url(contribution), body)

    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.revision == 1


def test_too_large_post_is_explained_when_the_csrf_check_reads_it_first(
    cast, contribution, two_mb_limit
):
    # In production the CSRF middleware is the first to read the form, before the view.
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["writer"])
    client.get(edit_url(contribution))
    token = client.cookies["csrftoken"].value
    body = edit_form(contribution, long_text(200_000), csrfmiddlewaretoken=token)

    response = post_form(client, edit_url(contribution), body)

    assert response.status_code == 400
    assert "Maak de langste tekst korter" in response.content.decode()


def test_form_with_too_many_fields_answers_400_saying_to_remove_rows(
    as_user, cast, contribution, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    body = edit_form(contribution, "<p>kort</p>", action_rows=12)

    response = post_form(as_user(cast["writer"]), edit_url(contribution), body)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Het formulier heeft te veel onderdelen om op te slaan" in html
    assert "(meer dan 20)" in html
    assert "Verwijder lege of overbodige rijen" in html
    assert_site_layout(html)
    assert_error_page(html)


def test_other_bad_request_gets_the_general_dutch_400_page(client):
    response = client.get("/", headers={"host": "niet-toegestaan.example"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Het verzoek kon niet worden verwerkt" in html
    assert "te groot" not in html
    assert_site_layout(html)
    assert_error_page(html)


def test_unknown_page_gets_dutch_404(as_user, cast):
    response = as_user(cast["member"]).get("/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert_site_layout(html)
    assert_error_page(html)


def test_member_without_the_right_gets_dutch_403(as_user, cast, contribution):
    response = as_user(cast["member"]).get(edit_url(contribution))

    assert response.status_code == 403
    html = response.content.decode()
    assert "U heeft hier geen toegang toe" in html
    assert "Uw rol in dit team staat dit niet toe" in html
    assert_site_layout(html)
    assert_error_page(html)


def test_login_without_csrf_cookie_gets_dutch_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "writer", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Uw formulier kon niet worden aangenomen" in html
    assert "cookies" in html
    assert_site_layout(html)
    assert_error_page(html)


def test_edit_with_stale_csrf_token_gets_dutch_csrf_page_and_saves_nothing(cast, contribution):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["writer"])
    client.get(edit_url(contribution))
    body = edit_form(contribution, "<p>Nieuw</p>", csrfmiddlewaretoken="a" * 32)

    response = post_form(client, edit_url(contribution), body)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Uw formulier kon niet worden aangenomen" in html
    assert "Kopieer eerst tekst die u typte" in html
    assert "Ga terug naar de vorige pagina en laad die opnieuw" in html
    assert_site_layout(html)
    assert_error_page(html)
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_500_page_renders_dutch_without_request_or_context():
    translation.deactivate()  # as in a fresh thread: the site's language
    html = render_to_string("500.html")

    assert "Er ging iets mis aan onze kant" in html
    assert "/static/vendor/utrecht/component-library.css" in html
    assert "/static/css/portal.css" in html
    assert_error_page(html)


@pytest.mark.urls("tests.test_error_pages")
def test_view_that_raises_answers_dutch_500(client):
    client.raise_request_exception = False

    response = client.get("/kapot/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis aan onze kant" in html
    assert "uw laatste wijziging is misschien niet opgeslagen" in html
    assert_error_page(html)
