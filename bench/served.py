"""The portal served as in production, at demo size and at 10x: gunicorn and PostgreSQL on
127.0.0.1 for the pages over HTTP (``bench/http_pages.py``) and then the load
(``bench/load.py``), which share the data.

The data: ``bench/data.py`` in a throw-away PostgreSQL database ``bench_demo_<pid>``
(with the cast's sessions), and a copy of it (``CREATE DATABASE … TEMPLATE``) grown by
``grow(27)``, ``bench_10x_<pid>``; both dropped at the end whatever happens (also on
Ctrl-C or SIGTERM; gunicorn dies with this process).

The servers' environment: production's (``DEBUG`` off, a fresh ``SECRET_KEY``,
``ALLOWED_HOSTS=127.0.0.1``, plain HTTP without Secure cookies), ``bench.settings`` (the
bare views and the bench-only cache switch with a fresh ``BENCH_CACHE_TOKEN``),
``COEDIT_ENABLED=false`` (plain HTTP; ``bench/coediting_load.py`` measures co-editing),
static files collected into a throw-away folder, the tasks queued in the database as in
production (no worker runs them here). The cache is whatever the settings make of that
environment: when Redis answers at 127.0.0.1:6379 (and ``BENCH_REDIS`` is not ``false``),
``CACHE_URL`` and ``REDIS_URL`` name a Redis database of each size's own that held no keys
(so emptying it, FLUSHDB, touches nobody else's), emptied before each part and at the
end; otherwise they are empty and each gunicorn worker caches in its own memory. The
report names the backend.

Skipped, with the reason, when PostgreSQL cannot be reached. Run: ``.venv/bin/python
bench/served.py`` (both parts; ``make bench`` does), or ``bench/served.py pages`` or
``bench/served.py load`` for one. Rendering the demo's PDF happens in a forkserver child, which
imports the script again: everything heavy stays inside ``main()``.
"""

import io
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import skip, write_summary  # noqa: E402

PARTS = ("pages", "load")
TITLES = {"pages": "pages over HTTP", "load": "load"}
LABELS = ("demo", "10x")
OFF = {"0", "false", "no", "off"}


def main(parts: tuple[str, ...] = PARTS) -> None:
    from bench.servers import (
        close_django_connections,
        drop_database,
        flush_redis_database,
        postgresql_unreachable,
    )

    if reason := postgresql_unreachable():
        for part in parts:
            skip(TITLES[part], reason)
        return
    # A stop (Ctrl-C, kill) still runs the cleanup below: servers stopped, databases dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = Path(tempfile.mkdtemp(prefix="netwerkagenda-bench-served-"))
    names = {label: f"bench_{label}_{os.getpid()}" for label in LABELS}
    redis = {}
    try:
        redis, why_not = redis_databases()
        environments = environments_of(names, redis, work)
        os.environ.update(environments["demo"])
        urls, sites = build(names, environments)
        cache = describe_cache(redis, why_not)
        for label, site in sites.items():
            site["empty_cache"] = emptier(redis.get(label))
        lines = []
        if "pages" in parts:
            from bench import http_pages

            lines += http_pages.run(sites, urls, work, cache)
        if "load" in parts:
            from bench import load

            lines += load.run(sites, work, cache)
        write_summary(lines)
    finally:
        close_django_connections()
        for name in names.values():
            drop_database(name)
        for number in redis.values():
            flush_redis_database(number)
        shutil.rmtree(work, ignore_errors=True)


def redis_databases() -> tuple[dict[str, int], str]:
    """label -> the Redis database of that size's cache, or nothing and why not."""
    from bench.servers import empty_redis_databases, flush_redis_database, redis_unreachable

    if os.environ.get("BENCH_REDIS", "").strip().lower() in OFF:
        return {}, "BENCH_REDIS=false"
    if reason := redis_unreachable():
        return {}, reason
    numbers = empty_redis_databases(len(LABELS))
    for number in numbers:
        flush_redis_database(number)
    return dict(zip(LABELS, numbers, strict=True)), ""


def environments_of(names: dict, redis: dict, work: Path) -> dict[str, dict[str, str]]:
    """label -> the environment of its servers (and of this process while it builds or
    reads that size's data). One secret key for all: the sessions are signed with it."""
    from bench.servers import POSTGRESQL, REDIS, production_environment

    common = production_environment("") | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "COEDIT_ENABLED": "false",
        "MEDIA_ROOT": str(work / "media"),
        "BENCH_STATIC_ROOT": str(work / "static"),
        "BENCH_CACHE_TOKEN": os.urandom(16).hex(),
    }
    environments = {}
    for label in LABELS:
        cache = f"{REDIS}/{redis[label]}" if label in redis else ""
        environments[label] = common | {
            "DATABASE_URL": f"{POSTGRESQL}/{names[label]}",
            "CACHE_URL": cache,
            "REDIS_URL": cache,
        }
    return environments


def build(names: dict, environments: dict) -> tuple[dict, dict]:
    """The two databases; returns the pages' URLs per size (with the sessions and the
    cookie's name) and the sites: label -> name, environment and a connection."""
    import warnings

    import django

    from bench.servers import create_database

    started = time.perf_counter()
    create_database(names["demo"])
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from bench.data import build_demo, grow_tenfold, pages, session_key

    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    cast, _pdf_url = build_demo()
    urls = {
        "sessions": {role: session_key(user) for role, user in cast.items()},  # copied along
        "cookie": settings.SESSION_COOKIE_NAME,
        "demo": pages(cast),
    }
    demo = connections["default"]
    connections.close_all()  # nobody may be connected to the database that is copied
    create_database(names["10x"], template=names["demo"])
    grown = type(demo)(demo.settings_dict | {"NAME": names["10x"]}, "default")
    connections["default"] = grown
    grow_tenfold()
    urls["10x"] = pages(cast)
    grown.close()
    connections["default"] = demo
    print(
        f"served: data built in {time.perf_counter() - started:.0f} s "
        f"(PostgreSQL databases {names['demo']}, {names['10x']})",
        flush=True,
    )
    sites = {
        label: {"name": names[label], "environment": environments[label], "connection": connection}
        for label, connection in (("demo", demo), ("10x", grown))
    }
    return urls, sites


def describe_cache(redis: dict, why_not: str) -> str:
    """The cache backend the settings gave this environment, as the report says it."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if "Redis" in backend:
        where = " and ".join(f"/{number}" for number in redis.values())
        return f"{backend} (Redis 127.0.0.1:6379, databases {where}, one per size)"
    reason = f"; Redis not used: {why_not}" if why_not else ""
    return f"{backend} (each gunicorn worker's memory{reason})"


def emptier(number: int | None):
    """What empties a size's cache before a part: its Redis database, or nothing (a
    gunicorn started afresh has an empty memory cache)."""
    from bench.servers import flush_redis_database

    if number is None:
        return lambda: None
    return lambda: flush_redis_database(number)


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or PARTS)
