"""The portal's URLs plus the benchmarks' yardsticks and one switch:

- ``bench/bare/``: a tiny page that passes the same middleware, session and login as
  every other page, and does nothing else;
- ``bench/bare/<size>/``: the same, answering ``size`` bytes of HTML built once per
  process, for pages whose output grows with the content (what sending that many bytes
  costs is not the page's doing);
- ``bench/cache/clear/`` (POST): empties every cache of the process that answers (and
  a shared one such as Redis for all), so that the next request is a first view. It
  exists only when the benchmark started the server with ``BENCH_CACHE_TOKEN`` and
  answers only a request that carries that token.
"""

import functools
import os

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.urls import include, path
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from netwerkagenda.urls import handler400  # noqa: F401  (the root URLconf's error views)

MAX_SIZE = 64 * 1024 * 1024
PARAGRAPH = b"<p>Bibliotheken werken samen aan een netwerk voor iedereen in Nederland.</p>\n"


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


@functools.cache
def _body(size: int) -> bytes:
    return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]


def bare_sized(request, size: int):
    if size > MAX_SIZE:
        raise Http404
    return HttpResponse(_body(size), content_type="text/html; charset=utf-8")


@csrf_exempt
@login_not_required
@require_POST
def cache_clear(request):
    token = os.environ.get("BENCH_CACHE_TOKEN", "")
    if not token or not constant_time_compare(request.headers.get("X-Bench-Token", ""), token):
        raise Http404
    for cache in caches.all():
        cache.clear()
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare/<int:size>/", bare_sized, name="bench_bare_sized"),
    path("bench/cache/clear/", cache_clear, name="bench_cache_clear"),
    path("", include("netwerkagenda.urls")),
]
