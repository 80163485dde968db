"""Coordinators acting at the same moment, through real requests (``tests/race_probe.py``).

One of them changes something, the others get a clear message and the page back; nobody
gets a server error. On SQLite (a database file of its own, in a subprocess) and on
PostgreSQL (the test database, when CI runs the suite on it).
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg.errors
import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import OperationalError
from django.test import RequestFactory

from infra.middleware import LockErrorMiddleware, is_lock_error
from tests import race_probe
from tests.conftest import requires_postgresql, reseed_domain_facts

ROOT = Path(__file__).resolve().parent.parent
# No PDFs: every governance step would render one, and the races are about the steps.
NO_TASKS = "django.tasks.backends.dummy.DummyBackend"
BUSY = "Iemand anders was op hetzelfde moment bezig"
STATE_SHOWN = {"approved": "Goedgekeurd", "concept": "Concept", "ratified": "Bekrachtigd"}


@pytest.fixture(scope="module")
def sqlite_races(tmp_path_factory):
    """Every race, run once by the probe on a fresh SQLite file (migrating takes seconds).

    pytest-django's SQLite test database is shared in memory, where locks behave
    differently from the file the portal uses.
    """
    folder = tmp_path_factory.mktemp("races")
    env = os.environ | {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'races.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "netwerkagenda.settings",
        "TASKS_BACKEND": NO_TASKS,
    }
    probe = subprocess.run(
        [sys.executable, "-m", "tests.race_probe", str(folder / "races.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-4000:]
    return json.loads((folder / "races.json").read_text())


# Transactional: each request commits on a connection of its own.
ON_POSTGRESQL = [requires_postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=ON_POSTGRESQL)])
def race(request):
    """``race(name)``: what the requests of one race of ``race_probe.RACES`` got."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_races").__getitem__
    settings = request.getfixturevalue("settings")
    settings.TASKS = {"default": settings.TASKS["default"] | {"BACKEND": NO_TASKS}}
    reseed_domain_facts()
    people = race_probe.cast()
    return lambda name: race_probe.RACES[name](people)


def answers(race_result) -> tuple[list[str], list[str]]:
    """The success and the error messages; every request was redirected with one message."""
    successes, errors = [], []
    for response in race_result["responses"]:
        assert response["status"] == 302, response
        assert not response["errors"], response
        [message] = response["messages"]
        (successes if message["level"] == "success" else errors).append(message["text"])
    return successes, errors


def assert_told_what_happened(error: str, shown_state: str):
    assert shown_state in error or BUSY in error, error


def test_approve_and_return_at_once_make_one_transition_and_tell_the_other(race):
    result = race("approve_return")
    successes, errors = answers(result)
    assert len(successes) == 1 and len(errors) == 1
    assert result["new_records"] == [result["state"]]
    assert result["state"] in {"approved", "concept"}
    assert_told_what_happened(errors[0], STATE_SHOWN[result["state"]])


def test_twenty_approve_and_return_posts_make_one_transition(race):
    result = race("twenty")
    successes, errors = answers(result)
    assert len(successes) == 1 and len(errors) == 19
    assert result["new_records"] == [result["state"]]
    for error in errors:
        assert_told_what_happened(error, STATE_SHOWN[result["state"]])


def test_two_writers_accepting_one_proposal_at_once_make_one_version(race):
    result = race("accept_proposal")
    successes, errors = answers(result)
    assert len(successes) == 1 and len(errors) == 1
    assert result["new_records"] == 1 and result["state"] == "accepted"
    assert "iedereen leest mee" in result["ambition"]
    assert "al overgenomen" in errors[0] or BUSY in errors[0], errors[0]


def test_two_compiles_at_once_make_one_version(race):
    result = race("compile")
    successes, errors = answers(result)
    [version] = result["versions"]
    assert version["number"] == "0.1" and version["records"] == 1
    assert len(successes) == 1 and "0.1" in successes[0]
    [error] = errors
    assert "0.1" in error or BUSY in error, error


def test_two_ratifications_at_once_record_one(race):
    result = race("ratify")
    successes, errors = answers(result)
    assert len(successes) == 1 and len(errors) == 1
    [ratified] = [v for v in result["versions"] if v["state"] == "ratified"]
    assert ratified["ratified_records"] == 1
    assert_told_what_happened(errors[0], STATE_SHOWN["ratified"])


def test_a_request_the_database_keeps_waiting_gets_the_message_and_its_page(sqlite_races):
    """SQLite gives up after the busy timeout: the middleware answers, nothing changed."""
    result = sqlite_races["held_lock"]
    assert result["gave_up"]
    [response] = result["responses"]
    assert response["status"] == 302
    assert response["location"] == f"http://testserver{result['page']}"
    assert [m["level"] for m in response["messages"]] == ["error"]
    assert BUSY in response["messages"][0]["text"]
    assert result["state"] == "submitted" and result["new_records"] == []


def django_error(driver_error: Exception) -> OperationalError:
    """The error as Django raises it: its own class, from the driver's."""
    error = OperationalError(*driver_error.args)
    error.__cause__ = driver_error
    return error


def sqlite_lock_error(path: Path) -> sqlite3.OperationalError:
    holder = sqlite3.connect(path, isolation_level=None)
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            waiter.execute("BEGIN IMMEDIATE")
        return caught.value
    finally:
        waiter.close()
        holder.close()


def locked_post(referer: str):
    request = RequestFactory().post("/bijdragen/1/stap/approve/", headers={"referer": referer})
    request._messages = CookieStorage(request)
    return request


def test_a_lock_error_sends_the_user_back_with_the_message(tmp_path):
    request = locked_post("http://testserver/bijdragen/1/")
    error = django_error(sqlite_lock_error(tmp_path / "locked.sqlite3"))
    response = LockErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/bijdragen/1/"
    assert [BUSY in str(m) for m in get_messages(request)] == [True]


def test_a_referer_of_another_site_is_not_followed(tmp_path):
    request = locked_post("https://elders.example/bijdragen/1/")
    error = django_error(sqlite_lock_error(tmp_path / "locked.sqlite3"))
    response = LockErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response["Location"] == "/"


def test_other_database_errors_are_left_to_the_error_page():
    with pytest.raises(sqlite3.OperationalError) as caught:
        sqlite3.connect(":memory:").execute("SELECT * FROM missing_table")
    request = locked_post("http://testserver/bijdragen/1/")
    middleware = LockErrorMiddleware(lambda r: None)
    assert middleware.process_exception(request, django_error(caught.value)) is None
    assert middleware.process_exception(request, ValueError("database is locked")) is None
    assert list(get_messages(request)) == []


@pytest.mark.parametrize(
    ("driver_error", "is_lock"),
    [
        (psycopg.errors.LockNotAvailable, True),
        (psycopg.errors.DeadlockDetected, True),
        (psycopg.errors.SerializationFailure, True),
        (psycopg.errors.AdminShutdown, False),
    ],
)
def test_postgresql_lock_conflicts_count_as_lock_errors(driver_error, is_lock):
    assert is_lock_error(django_error(driver_error("conflict"))) is is_lock
