"""The portal's URLs plus ``bench/bare/``: a tiny page that passes the same middleware,
session and login as every other page, and does nothing else (the benchmarks' yardstick)."""

from django.http import HttpResponse
from django.urls import include, path

from netwerkagenda.urls import handler400  # noqa: F401  (the root URLconf's error views)


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("netwerkagenda.urls")),
]
