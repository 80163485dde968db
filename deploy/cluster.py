"""The production shape on one machine, and the checks that it survives losing a part.

Starts an S3 server (moto's server mode), a throw-away PostgreSQL database on
127.0.0.1:5432, two gunicorn instances (A and B) and two workers (W1 and W2), all with
STORAGE_BACKEND=s3 and the database task backend, then checks:

1. a version compiled through A has its PDF downloaded through B;
2. a worker killed while rendering leaves the PDF to the other one (after
   ``requeue_stale_pdfs`` finds it stale: PDF_STALE_MINUTES is 1 here);
3. with A killed, B still serves.

It prints what it checked and stops everything it started. Run: ``make cluster``.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import httpx
import psycopg
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "netwerkagenda_cluster"
BUCKET = "netwerkagenda-cluster"
PASSWORD = "demo-netwerkagenda"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(text: str) -> None:
    print(f"cluster: {text}", flush=True)


def manage(env, *args) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


def approve_and_compile(env, number: int) -> int:
    """Approve chapter ``number`` (as the demo's writer and coordinator would) and
    compile a version; its primary key."""
    code = f"""
from agenda.models import Contribution, Edition
from agenda.governance.compiling import agenda_compile
from agenda.review.services import take_review_step
from agenda.services import contribution_save
from tests.agenda_helpers import complete_content
from teams.services import membership_set
from django.contrib.auth import get_user_model
User = get_user_model()
coordinator = User.objects.get(username="coordinator")
writer = User.objects.get(username="writer")
chapter = Contribution.objects.get(edition=Edition.objects.current(), team__number={number})
membership_set(team=chapter.team, user=writer, role="writer")
if chapter.state != "concept":
    take_review_step(obj=chapter, user=coordinator, step="reopen")
    chapter.refresh_from_db()
contribution_save(contribution=chapter, user=writer, content=complete_content({number}),
                  base_revision=chapter.revision)
chapter.refresh_from_db()
take_review_step(obj=chapter, user=writer, step="submit")
take_review_step(obj=chapter, user=coordinator, step="approve")
print(agenda_compile(edition=Edition.objects.current(), user=coordinator).pk)
"""
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def log_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/inloggen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    client.post(
        "/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": "coordinator", "password": PASSWORD},
        headers={"Referer": f"{base}/inloggen/"},
    )
    return client


def pdf_arrives(client: httpx.Client, version: int, seconds: int) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        response = client.get(f"/agenda/{version}/pdf/")
        if response.headers.get("content-type") == "application/pdf":
            return response.content.startswith(b"%PDF")
        time.sleep(2)
    return False


def kill_when_rendering(worker: subprocess.Popen, version: int, database_url: str) -> bool:
    """Kill ``worker`` as soon as it runs a PDF task; whether the version's PDF was still
    unmade at that moment (so the kill really came mid-render)."""
    with psycopg.connect(
        database_url.replace("postgres://", "postgresql://"), autocommit=True
    ) as db:
        until = time.monotonic() + 60
        while time.monotonic() < until:
            running = db.execute(
                "SELECT 1 FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' AND task_path LIKE '%%render_version_pdf'"
            ).fetchone()
            if running:
                worker.kill()
                worker.wait()
                (status,) = db.execute(
                    "SELECT pdf_status FROM agenda_agendaversion WHERE id = %s", [version]
                ).fetchone()
                return status != "ready"
            time.sleep(0.02)
    return False


def main() -> int:
    started: list[subprocess.Popen] = []
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    s3.start()
    host, port = s3.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="k",
        aws_secret_access_key="s",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    admin.execute(f"CREATE DATABASE {DATABASE}")
    env = os.environ | {
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "k",
        "S3_SECRET_ACCESS_KEY": "s",
        "PDF_STALE_MINUTES": "1",
        "WORKER_HEARTBEAT_SECONDS": "10",
    }
    checked = []
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        ports = {"A": free_port(), "B": free_port()}
        web = {
            name: subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "netwerkagenda.wsgi",
                    "--bind",
                    f"127.0.0.1:{number}",
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env=env,
                stderr=subprocess.DEVNULL,
            )
            for name, number in ports.items()
        }
        workers = {
            name: subprocess.Popen(
                [
                    PYTHON,
                    "manage.py",
                    "worker",
                    "--queue-name",
                    "pdf,mail",
                    "--worker-id",
                    name,
                    "--no-startup-delay",
                    "--no-reload",  # one process: killing it kills the worker
                    "--interval",
                    "0.5",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name in ("W1", "W2")
        }
        started += [*web.values(), *workers.values()]
        a, b = (f"http://127.0.0.1:{ports[name]}" for name in ("A", "B"))
        for base in (a, b):
            for _ in range(60):
                try:
                    if httpx.get(f"{base}/gezond/", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.5)
        say(f"S3 at {endpoint}, database {DATABASE}, A at {a}, B at {b}, workers W1 and W2")

        client_a, client_b = log_in(a), log_in(b)
        version = approve_and_compile(env, 3)
        ok = pdf_arrives(client_b, version, 120)
        checked.append(
            (f"version {version}: its PDF, rendered by a worker, downloaded through B", ok)
        )

        for name in ("W1", "W2"):  # hold both, so that W1 alone takes the next rendering
            workers[name].send_signal(signal.SIGSTOP)
        version = approve_and_compile(env, 4)
        workers["W1"].send_signal(signal.SIGCONT)
        mid_render = kill_when_rendering(workers["W1"], version, env["DATABASE_URL"])
        workers["W2"].send_signal(signal.SIGCONT)
        say("killed W1 while it rendered; waiting for the PDF to count as stale (1 minute)")
        time.sleep(62)
        manage(env, "requeue_stale_pdfs")
        ok = mid_render and pdf_arrives(client_b, version, 120)
        checked.append((f"version {version}: W1 killed mid-render, W2 made the PDF", ok))

        web["A"].terminate()
        web["A"].wait(timeout=30)
        ok = (
            httpx.get(f"{b}/gezond/", timeout=10).status_code == 200
            and client_b.get("/agenda/").status_code == 200
        )
        checked.append(("A stopped: B answers /gezond/ and the agenda page", ok))
        client_a.close()
        client_b.close()
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        s3.stop()
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.close()
        say("stopped everything it started")
    for text, ok in checked:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if len(checked) == 3 and all(ok for _text, ok in checked) else 1


if __name__ == "__main__":
    sys.exit(main())
