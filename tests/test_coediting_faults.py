"""Co-editing under faults, as production runs it: two ASGI server processes sharing a
chapter through Redis on PostgreSQL, writers (Yjs clients that reconnect as y-websocket
does) typing a marked word every 200 ms.

- PostgreSQL connections terminated again and again (a restart, a failover, a pooler
  dropping connections): no session ends with a refusal, every word is stored once and
  both documents converge.
- Redis stopped and started while writers type: nothing typed is lost, a reconnecting
  editor never gets an HTTP 500, and the log says so once per outage.
- The refusals keep their codes (a writer whose right went, a submitted chapter).
"""

import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from websockets.exceptions import InvalidStatus

from agenda.coediting import document
from agenda.review.services import take_review_step
from bench.yclient import YClient
from teams.services import membership_remove
from tests import factories
from tests.agenda_helpers import fill
from tests.conftest import requires_postgresql, reseed_domain_facts
from tests.test_coediting_processes import cookie_of, free_port, start_server

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]

TYPING_SECONDS = 6
FAULT_SECONDS = 5
REFUSALS = {document.CLOSE_REFUSED, document.CLOSE_ENDED}


class Writer:
    """A writer's editor: a Yjs client that reconnects after anything but a refusal,
    keeping its document (what it typed offline goes to the server in the sync), and
    types a numbered word every 200 ms."""

    def __init__(self, name, url, cookie):
        self.name, self.url, self.cookie = name, url, cookie
        self.client = None
        self.doc = None
        self.close_codes: list[int] = []
        self.http_statuses: list[int] = []
        self.typed: list[str] = []
        self.stop = threading.Event()
        self._connect()

    def _connect(self) -> bool:
        try:
            self.client = YClient(
                self.url, cookie=self.cookie, origin="http://localhost", doc=self.doc
            )
        except InvalidStatus as error:  # the handshake answered with an HTTP status
            self.http_statuses.append(error.response.status_code)
            return False
        except OSError:
            return False
        self.doc = self.client.doc
        return True

    def keep_connected(self) -> None:
        """Reconnect (with a short back-off) while the client is closed, unless it was
        refused; record every close code."""
        if self.client is not None and self.client.closed_code is None:
            return
        if self.client is not None:
            self.close_codes.append(self.client.closed_code)
            if self.client.closed_code in REFUSALS:
                return
            self.client = None
        time.sleep(0.2)
        self._connect()

    def type(self, number: int) -> None:
        word = f"{self.name}{number:03d}"
        self.typed.append(word)
        if self.client is not None:
            self.client.type("context", word)
        else:  # offline: typed into the document, sent with the next sync
            from pycrdt import XmlElement, XmlFragment, XmlText

            fragment = self.doc.get("context", type=XmlFragment)
            with self.doc.transaction():
                paragraph = fragment.children.append(XmlElement("paragraph"))
                paragraph.children.append(XmlText(word))

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            self.keep_connected()
            self.type(number)
            number += 1
            time.sleep(0.2)

    def text(self) -> str:
        return str(self.doc.get("context", type=__import__("pycrdt").XmlFragment))


def stored_text(chapter) -> str:
    stored = document.document_of([data for _pk, data in document.rows(chapter)])
    return document.htmls(stored, ["context"])["context"]


def type_through(writers, fault) -> None:
    threads = [threading.Thread(target=w.run, daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    fault()
    time.sleep(TYPING_SECONDS - 0.5)
    for writer in writers:
        writer.stop.set()
    for thread in threads:
        thread.join(timeout=10)


def type_through_a_fault(writers, chapter, fault) -> str:
    """Writers type while ``fault`` happens (in a thread of its own); once they are all
    connected again and everything is stored: no refusal, no HTTP 500, and the stored
    text."""
    faults = threading.Thread(target=fault, daemon=True)
    type_through(writers, faults.start)
    faults.join()
    settle(writers, chapter)
    for writer in writers:
        assert not set(writer.close_codes) & REFUSALS, writer.close_codes
        assert 500 not in writer.http_statuses, writer.http_statuses
    return stored_text(chapter)


def settle(writers, chapter, timeout=30) -> None:
    """Until every writer is connected again and the store holds every word typed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for writer in writers:
            writer.keep_connected()
        text = stored_text(chapter)
        if all(word in text for writer in writers for word in writer.typed):
            return
        time.sleep(0.3)


@pytest.fixture
def chapter():
    reseed_domain_facts()
    anna = factories.writer(username="anna")
    bert = factories.writer(username="bert")
    chapter = fill(factories.contribution(1), anna, context="<p>Begin.</p>")
    chapter.writers = (anna, bert)
    return chapter


@pytest.fixture
def redis():
    """A Redis of this test's own, so that stopping it touches nothing else."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no"]

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            for _ in range(100):
                if (
                    subprocess.run(
                        ["redis-cli", "-p", str(port), "ping"], capture_output=True
                    ).stdout.strip()
                    == b"PONG"
                ):
                    return
                time.sleep(0.05)
            raise RuntimeError("redis did not start")

        def stop(self):
            self.process.terminate()
            self.process.wait()

    server = Server()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def two_writers(chapter, servers, redis_url):
    anna, bert = chapter.writers
    ports = [servers(redis_url)[0] for _ in range(2)]
    return [
        Writer(user.username, f"ws://127.0.0.1:{port}/ws/bijdragen/{chapter.pk}", cookie_of(user))
        for user, port in zip((anna, bert), ports, strict=True)
    ]


@pytest.fixture
def servers(tmp_path):
    """Start ASGI processes sharing rooms; ``servers.logs()`` is what each has logged."""
    started = []
    prefix = f"faults-{tmp_path.name}"

    def start(redis_url):
        port = free_port()
        log = (tmp_path / f"{port}.log").open("w")
        process = start_server(port, prefix, redis_url=redis_url, log=log)
        started.append((process, log))
        return port, process

    start.logs = lambda: [Path(log.name).read_text() for _process, log in started]
    start.prefix = prefix
    yield start
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    for process, log in started:
        process.kill()
        process.wait()
        log.close()


def test_database_connections_dropped_again_and_again_lose_no_word(chapter, servers, redis):
    writers = two_writers(chapter, servers, redis.url)
    for writer in writers:
        assert writer.client.wait_for("context", "Begin.") is not None
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:  # the test's own connection stays
        cursor.execute("SELECT pg_backend_pid()")
        (own,) = cursor.fetchone()

    def terminate_repeatedly():
        """The servers' connections, as a restart or a pooler drops them."""
        end = time.monotonic() + FAULT_SECONDS
        with connection.cursor() as cursor:
            while time.monotonic() < end:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid NOT IN (pg_backend_pid(), %s)",
                    [name, own],
                )
                time.sleep(0.25)
        connection.close()

    stored = type_through_a_fault(writers, chapter, terminate_repeatedly)
    for writer in writers:
        for word in writer.typed:
            assert len(re.findall(rf"\b{word}\b", stored)) == 1, (word, stored)
    deadline = time.monotonic() + 10
    while writers[0].text() != writers[1].text() and time.monotonic() < deadline:
        time.sleep(0.2)
    missing = [
        sorted(set(re.findall(r"\w+\d{3}", stored)) - set(re.findall(r"\w+\d{3}", w.text())))
        for w in writers
    ]
    assert missing == [[], []], (missing, [w.close_codes for w in writers])
    assert writers[0].text() == writers[1].text()  # both documents converge
    for writer in writers:
        writer.client.close()


def test_redis_stopped_and_started_loses_nothing_and_never_answers_500(chapter, servers, redis):
    writers = two_writers(chapter, servers, redis.url)
    for writer in writers:
        assert writer.client.wait_for("context", "Begin.") is not None

    def outage():
        redis.stop()
        time.sleep(FAULT_SECONDS)
        redis.start()

    stored = type_through_a_fault(writers, chapter, outage)
    for writer in writers:
        assert all(word in stored for word in writer.typed)
    logs = servers.logs()
    said = [log.count("Co-editing cannot reach its channel layer") for log in logs]
    assert sum(said) >= 1 and max(said) == 1, said  # once per outage, in each process
    assert not any("Traceback" in log or " 500" in log for log in logs), logs
    for writer in writers:
        writer.client.close()


def test_the_refusals_keep_their_codes(chapter, servers, redis, settings):
    anna, bert = chapter.writers
    port = servers(redis.url)[0]
    # This process ends the sessions of a submitted chapter through the same Redis.
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis.url], "prefix": servers.prefix},
        }
    }
    channel_layers.backends.clear()
    url = f"ws://127.0.0.1:{port}/ws/bijdragen/{chapter.pk}"
    outsider = factories.outsider(username="olga")
    stranger = YClient(url, cookie=cookie_of(outsider), origin="http://localhost")
    stranger.thread.join(timeout=10)
    assert stranger.closed_code == document.CLOSE_REFUSED
    first = YClient(url, cookie=cookie_of(anna), origin="http://localhost")
    assert first.wait_for("context", "Begin.") is not None
    membership_remove(membership=anna.memberships.get(team=chapter.team))
    first.type("context", "Mag niet meer.")
    first.thread.join(timeout=10)
    assert first.closed_code == document.CLOSE_ENDED
    second = YClient(url, cookie=cookie_of(bert), origin="http://localhost")
    assert second.wait_for("context", "Begin.") is not None
    take_review_step(obj=chapter, user=bert, step="submit")
    second.thread.join(timeout=10)
    assert second.closed_code == document.CLOSE_ENDED
