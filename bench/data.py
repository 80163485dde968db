"""The data every page benchmark measures, the same in process (``bench/pages.py``) and
over HTTP (``bench/served.py``): "demo" and "10x", and the logged-in cast.

demo = ``migrate``, ``seed_demo``, ``bench.grow.grow(3)``, a stored PDF of the newest
agenda version (a real rendering, as the background worker leaves it), chapter 1
rewritten to ``BENCH_CHAPTER_WORDS`` words (17,000) and the other eleven to 1,500,
compiled into a definitive concept, and chapter 1 a concept again. 10x = a copy of demo
grown by ``grow(27)``. Run inside a benchmark's ``main()``: Django is set up.
"""

import os
import time

CHAPTER_WORDS = int(os.environ.get("BENCH_CHAPTER_WORDS", "17000"))
OTHER_CHAPTER_WORDS = 1500
CAST = {
    "writer": "writer",
    "member": "member",
    "read_along": "read_along",
    "coordinator": "coordinator",
    "partner": "vob",
}
"""role -> the demo account that plays it (``tests.test_query_budgets.main_pages``)."""
BARE, PDF = "bare view", "stored agenda PDF"
GROWING = ("compare, chosen", "reading view (partner)", "changes between versions")
"""Pages whose output grows with the content: measured against a bare view of as many
bytes (``bench/bare/<size>/``), as is every other page of more than ``LARGE`` bytes."""
LARGE = 200_000


def build_demo() -> tuple[dict, str]:
    """The demo data in the default database; returns the cast (role -> user) and the
    URL of the stored agenda PDF."""
    import io

    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.urls import reverse

    from agenda.models import AgendaVersion, Edition
    from agenda.pdf.html import version_html
    from agenda.pdf.storage import store_pdf
    from bench.grow import add_long_chapters, add_versions, grow, grow_tracked_actions
    from partners.models import User
    from tests import factories

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", force=True, stdout=io.StringIO())
        grow(3)
        grow_tracked_actions(AgendaVersion.objects.followed(), per_team=4, updates=3)
        version = (
            AgendaVersion.objects.filter(edition=Edition.objects.current())
            .order_by("-sequence")
            .first()
        )
        document = store_pdf(version_html(version))
        AgendaVersion.objects.filter(pk=version.pk).update(
            pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
        )
        chapters = {n: OTHER_CHAPTER_WORDS for n in range(2, 13)} | {1: CHAPTER_WORDS}
        add_long_chapters(chapters)
        add_versions(factories.contribution(1), 1)  # a concept again: the editor opens
    cast = {role: User.objects.get(username=name) for role, name in CAST.items()}
    return cast, reverse("agenda:agenda_pdf", args=[version.pk])


def grow_tenfold() -> None:
    """What ``grow(27)`` adds to demo (3 of everything become 30), and ten times the
    tracked actions of the followed agenda with ten times their updates."""
    from django.test.utils import override_settings

    from agenda.models import AgendaVersion
    from bench.grow import grow, grow_tracked_actions

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        grow(27)
        grow_tracked_actions(AgendaVersion.objects.followed(), per_team=40, updates=30)


def session_key(user) -> str:
    """A session of ``user`` in the database, as a login leaves it, counted as renewed
    for the next hour so that no measured request renews it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from infra.middleware import RenewSessionMiddleware

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[RenewSessionMiddleware.KEY] = int(time.time()) + 3600
    session.create()
    return session.session_key


def pages(cast, pdf_url: str = "") -> dict[str, tuple[str, str]]:
    """name -> (role, URL): the bare view, the pages of the query-budget test (one list
    for both) and, given its URL, the stored PDF. Reads the default database."""
    from django.urls import reverse

    from tests.test_query_budgets import main_pages

    found = {BARE: ("writer", reverse("bench_bare"))} | main_pages(cast)
    found["actions overview"] = ("coordinator", reverse("agenda:tracking_overview"))
    found["actions of a partner (KB)"] = (
        "partner",
        reverse("agenda:tracking_partner", args=["KB"]),
    )
    if pdf_url:
        found[PDF] = ("read_along", pdf_url)  # partners read the newest version only
    return found


def sized_bare(size: int) -> str:
    """The URL of the bare view that answers ``size`` bytes."""
    from django.urls import reverse

    return reverse("bench_bare_sized", args=[size])


def byte_matched(name: str, sizes: list[int]) -> bool:
    """Whether page ``name`` (answering ``sizes`` bytes at the sizes of the data) is
    measured against a bare view of as many bytes. The PDF download has a target of
    its own against the plain bare view."""
    return name not in (BARE, PDF) and (name in GROWING or max(sizes) > LARGE)
