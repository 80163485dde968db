"""``db_worker`` (django-tasks-db) with a heartbeat: every ``WORKER_HEARTBEAT_SECONDS``
the worker writes one line with its id, its queues and how many tasks wait there, so
that monitoring sees a worker that stopped and a queue that grows."""

import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorker
from django_tasks_db.models import DBTaskResult


class Heartbeat(threading.Thread):
    def __init__(self, *, worker_id: str, queues: list[str], every: float, out):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id, self.queues, self.every, self.out = worker_id, queues, every, out
        self.stopped = threading.Event()

    def run(self):
        while True:
            self.beat()
            if self.stopped.wait(self.every):
                return

    def beat(self):
        try:
            waiting = DBTaskResult.objects.ready()
            if "*" not in self.queues:
                waiting = waiting.filter(queue_name__in=self.queues)
            count = waiting.count()
        except Exception as error:
            count = f"unknown ({type(error).__name__})"
        finally:
            close_old_connections()
            connection.close()  # this thread's own connection
        self.out.write(
            f"heartbeat {timezone.now():%Y-%m-%dT%H:%M:%S%z} worker_id={self.worker_id} "
            f"queues={','.join(self.queues)} waiting={count}"
        )


class Command(DbWorker):
    help = (
        "Run the background worker (db_worker) and write a heartbeat line every "
        "WORKER_HEARTBEAT_SECONDS."
    )

    def handle(self, *args, **options):
        heartbeat = Heartbeat(
            worker_id=options["worker_id"],
            queues=options["queue_name"].split(","),
            every=settings.WORKER_HEARTBEAT_SECONDS,
            out=self.stdout,
        )
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
