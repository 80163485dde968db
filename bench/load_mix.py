"""Who the load test's users are and what they do (``bench/load.py``).

Fifty people as a working week has them: per 25 users, 12 writers (one per team), 6
members and read-alongs (alternately, of teams in turn), 4 coordinators and 3 partner
representatives. Each has habits: a few pages of their own that they ask for again and
again (their chapter, the home page, the agenda they follow), so the caches are warm as
in real use. First views come the way they come in real use: a writer's save makes a new
history record (the next view of that chapter, its history and its comparison is
rendered anew), and a small share of requests asks for something nobody asked before:
an old history record or a comparison of two records picked at random.

Built in the benchmark's own process against the database of one size, after the pages
over HTTP are measured (it changes the data): every chapter a concept again (so that
writers may save), the newest agenda version's PDF ready (the stored demo PDF's file,
so that no rendering is needed), the users with a session each.
"""

import random
from urllib.parse import urlencode

from bench.data import session_key

TEAMS = range(1, 13)
PARTNERS = ("OCW", "IPO", "VNG", "VOB", "SPN", "KB")
HABITS = {
    "writer": {
        "chapter": 30,
        "home": 15,
        "save": 15,
        "versions": 5,
        "compare": 5,
        "compare, another pair": 4,
        "old version": 3,
        "team": 5,
        "search": 3,
        "reading view": 5,
        "agenda PDF": 5,
        "timeline": 5,
    },
    "team reader": {
        "chapter": 40,
        "home": 20,
        "versions": 10,
        "compare": 5,
        "compare, another pair": 3,
        "propose": 5,
        "programme teams": 7,
        "documents": 5,
        "timeline": 5,
    },
    "coordinator": {
        "home": 15,
        "overview": 20,
        "chapter, any team": 25,
        "compare, any team": 5,
        "agenda versions": 5,
        "agenda version": 5,
        "agenda compare": 5,
        "changes between versions": 5,
        "team, any": 5,
        "search": 5,
        "agenda PDF": 5,
    },
    "partner": {
        "home": 25,
        "agenda versions": 15,
        "agenda version": 15,
        "reading view": 20,
        "agenda PDF": 15,
        "timeline": 10,
    },
}
"""role -> what they ask for -> how often (weights)."""


def cast(count: int) -> list[tuple[str, str, int | str | None]]:
    """(habit, membership role or None, team number or partner code) per user."""
    people = []
    cycle = 0
    while len(people) < count:
        people += [("writer", "writer", number) for number in TEAMS]
        people += [
            ("team reader", ("member", "read_along")[k % 2], TEAMS[(6 * cycle + k) % 12])
            for k in range(6)
        ]
        people += [("coordinator", None, None)] * 4
        people += [("partner", None, PARTNERS[(3 * cycle + k) % 6]) for k in range(3)]
        cycle += 1
    return people[:count]


def prepare(count: int) -> dict:
    """The data of the load in the default database; returns the users (habit, team,
    session) and the URLs they visit."""
    from django.conf import settings
    from django.test.utils import override_settings
    from django.urls import reverse

    from agenda.models import AgendaVersion, Contribution, Edition
    from agenda.review.services import take_review_step
    from tests import factories

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        coordinator = factories.coordinator(username="load-coordinator")
        contributions = {}
        for contribution in Contribution.objects.for_edition(Edition.objects.current()):
            if contribution.state != Contribution.State.CONCEPT:  # writers may edit again
                take_review_step(obj=contribution, user=coordinator, step="reopen")
            contributions[contribution.team.number] = contribution
        users = []
        for index, (habit, role, where) in enumerate(cast(count)):
            username = f"load-{index}"
            if habit == "coordinator":
                user = factories.coordinator(username=username)
            elif habit == "partner":
                user = factories.partner_rep(where, username=username)
            else:
                user = factories.team_user(role, where, username=username)
            users.append({"habit": habit, "team": where, "session": session_key(user)})
    versions = AgendaVersion.objects.order_by("-sequence", "pk")
    newest, older = versions[:2]
    stored = versions.filter(pdf_status=AgendaVersion.PdfStatus.READY).first()
    AgendaVersion.objects.filter(pk=newest.pk).update(
        pdf=stored.pdf, pdf_status=AgendaVersion.PdfStatus.READY
    )
    chapter = {n: c.get_absolute_url() for n, c in contributions.items()}
    records = {
        n: list(c.history.order_by("history_id").values_list("history_id", flat=True))
        for n, c in contributions.items()
    }
    return {
        "users": users,
        "cookie": settings.SESSION_COOKIE_NAME,
        "chapter": chapter,
        "edit": {
            n: reverse("agenda:contribution_edit", args=[c.pk]) for n, c in contributions.items()
        },
        "versions": {n: reverse("agenda:history", args=[c.pk]) for n, c in contributions.items()},
        "compare": {
            n: reverse("agenda:history_compare", args=[c.pk]) for n, c in contributions.items()
        },
        "propose": {
            n: reverse("agenda:proposal_create", args=[c.pk]) for n, c in contributions.items()
        },
        "records": records,
        "record": {
            n: [reverse("agenda:history_record", args=[contributions[n].pk, r]) for r in ids]
            for n, ids in records.items()
        },
        "team": {n: reverse("teams:detail", args=[n]) for n in TEAMS},
        "home": reverse("home"),
        "overview": reverse("agenda:overview"),
        "agenda versions": reverse("agenda:agenda_versions"),
        "agenda version": reverse("agenda:agenda_version", args=[newest.pk]),
        "reading view": reverse("agenda:agenda_version_read", args=[newest.pk]),
        "agenda PDF": reverse("agenda:agenda_pdf", args=[newest.pk]),
        "agenda compare": reverse("agenda:agenda_compare")
        + f"?{urlencode({'van': older.pk, 'naar': newest.pk})}",
        "changes between versions": reverse("agenda:redline", args=[older.pk, newest.pk]),
        "programme teams": reverse("portal:teams"),
        "timeline": reverse("portal:timeline"),
        "documents": reverse("portal:documents"),
        "search": reverse("portal:search") + "?q=bibliotheek",
        "bare": reverse("bench_bare"),
    }


def choose(chance: random.Random, user: dict) -> str:
    """What ``user`` does next, by their habits."""
    habits = HABITS[user["habit"]]
    return chance.choices(list(habits), weights=list(habits.values()))[0]


def url_for(kind: str, chance: random.Random, user: dict, urls: dict) -> str:
    """The URL of a visit of ``kind`` (anything but a save) by ``user``."""
    team = user["team"] if isinstance(user["team"], int) else chance.choice(TEAMS)
    if kind.endswith(", any team") or kind == "team, any":
        team = chance.choice(TEAMS)
        kind = kind.removesuffix(", any team").removesuffix(", any")
    if kind == "compare, another pair" and len(urls["records"][team]) > 1:
        older, newer = sorted(chance.sample(urls["records"][team], 2))
        return f"{urls['compare'][team]}?{urlencode({'van': older, 'naar': newer})}"
    if kind == "compare, another pair":
        kind = "compare"
    if kind == "old version":
        return chance.choice(urls["record"][team])
    if isinstance(urls[kind], dict):
        return urls[kind][team]
    return urls[kind]
