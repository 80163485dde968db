"""Every main page, first and repeat view: its queries and CPU time with the demo data
and with ten times the data, next to a bare authenticated page (``bench/urls.py``)
measured in the same run.

A first view is the page right after every cache was cleared
(``django.core.cache.caches``: nothing any request before computed is reused); the
repeat view is the same request again at once, by the same user, with what the first
left in the cache. Targets (issue 27):

- a page's queries are the same at demo size and 10x (first and repeat view);
- repeat view ≤ 3x the bare view;
- first view ≤ 10x the bare view at demo size, and at 10x ≤ 1.5x its own demo-size cost;
- pages whose output grows with the content (``bench.data.GROWING`` and any page of
  more than 200 kB): first view ≤ 5x a bare view of as many bytes
  (``bench/bare/<size>/``), at both sizes;
- downloading a stored agenda PDF ≤ 2x the bare view.

The data: ``bench/data.py`` on a throw-away SQLite database (demo), and a copy of it
grown by ``grow(27)`` (10x). Each database has a local-memory cache of its own (whatever
``CACHE_URL`` or ``REDIS_URL`` say: CPU time is measured in this process). Both databases
stay open and are measured in turns, page by page, and each request of a page next to
one of the bare view (bare, first, bare, repeat; a growing page also its byte-matched
bare view): on a busy machine the ratios stay fair even when the absolute times move.

Pages are fetched with Django's test client, logged in with a session made in the
database. CPU time is ``time.process_time`` (SQLite runs in this process, so the
database work is in it too), with ``DEBUG`` off: the median of ``BENCH_PAGE_RUNS`` runs
(9; 3 with ``BENCH_QUICK=1``) after a warm-up. ``BENCH_PROFILE=1`` prints where the time
goes in each first view over its target.

Run alone: ``DEBUG=true DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python
bench/pages.py``; ``make bench`` runs it with the other benchmarks.
"""

import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import knob, write_summary  # noqa: E402

RUNS = int(knob("BENCH_PAGE_RUNS", 9, 3))
PROFILE = os.environ.get("BENCH_PROFILE", "") not in {"", "0", "false"}
HOST = "127.0.0.1"
LABELS = ("demo", "10x")


def main() -> None:
    # Everything this benchmark writes goes to a throw-away folder, never to db.sqlite3.
    work = Path(tempfile.mkdtemp(prefix="netwerkagenda-bench-pages-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'demo.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    for name in ("CACHE_URL", "REDIS_URL"):  # the cache in this process's memory
        os.environ.pop(name, None)
    # Compiling enqueues the agenda's PDF; here none is made (one is put in place).
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path) -> None:
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic here
    django.setup()

    from django.conf import settings
    from django.db import connections

    from bench.data import build_demo, grow_tenfold, session_key
    from bench.pages_report import profile, report

    started = time.perf_counter()
    cast, pdf_url = build_demo()
    sessions = {role: session_key(user) for role, user in cast.items()}  # copied along
    demo = connections["default"]
    demo.close()
    grown = copy_database(demo, work / "grown.sqlite3")
    connections["default"] = grown
    grow_tenfold()
    print(f"pages: data built in {time.perf_counter() - started:.0f} s", flush=True)

    settings.DEBUG = False  # as in production: no query log while measuring
    sites = {"demo": site(demo, sessions), "10x": site(grown, sessions)}
    gc.collect()
    gc.freeze()  # the data built so far is never garbage: collections stay short
    measured = measure(sites, cast, pdf_url)
    lines = report(measured, RUNS)
    if PROFILE:
        profile(measured, sites, use, clear, fetch)
    write_summary(lines)


def copy_database(database, path: Path):
    """A second connection, as ``default``, to a copy of ``database``'s SQLite file."""
    shutil.copyfile(database.settings_dict["NAME"], path)
    return type(database)(database.settings_dict | {"NAME": str(path)}, "default")


def site(database, sessions: dict[str, str]) -> dict:
    """A database with caches of its own (new local-memory caches, configured as the
    settings configure them) and a logged-in test client per role."""
    from django.conf import settings
    from django.core.cache.backends.locmem import LocMemCache
    from django.test import Client

    label = database.settings_dict["NAME"]
    caches = {}
    for alias, config in settings.CACHES.items():
        params = {key: value for key, value in config.items() if key not in {"BACKEND", "LOCATION"}}
        caches[alias] = LocMemCache(f"bench-{alias}-{label}", params)
    clients = {}
    for role, key in sessions.items():
        clients[role] = Client(HTTP_HOST=HOST)
        clients[role].cookies[settings.SESSION_COOKIE_NAME] = key
    return {"database": database, "caches": caches, "clients": clients}


def use(place: dict) -> None:
    """Requests from now on read this database and its caches."""
    from django.core.cache import caches
    from django.db import connections

    connections["default"] = place["database"]
    for alias, cache in place["caches"].items():
        caches[alias] = cache


def clear(place: dict) -> None:
    for cache in place["caches"].values():
        cache.clear()


def fetch(client, url) -> tuple[int, int]:
    """Status and length of the answer to a GET, read to the end."""
    response = client.get(url)
    if response.streaming:  # a file download: the server reads and sends all of it
        size = len(b"".join(response.streaming_content))
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


def cpu(client, url) -> float:
    gc.collect()  # no request pays for the garbage of the one before
    start = time.process_time()
    fetch(client, url)
    return time.process_time() - start


def measure(sites, cast, pdf_url) -> dict[str, dict[str, dict]]:
    """name -> label -> role, url, size, statuses, queries, samples (CPU seconds of the
    first and repeat views and of the bare views measured in turns with them)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bench.data import BARE, byte_matched, pages, sized_bare

    urls = {}
    for label, place in sites.items():
        use(place)
        urls[label] = pages(cast, pdf_url)
    bare_url = urls["demo"][BARE][1]
    measured = {name: {} for name in urls["demo"]}
    for name in measured:
        for label, place in sites.items():
            use(place)
            role, url = urls[label][name]
            client = place["clients"][role]
            for _ in range(2):  # what a process does once (templates, content types, …)
                fetch(client, url)
            page = {"role": role, "url": url, "statuses": set(), "queries": {}}
            clear(place)
            for view in ("first", "repeat"):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    status, page["size"] = fetch(client, url)
                page["queries"][view] = len(queries)
                page["statuses"].add(status)
            page |= {"first": [], "repeat": [], "bare": [], "sized": []}
            measured[name][label] = page
        sizes = [measured[name][label]["size"] for label in LABELS]
        matched = byte_matched(name, sizes)
        for label in LABELS if matched else ():
            use(sites[label])  # the bare body of this size is built once per process
            fetch(sites[label]["clients"]["writer"], sized_bare(measured[name][label]["size"]))
        for run in range(RUNS):
            for label in LABELS[:: 1 if run % 2 else -1]:
                place, page = sites[label], measured[name][label]
                use(place)
                client = place["clients"][page["role"]]
                page["bare"].append(cpu(client, bare_url))
                if matched:
                    page["sized"].append(cpu(client, sized_bare(page["size"])))
                clear(place)
                page["first"].append(cpu(client, page["url"]))
                page["bare"].append(cpu(client, bare_url))
                page["repeat"].append(cpu(client, page["url"]))
        for page in measured[name].values():
            for samples in ("first", "repeat", "bare", "sized"):
                page[samples] = statistics.median(page[samples]) if page[samples] else None
            page["matched"] = matched
    return measured


if __name__ == "__main__":
    main()
