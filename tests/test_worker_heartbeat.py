"""``manage.py worker``: the database worker with a heartbeat line for monitoring."""

import io
import re

import pytest
from django.core.management import call_command

from tests.conftest import requires_postgresql
from tests.worker_tasks import leave_a_mark


@requires_postgresql  # the heartbeat's thread has a connection of its own
@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_the_worker_writes_a_heartbeat_with_the_waiting_tasks(settings):
    settings.TASKS = settings.TASKS | {
        "default": settings.TASKS["default"] | {"BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    for number in range(3):
        leave_a_mark.using(backend="default").enqueue(number=number)
    out = io.StringIO()
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--queue-name",
        "pdf",
        "--worker-id",
        "w1",
        stdout=out,
    )
    beats = [line for line in out.getvalue().splitlines() if line.startswith("heartbeat ")]
    assert beats, out.getvalue()
    waiting = re.search(r"worker_id=w1 queues=pdf waiting=(\d+)$", beats[0])
    assert waiting and int(waiting.group(1)) <= 3, beats  # read from the queue (a race: 0-3)
