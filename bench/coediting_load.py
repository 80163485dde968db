"""Co-editing under load: 12 chapters x 3 writers typing for ``BENCH_COEDIT_SECONDS``
(default 30; 10 with ``BENCH_QUICK=1``) against two ASGI processes (uvicorn) that share
updates through Redis.

Each writer is a Yjs client (``bench/yclient.py``) on one of the two processes (the
writers of a chapter are spread over both), typing a short paragraph every
``TYPING_INTERVAL`` seconds. Measured: the latency from a writer's update until each
other writer of the chapter has it (p50, p95, max), and the errors (a socket closed, an
update that never arrived). Targets: no errors; p95 at most 250 ms (issue 27; the relay
alone takes a few ms).

The setup: a database ``bench_coedit_<pid>`` on 127.0.0.1:5432, created and dropped
here; ``migrate`` and ``seed_demo``; every chapter a concept; sessions made in
the database. Skipped, with the reason, when PostgreSQL or Redis (127.0.0.1:6379) cannot
be reached. Run alone: ``.venv/bin/python bench/coediting_load.py``.
"""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    close_django_connections,
    create_database,
    drop_database,
    postgresql_unreachable,
    production_environment,
    redis_unreachable,
)
from bench.summary import knob, skip, write_summary  # noqa: E402

SECONDS = knob("BENCH_COEDIT_SECONDS", 30, 10)
TYPING_INTERVAL = 0.5
WRITERS_PER_CHAPTER = 3
DATABASE = f"bench_coedit_{os.getpid()}"
SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"  # the channel layer's, under a prefix of this run's own
P95_TARGET = 0.25
MARKER = re.compile(r"w(\d+)-(\d+)\.")


def main() -> None:
    if reason := postgresql_unreachable() or redis_unreachable():
        skip("co-editing load", reason)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    os.environ.update(
        production_environment(f"{SERVER}/{DATABASE}")
        | {
            "DJANGO_SETTINGS_MODULE": "netwerkagenda.settings",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",  # the clients' Origin is localhost
            "REDIS_URL": REDIS,
            "CACHE_URL": "",  # each process's memory: this measures the relay
            "CHANNEL_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        }
    )
    servers = []
    try:
        create_database(DATABASE)
        writers = prepare()
        servers = [start_server(free_port()) for _ in range(2)]
        lines = run(writers, [port for port, _process in servers])
        print("\n".join(lines))
        write_summary(lines)
    finally:
        for _port, process in servers:
            process.terminate()
            process.wait(timeout=30)
        close_django_connections()
        drop_database(DATABASE)


def prepare() -> list[dict]:
    """Every chapter a concept, and three writers of each with a session."""
    import io

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test.utils import override_settings

    from agenda.models import Contribution, Edition
    from agenda.review.services import take_review_step
    from infra.middleware import RenewSessionMiddleware
    from tests import factories

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    writers = []
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", force=True, stdout=quiet)
        coordinator = factories.coordinator(username="coedit-coordinator")
        for contribution in Contribution.objects.for_edition(Edition.objects.current()):
            if contribution.state != Contribution.State.CONCEPT:
                take_review_step(obj=contribution, user=coordinator, step="reopen")
            number = contribution.team.number
            for k in range(WRITERS_PER_CHAPTER):
                user = factories.team_user("writer", number, username=f"coedit-{number}-{k}")
                session = SessionStore()
                session[SESSION_KEY] = str(user.pk)
                session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session[RenewSessionMiddleware.KEY] = int(time.time())
                session.create()
                writers.append(
                    {
                        "chapter": contribution.pk,
                        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                    }
                )
    return writers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int):
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "netwerkagenda.asgi:application", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_COEDIT_LOG", os.devnull), "a"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return port, process
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("uvicorn did not start")


def run(writers: list[dict], ports: list[int]) -> list[str]:
    from bench.yclient import YClient

    sent: dict[tuple[int, int], float] = {}  # (writer, update number) -> when sent
    latencies: list[float] = []
    seen: list[set] = [set() for _ in writers]
    lock = threading.Lock()

    def arrived(index):
        def on_change(client):
            now = time.monotonic()
            for marker in MARKER.findall(client.text("context")):
                key = (int(marker[0]), int(marker[1]))
                if key[0] != index and key not in seen[index] and key in sent:
                    seen[index].add(key)
                    with lock:
                        latencies.append(now - sent[key])

        return on_change

    clients = [
        YClient(
            f"ws://127.0.0.1:{ports[i % 2]}/ws/bijdragen/{writer['chapter']}",
            cookie=writer["cookie"],
            origin="http://localhost",
            on_change=arrived(i),
        )
        for i, writer in enumerate(writers)
    ]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(c.text("context") for c in clients):
        time.sleep(0.1)  # every writer has the chapter's text
    print(
        f"co-editing load: {len(clients)} writers on {len(ports)} processes, "
        f"{SECONDS:g} s of typing",
        flush=True,
    )

    def typist(index, client):
        number = 0
        stop = time.monotonic() + SECONDS
        while time.monotonic() < stop:
            with lock:
                sent[(index, number)] = time.monotonic()
            client.type("context", f"w{index}-{number}.")
            number += 1
            time.sleep(TYPING_INTERVAL)

    threads = [threading.Thread(target=typist, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(3)  # the last updates arrive
    expected = sum(
        1
        for (sender, _n) in sent
        for receiver in range(len(writers))
        if receiver != sender and writers[receiver]["chapter"] == writers[sender]["chapter"]
    )
    closed = sum(client.closed_code is not None for client in clients)
    for client in clients:
        client.close()
    missing = expected - len(latencies)
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("inf")
    print(
        f"  updates sent {len(sent)}, deliveries {len(latencies)} of {expected}; "
        f"latency p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms; sockets closed early {closed}"
    )
    errors = missing + closed
    return [
        f"{'PASS' if errors == 0 else 'FAIL'}  co-editing errors: {errors} (target 0)",
        f"{'PASS' if p95 <= P95_TARGET else 'FAIL'}  co-editing update latency p95: "
        f"{p95 * 1000:.0f} ms (target <= {P95_TARGET * 1000:.0f} ms)",
    ]


if __name__ == "__main__":
    main()
