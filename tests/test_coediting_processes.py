"""Co-editing across processes: two ASGI server processes share a chapter's updates
through Redis; a process killed while a writer types loses nothing once the writer's
editor reconnects to the other one. PostgreSQL, since the processes need a database of
their own connections (CI runs it; .ci/run starts Redis when it is down)."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from agenda.coediting import document as live
from agenda.models import CoeditingUpdate
from bench.yclient import YClient
from tests import factories
from tests.agenda_helpers import fill
from tests.conftest import requires_postgresql, reseed_domain_facts

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("COEDIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, prefix: str, *, redis_url: str = REDIS_URL, log=None):
    """An ASGI process (uvicorn) on ``port``, its rooms under ``prefix`` in Redis at
    ``redis_url``; what it logs goes to the file ``log`` (else nowhere)."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "CHANNEL_PREFIX": prefix,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "netwerkagenda.asgi:application", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log if log is not None else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        if process.poll() is not None:
            raise RuntimeError(f"the ASGI server stopped with {process.returncode}")
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the ASGI server did not start")


@pytest.fixture
def servers():
    prefix = f"test-{uuid.uuid4().hex[:8]}"  # rooms of this run only
    started = []

    def start():
        port = free_port()
        started.append(start_server(port, prefix))
        return port, started[-1]

    yield start
    for process in started:
        process.kill()
        process.wait()


def cookie_of(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_two_processes_share_updates_and_a_killed_one_loses_nothing(servers):
    reseed_domain_facts()
    anna = factories.writer(username="anna")
    bert = factories.writer(username="bert")
    chapter = fill(factories.contribution(1), anna, context="<p>Begin.</p>")
    (port_a, process_a), (port_b, _process_b) = servers(), servers()
    origin = "http://localhost"

    def client(port, user):
        url = f"ws://127.0.0.1:{port}/ws/bijdragen/{chapter.pk}"
        return YClient(url, cookie=cookie_of(user), origin=origin)

    first, second = client(port_a, anna), client(port_b, bert)
    assert first.wait_for("context", "Begin.") is not None
    first.type("context", "Van Anna via proces A.")
    assert second.wait_for("context", "Van Anna via proces A.", timeout=2) is not None

    process_a.send_signal(signal.SIGKILL)  # mid-session: Anna keeps typing offline
    process_a.wait()
    first.type("context", "Getypt terwijl A viel.")
    first.close()
    reconnected = YClient(  # her editor reconnects, to the process still running
        f"ws://127.0.0.1:{port_b}/ws/bijdragen/{chapter.pk}",
        cookie=cookie_of(anna),
        origin=origin,
        doc=first.doc,
    )
    assert second.wait_for("context", "Getypt terwijl A viel.", timeout=5) is not None
    time.sleep(0.5)
    stored = live.document_of([data for _pk, data in live.rows(chapter)])
    texts = live.htmls(stored, ["context"])["context"]
    assert "Van Anna via proces A." in texts and "Getypt terwijl A viel." in texts
    assert CoeditingUpdate.objects.filter(contribution=chapter, recorded=False).exists()
    second.close()
    reconnected.close()


def test_two_processes_opening_a_fresh_chapter_at_once_seed_it_once(servers):
    """The first editor of a chapter seeds the shared document from the saved texts,
    under the chapter's lock: two processes doing it at the same moment leave one copy
    of the text, in the store and in both editors."""
    reseed_domain_facts()
    anna = factories.writer(username="anna")
    bert = factories.writer(username="bert")
    chapter = fill(factories.contribution(1), anna, context="<p>Eenmaal.</p>")
    assert not CoeditingUpdate.objects.filter(contribution=chapter).exists()
    (port_a, _a), (port_b, _b) = servers(), servers()
    clients = []

    def open_(port, user):
        url = f"ws://127.0.0.1:{port}/ws/bijdragen/{chapter.pk}"
        clients.append(YClient(url, cookie=cookie_of(user), origin="http://localhost"))

    openers = [
        threading.Thread(target=open_, args=(port_a, anna)),
        threading.Thread(target=open_, args=(port_b, bert)),
    ]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join()
    for client in clients:
        assert client.wait_for("context", "Eenmaal.") is not None
        assert client.text("context").count("Eenmaal.") == 1
    stored = live.htmls(live.document_of([data for _pk, data in live.rows(chapter)]), ["context"])
    assert stored["context"].count("Eenmaal.") == 1
    for client in clients:
        client.close()
