"""``/gezond/`` for a load balancer or a monitor: 200 when the database, the file
storage and co-editing's channel layer (Redis) answer, 503 when one does not (the body
says which; the cause goes to the log, never to the caller: it may name hosts and
paths). Readable without logging in, never cached, and it touches no session."""

import logging
import os
from pathlib import Path

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
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


def _channel_layer() -> None:
    """Co-editing's channel layer (Redis between processes) takes a message; without
    co-editing there is nothing to ask."""
    if not settings.COEDIT_ENABLED:
        return
    layer = get_channel_layer()
    async_to_sync(layer.group_send)("health", {"type": "health.check"})


logger = logging.getLogger(__name__)

CHECKS = {"database": _database, "storage": _storage, "channel_layer": _channel_layer}


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
