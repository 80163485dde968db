"""Two or more coordinators posting the same step at the same moment, over HTTP.

Each request goes through Django's test ``Client`` in its own thread (so on its own
database connection), all released together by a ``threading.Barrier``. What every
request got (status, messages, the exception behind a 500) is returned as plain data.

Run as a script, the probe migrates the database that ``DATABASE_URL`` names (a fresh
SQLite file: the in-memory test database of pytest-django locks differently), runs
every race and writes the results as JSON to the file given as the only argument::

    DEBUG=true DATABASE_URL=sqlite:////tmp/race.sqlite3 python -m tests.race_probe out.json

The PostgreSQL test calls the same races in-process, on its own test database.
"""

import json
import logging
import os
import sqlite3
import sys
import threading

if __name__ == "__main__":  # run as a script: Django is set up before the imports below
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkagenda.settings")
    django.setup()

from django.contrib.messages import get_messages
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
)
from agenda.models import AgendaVersion, Contribution, Edition
from agenda.review.services import take_review_step
from agenda.services import ProposalInput, proposal_add
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts, fill

RETURN_REASON = "Graag de ambitie concreter maken."


def signed_in(user) -> Client:
    """A browser of ``user``: a 500 comes back as a response, not as an exception."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_together(posts: list[tuple]) -> list[dict]:
    """POST every ``(client, path, data, page)`` at the same moment; one dict per request.

    ``page`` is where the button was, sent as the Referer. Sign the clients in before,
    so that only the posts race.
    """
    barrier = threading.Barrier(len(posts))
    results: list[dict] = [{} for _ in posts]
    errors: dict[int, list[str]] = {}  # thread id -> the exceptions behind its 500

    def record_error(sender, **kwargs):
        errors.setdefault(threading.get_ident(), []).append(repr(sys.exc_info()[1]))

    def runner(index):
        client, path, data, page = posts[index]
        try:
            barrier.wait()
            response = client.post(path, data, headers={"referer": f"http://testserver{page}"})
            results[index] = {
                "status": response.status_code,
                "location": response.get("Location", ""),
                "messages": [
                    {"level": message.level_tag, "text": str(message)}
                    for message in get_messages(response.wsgi_request)
                ],
            }
        except Exception as error:  # the test reports whatever escaped the client
            results[index] = {"status": None, "messages": [], "escaped": repr(error)}
        finally:
            results[index]["errors"] = errors.get(threading.get_ident(), [])
            connection.close()

    got_request_exception.connect(record_error, weak=False)
    try:
        threads = [threading.Thread(target=runner, args=(i,)) for i in range(len(posts))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        got_request_exception.disconnect(record_error)
    return results


def submitted_contribution(number: int) -> Contribution:
    """Contribution ``number``, filled and submitted by its own writer (no coordinator)."""
    writer = factories.team_user("writer", number=number)
    contribution = factories.contribution(number)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    return contribution


def transition_post(coordinator, contribution: Contribution, action: str) -> tuple:
    url = reverse("agenda:review_step", args=[contribution.pk, action])
    data = {"return-reason": RETURN_REASON} if action == "return" else {}
    return signed_in(coordinator), url, data, contribution.get_absolute_url()


def transition_race(contribution: Contribution, posts: list[tuple]) -> dict:
    """Race ``posts`` on a submitted contribution; report the records they made."""
    last_record = contribution.history.latest("history_id").history_id
    responses = post_together(posts)
    contribution.refresh_from_db()
    return {
        "responses": responses,
        "page": contribution.get_absolute_url(),
        "state": contribution.state,
        "new_records": list(
            contribution.history.filter(history_id__gt=last_record).values_list("state", flat=True)
        ),
    }


def race_approve_return(people, number: int = 1) -> dict:
    """One coordinator approves while the other returns the same submitted contribution."""
    first, second = people["coordinators"]
    contribution = submitted_contribution(number)
    return transition_race(
        contribution,
        [
            transition_post(first, contribution, "approve"),
            transition_post(second, contribution, "return"),
        ],
    )


def race_twenty(people, number: int = 2) -> dict:
    """Twenty posts at once, approve and return alternating, on one contribution."""
    coordinators = people["coordinators"]
    contribution = submitted_contribution(number)
    return transition_race(
        contribution,
        [
            transition_post(coordinators[i % 2], contribution, ("approve", "return")[i % 2])
            for i in range(20)
        ],
    )


def race_held_lock(people, number: int = 3) -> dict:
    """A coordinator approves while another connection keeps SQLite's write lock.

    The busy timeout is shortened to one second for the request's new connection, so
    that the database gives up as it would after 20 seconds. The lock is let go once the
    middleware has logged that it gave up, so that the response can save the session.
    """
    contribution = submitted_contribution(number)
    post = transition_post(people["coordinators"][0], contribution, "approve")
    database = connections.settings[DEFAULT_DB_ALIAS]
    options = dict(database["OPTIONS"])
    database["OPTIONS"]["timeout"] = 1
    gave_up = threading.Event()
    watcher = EventOnLog(gave_up)
    logging.getLogger("infra.middleware").addHandler(watcher)
    holder = sqlite3.connect(database["NAME"], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release_when_given_up():
        gave_up.wait(timeout=30)
        holder.execute("ROLLBACK")

    releaser = threading.Thread(target=release_when_given_up)
    releaser.start()
    try:
        return {**transition_race(contribution, [post]), "gave_up": gave_up.is_set()}
    finally:
        gave_up.set()
        releaser.join()
        holder.close()
        logging.getLogger("infra.middleware").removeHandler(watcher)
        database["OPTIONS"] = options


class EventOnLog(logging.Handler):
    """Sets ``event`` as soon as anything is logged."""

    def __init__(self, event: threading.Event):
        super().__init__()
        self.event = event

    def emit(self, record):
        self.event.set()


def race_accept_proposal(people, number: int = 5) -> dict:
    """Two writers of one team accept the same proposal at the same moment."""
    writers = [factories.team_user("writer", number=number) for _ in range(2)]
    contribution = factories.contribution(number)
    fill(contribution, writers[0])
    proposal = proposal_add(
        contribution=contribution,
        user=factories.team_user("read_along", number=number),
        data=ProposalInput(
            text_name="ambition",
            exact="iedereen doet mee",
            kind="replace",
            text="iedereen leest mee",
            reason="Sluit aan bij de opgave.",
        ),
    )
    last_record = contribution.history.latest("history_id").history_id
    url = reverse("agenda:proposals_accept", args=[contribution.pk])
    page = contribution.get_absolute_url()
    responses = post_together(
        [(signed_in(writer), url, {"voorstel": proposal.pk}, page) for writer in writers]
    )
    contribution.refresh_from_db()
    proposal.refresh_from_db()
    return {
        "responses": responses,
        "state": proposal.state,
        "ambition": contribution.ambition,
        "new_records": contribution.history.filter(history_id__gt=last_record).count(),
    }


def version_summary(edition: Edition) -> list[dict]:
    return [
        {
            "sequence": version.sequence,
            "number": version.number,
            "state": version.state,
            "records": version.history.count(),
            "ratified_records": version.history.filter(state=AgendaVersion.State.RATIFIED).count(),
        }
        for version in AgendaVersion.objects.for_edition(edition).order_by("sequence")
    ]


def race_compile(people) -> dict:
    """Two coordinators compile the agenda at once (a double click does the same).

    They take turns; the second finds nothing approved since the version just made.
    """
    edition = Edition.objects.current()
    url = reverse("agenda:agenda_compile")
    responses = post_together(
        [(signed_in(coordinator), url, {}, url) for coordinator in people["coordinators"]]
    )
    return {"responses": responses, "versions": version_summary(edition)}


def race_ratify(people) -> dict:
    """Two coordinators record the ratification of the same version at once.

    Approves both network texts and every chapter the races before left, walks a version
    to ``decision`` and lets VOB, SPN and KB approve, all through the services.
    """
    coordinators = people["coordinators"]
    edition = Edition.objects.current()
    approve_network_texts(coordinators[0])
    for contribution in Contribution.objects.for_edition(edition).select_related("team"):
        if contribution.state == Contribution.State.SUBMITTED:
            take_review_step(obj=contribution, user=coordinators[0], step="approve")
        elif contribution.state == Contribution.State.CONCEPT:
            approve_chapter(contribution.team.number, coordinators[0])
    version = agenda_compile(edition=edition, user=coordinators[0])
    for step in ("to_feedback", "to_definitive", "to_consultation"):
        version = agenda_step(version=version, user=coordinators[0], step=step)
    for partner in Partner.objects.all():  # every constituency responds (or not)
        partner_no_response_record(
            version=version,
            user=coordinators[0],
            partner=partner,
            reason="Geen vergadering in de proefperiode.",
        )
    for step in ("establish", "to_decision"):
        version = agenda_step(version=version, user=coordinators[0], step=step)
    for code, rep in people["reps"].items():
        partner_decision_record(
            version=version,
            user=rep,
            partner=Partner.objects.get(code=code),
            decision="approve",
            note="",
        )
    url = reverse("agenda:governance_step", args=[version.pk, "ratify"])
    page = reverse("agenda:agenda_version", args=[version.pk])
    responses = post_together(
        [(signed_in(coordinator), url, {}, page) for coordinator in coordinators]
    )
    return {"responses": responses, "versions": version_summary(edition)}


def cast() -> dict:
    """The two racing coordinators and the boards that decide; writers come per chapter."""
    return {
        "coordinators": [
            factories.coordinator(username="coordinator_a"),
            factories.coordinator(username="coordinator_b"),
        ],
        "reps": {code: factories.partner_rep(code) for code in ("VOB", "SPN", "KB")},
    }


# In this order: the ratification approves the chapters the races before left over.
RACES = {
    "approve_return": race_approve_return,
    "twenty": race_twenty,
    "held_lock": race_held_lock,  # SQLite only
    "accept_proposal": race_accept_proposal,
    "compile": race_compile,
    "ratify": race_ratify,
}


def run_all() -> dict:
    people = cast()
    return {
        name: race(people)
        for name, race in RACES.items()
        if name != "held_lock" or connection.vendor == "sqlite"
    }


def main(result_path: str) -> None:
    """Migrate the configured (fresh) database, run every race, write the results."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    results = {"vendor": connection.vendor, **run_all()}
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(results, out, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
