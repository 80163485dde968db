"""Persistent database connections survive a database restart: each request checks the
connection it reuses (CONN_HEALTH_CHECKS) instead of failing on a dead one."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.conftest import requires_postgresql


def serve(path: str) -> str:
    """One request through the real WSGI handler, in this thread, as gunicorn would."""
    statuses = []
    WSGIHandler()(
        RequestFactory().get(path).environ, lambda status, headers: statuses.append(status)
    )
    return statuses[0]


def drop_connection(pid: int) -> None:
    """What a database restart does to the portal's open connection."""
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_connection_was_dropped_succeeds(settings):
    settings.PUBLIC_FINAL_AGENDA = True
    path = "/agenda/definitief.pdf"  # public, and reads the database
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert serve(path).startswith("404")  # no ratified agenda yet: the connection works
    pid = connection.connection.info.backend_pid  # kept open for the next request
    drop_connection(pid)
    assert serve(path).startswith("404")
    assert connection.connection.info.backend_pid != pid
