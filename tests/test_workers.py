"""Several worker processes on one queue: each task is done once (the database backend
locks the row it takes), however many workers ask for work at the same time."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from infra.models import SitePage
from tests.conftest import requires_postgresql
from tests.worker_tasks import leave_a_mark

TASKS = 40


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_do_each_task_once(settings):
    settings.TASKS = settings.TASKS | {
        "default": settings.TASKS["default"] | {"BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    for number in range(TASKS):
        leave_a_mark.using(backend="default").enqueue(number=number)
    database = connection.settings_dict
    env = os.environ | {
        "DEBUG": "true",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    command += ["--queue-name", "pdf"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{n}"], env=env, stderr=subprocess.PIPE)
        for n in (1, 2)
    ]
    for worker in workers:
        _out, errors = worker.communicate(timeout=180)
        assert worker.returncode == 0, errors.decode()[-2000:]
    results = DBTaskResult.objects.filter(task_path="tests.worker_tasks.leave_a_mark")
    assert results.count() == TASKS
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert SitePage.objects.filter(slug__startswith="taak-").count() == TASKS
