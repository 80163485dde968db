"""Every main page: its queries and CPU time with the demo data and with ten times the
data, next to a bare authenticated page (``bench/urls.py``) measured in the same run.

Targets: a page's query count does not grow with the data; its CPU time at 10x is at
most 1.5x its time at demo size; every page costs at most 10x the bare page; downloading
a stored agenda PDF at most 2x.

The data: ``migrate`` and ``seed_demo`` on a throw-away SQLite database, then
``bench.grow.grow(3)`` and long chapters (chapter 1 of ``BENCH_CHAPTER_WORDS`` words, the
others of 1,500) = "demo"; a copy of it grown by ``grow(27)`` = "10x". Both databases stay
open and are measured in turns, page by page, each run next to a run of the bare page:
on a busy machine the ratios stay fair even when the absolute times move.

Pages are fetched with Django's test client, logged in with ``force_login``. CPU time
is ``time.process_time`` (SQLite runs in this process, so the database work is in it
too): the median of ``BENCH_PAGE_RUNS`` runs after a warm-up, with ``DEBUG`` off and
comparisons uncached (as for a pair of versions nobody asked for before).
``BENCH_PROFILE=1`` prints where the time goes in each page over 10x the bare page.

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

RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "9"))
CHAPTER_WORDS = int(os.environ.get("BENCH_CHAPTER_WORDS", "17000"))
OTHER_CHAPTER_WORDS = 1500
PROFILE = os.environ.get("BENCH_PROFILE", "") not in {"", "0", "false"}

MAX_GROWTH = 1.5  # a page's CPU at 10x / at demo size
MAX_TO_BARE = 10.0  # a page's CPU / the bare page's
MAX_PDF_TO_BARE = 2.0  # a stored PDF download's CPU / the bare page's
BARE, PDF = "bare view", "stored agenda PDF"
HOST = "127.0.0.1"


def main() -> None:
    # Everything this benchmark writes goes to a throw-away folder, never to db.sqlite3.
    work = Path(tempfile.mkdtemp(prefix="netwerkagenda-bench-pages-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'demo.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
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
    from django.test.utils import override_settings

    from bench.grow import grow

    started = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        cast, pdf_url = build_demo()
        logged_in = clients(cast)  # their sessions are copied along with the database
        demo = connections["default"]
        demo.close()
        grown = copy_database(demo, work / "grown.sqlite3")
        connections["default"] = grown
        grow(27)
    print(f"pages: data built in {time.perf_counter() - started:.0f} s", flush=True)

    settings.DEBUG = False  # as in production: no query log while measuring
    gc.collect()
    gc.freeze()  # the data built so far is never garbage: collections stay short
    databases = {"demo": demo, "10x": grown}
    measured = measure(databases, cast, logged_in, pdf_url)
    lines = report(measured)
    if PROFILE:
        connections["default"] = grown
        profile(measured, cast, logged_in)
    write_summary(lines)


def build_demo():
    """The demo data; returns the cast and the URL of a stored agenda PDF."""
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from agenda.models import AgendaVersion
    from agenda.pdf.html import version_html
    from agenda.pdf.storage import store_pdf
    from bench.grow import add_long_chapters, add_versions, grow
    from partners.models import User
    from tests import factories

    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, stdout=io.StringIO())
    grow(3)
    # A stored PDF in place, as the background worker leaves it: a real rendering.
    version = AgendaVersion.objects.order_by("-sequence", "pk").first()
    document = store_pdf(version_html(version))
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    add_long_chapters({n: OTHER_CHAPTER_WORDS for n in range(2, 13)} | {1: CHAPTER_WORDS})
    add_versions(factories.contribution(1), 1)  # a concept again: the editor opens
    names = {"writer": "writer", "member": "member", "read_along": "read_along"}
    names |= {"coordinator": "coordinator", "partner": "vob"}
    cast = {role: User.objects.get(username=name) for role, name in names.items()}
    return cast, reverse("agenda:agenda_pdf", args=[version.pk])


def copy_database(database, path: Path):
    """A second connection, as ``default``, to a copy of ``database``'s SQLite file."""
    shutil.copyfile(database.settings_dict["NAME"], path)
    return type(database)(database.settings_dict | {"NAME": str(path)}, "default")


def clients(cast):
    """A logged-in test client per role, as if the user has been working: the session
    counts as renewed for the next hour, so that no measured request renews it."""
    from django.test import Client

    from infra.middleware import RenewSessionMiddleware

    logged_in = {}
    for role, user in cast.items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        session = client.session
        session[RenewSessionMiddleware.KEY] = int(time.time()) + 3600
        session.save()
        logged_in[role] = client
    return logged_in


def pages(cast, pdf_url) -> dict[str, tuple[str, str]]:
    """The pages of the query-budget test (one list for both), the bare page and the
    stored PDF: name -> (role, URL)."""
    from django.urls import reverse

    from tests.test_query_budgets import main_pages

    bare = {BARE: ("writer", reverse("bench_bare"))}
    return bare | main_pages(cast) | {PDF: ("read_along", pdf_url)}  # partners: newest only


def fetch(client, url) -> int:
    response = client.get(url)
    if response.streaming:  # a file download: the server reads and sends all of it
        b"".join(response.streaming_content)
    response.close()
    return response.status_code


def measure(databases, cast, logged_in, pdf_url) -> dict[str, dict[str, dict]]:
    """name -> database -> role, URL, status, queries, cpu (median), bare (median of the
    bare page's runs next to this page's)."""
    from django.core.cache import cache
    from django.db import connection, connections, reset_queries
    from django.test.utils import CaptureQueriesContext

    urls = {}
    for label, database in databases.items():
        connections["default"] = database
        urls[label] = pages(cast, pdf_url)
    measured = {name: {} for name in urls["demo"]}
    bare_url = urls["demo"][BARE][1]
    for name in measured:
        for label, database in databases.items():
            connections["default"] = database
            role, url = urls[label][name]
            client = logged_in[role]
            for _ in range(2):  # what a process does once (templates, content types, …)
                fetch(client, url)
            cache.clear()
            reset_queries()  # a full query log (9,000 entries) would count nothing
            with CaptureQueriesContext(connection) as queries:
                status = fetch(client, url)
            measured[name][label] = {
                "role": role,
                "url": url,
                "status": status,
                "queries": len(queries),
                "times": [],
                "bare_times": [],
            }
        for run in range(RUNS):
            for label in list(databases)[:: 1 if run % 2 else -1]:
                connections["default"] = databases[label]
                page = measured[name][label]
                client = logged_in[page["role"]]
                fetch(client, page["url"])  # this database's caches warm again
                for url, times in ((bare_url, page["bare_times"]), (page["url"], page["times"])):
                    cache.clear()  # comparisons made again, as for a pair never asked before
                    gc.collect()  # no request pays for the garbage of the one before
                    start = time.process_time()
                    fetch(client, url)
                    times.append(time.process_time() - start)
        for page in measured[name].values():
            page["cpu"] = statistics.median(page.pop("times"))
            page["bare"] = statistics.median(page.pop("bare_times"))
    return measured


def report(measured) -> list[str]:
    """Print the table and the targets; returns the verdict lines for the summary."""
    bare = {label: measured[BARE][label]["cpu"] for label in ("demo", "10x")}
    print()
    print(
        f"pages: queries and CPU per request, median of {RUNS} after a warm-up "
        "(SQLite in process, DEBUG off, comparisons uncached)"
    )
    print(
        f"  demo = seed_demo + grow(3), chapter 1 of ~{CHAPTER_WORDS:,} words, the others "
        f"~{OTHER_CHAPTER_WORDS:,}; 10x = demo + grow(27)"
    )
    print(
        "  ÷bare: the page's CPU over the bare page's, measured in turns with it; "
        "targets: q = same queries, g = 10x ≤ 1.5x demo, b = ≤ 10x bare (PDF ≤ 2x)"
    )
    print(f"  {'':<31}{'queries':>12}{'CPU ms':>16}{'10x/':>7}{'÷bare':>13}")
    print(
        f"  {'page':<31}{'demo':>6}{'10x':>6}{'demo':>8}{'10x':>8}{'demo':>7}{'demo':>7}"
        f"{'10x':>6}   targets"
    )
    failed = {"q": [], "g": [], "b": [], "pdf": []}
    errors = []
    for name, page in measured.items():
        little, much = page["demo"], page["10x"]
        growth = much["cpu"] / little["cpu"]
        to_bare = (little["cpu"] / little["bare"], much["cpu"] / much["bare"])
        verdicts = []
        if name != BARE:
            checks = {
                "q": little["queries"] == much["queries"],
                "g": growth <= MAX_GROWTH,
                "b": max(to_bare) <= (MAX_PDF_TO_BARE if name == PDF else MAX_TO_BARE),
            }
            for target, ok in checks.items():
                verdicts.append(f"{target} {'ok' if ok else 'FAIL'}")
                if not ok:
                    failed["pdf" if name == PDF and target == "b" else target].append(name)
        for label, status in ((label, page[label]["status"]) for label in ("demo", "10x")):
            if status != 200:
                errors.append(f"{name} ({label}): HTTP {status}")
        print(
            f"  {name:<31}{little['queries']:>6}{much['queries']:>6}"
            f"{little['cpu'] * 1000:>8.1f}{much['cpu'] * 1000:>8.1f}{growth:>7.2f}"
            f"{to_bare[0]:>7.1f}{to_bare[1]:>6.1f}   {' '.join(verdicts)}"
        )
    everything = len(measured) - 1  # the bare page is the yardstick
    pdf = [measured[PDF][label]["cpu"] / measured[PDF][label]["bare"] for label in ("demo", "10x")]
    lines = [
        verdict("pages: query counts the same at demo and 10x", failed["q"], everything),
        verdict(f"pages: CPU at 10x ≤ {MAX_GROWTH:g}x demo", failed["g"], everything),
        verdict(f"pages: CPU ≤ {MAX_TO_BARE:g}x the bare view", failed["b"], everything - 1),
        f"{'FAIL' if failed['pdf'] else 'PASS'}  pages: stored PDF download ≤ "
        f"{MAX_PDF_TO_BARE:g}x the bare view ({pdf[0]:.1f}x demo, {pdf[1]:.1f}x at 10x)",
    ]
    lines += [f"FAIL  pages: {error}, not 200" for error in errors]
    print()
    print(f"  bare view: {bare['demo'] * 1000:.1f} ms (demo), {bare['10x'] * 1000:.1f} ms (10x)")
    for line in lines:
        print(f"  {line}")
    return lines


def verdict(target: str, failed: list[str], total: int) -> str:
    if not failed:
        return f"PASS  {target} ({total}/{total})"
    return f"FAIL  {target} ({total - len(failed)}/{total}; not: {'; '.join(failed)})"


def write_summary(lines: list[str]) -> None:
    """Add the verdicts to the file ``BENCH_SUMMARY`` (``make bench`` prints it at the end)."""
    if path := os.environ.get("BENCH_SUMMARY"):
        with open(path, "a", encoding="utf-8") as summary:
            summary.writelines(line + "\n" for line in lines)


def profile(measured, cast, logged_in) -> None:
    """Where the time goes in each page over the bare-page target, at 10x (one request)."""
    import cProfile
    import io
    import pstats
    import re

    from django.core.cache import cache

    for name, page in measured.items():
        much = page["10x"]
        if name in (BARE, PDF) or much["cpu"] / much["bare"] <= MAX_TO_BARE:
            continue
        cache.clear()
        profiler = cProfile.Profile()
        profiler.runcall(fetch, logged_in[much["role"]], much["url"])
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(10)
        own_code = rf"{re.escape(str(ROOT))}/(agenda|teams|partners)/"
        stats.sort_stats("cumulative").print_stats(own_code, 12)
        print(f"\n--- profile of {name} at 10x ({much['cpu'] * 1000:.0f} ms)")
        for line in out.getvalue().splitlines():
            if line.strip() and not line.lstrip().startswith(("Ordered", "List reduced")):
                print(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", ""))


if __name__ == "__main__":
    main()
