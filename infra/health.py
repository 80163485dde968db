"""``/gezond/`` for a load balancer or a monitor: 200 when the database and the file
storage answer, 503 when one does not (the body says which; the cause goes to the log,
never to the caller: it may name hosts and paths). Readable without logging
in, never cached, and it touches no session."""

import logging
import os
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _storage() -> None:
    """Files on disk: the folder can be written (made when it is missing, as the first
    upload would). Object storage: a request to the bucket answers."""
    if location := getattr(default_storage, "location", None):
        Path(location).mkdir(parents=True, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise PermissionError(f"{location} cannot be written")
    elif bucket := getattr(default_storage, "bucket", None):  # S3: the bucket answers
        bucket.meta.client.head_bucket(Bucket=bucket.name)
    else:
        default_storage.exists("gezond")


logger = logging.getLogger(__name__)

CHECKS = {"database": _database, "storage": _storage}


@login_not_required
@never_cache
def health(request):
    found = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not ready"; hosts and paths go to the log only
            logger.exception("Health check %s failed", name)
            found[name] = "fail"
        else:
            found[name] = "ok"
    healthy = all(value == "ok" for value in found.values())
    return JsonResponse(found, status=200 if healthy else 503)
