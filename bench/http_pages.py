"""Every main page over HTTP against gunicorn and PostgreSQL, at demo size and at 10x,
first and repeat view, each request next to one of the bare view (``bench/urls.py``) in
the same run: what the in-process benchmark (``bench/pages.py``, SQLite) cannot see, the
database server's share included (issue 32).

The pages: ``tests.test_query_budgets.main_pages``, as the cast of ``bench/data.py``
(sessions made in the database, cookies handed to an ``httpx`` client). One gunicorn per
size, one sync worker each (the requests come one at a time; one worker means one cache
and one set of warm templates), ``DEBUG`` off, both up at once and asked in turns, page by
page. Per run and size: the bare view; for a page that grows with the content also a
bare view of as many bytes (``bench/bare/<size>/``); the cache emptied
(``bench/cache/clear/``, a bench-only endpoint that answers only the token this process
gave the server: it empties the worker's memory cache, or the benchmark's own Redis
database); the page (first view); the bare view again; the page again (repeat view).
Wall time per request as the client sees it, new connection included (gunicorn's sync
workers close each one); p50 and p95 of ``BENCH_HTTP_RUNS`` runs (21; 7 with
``BENCH_QUICK=1``) after a warm-up.

Targets, on the first view: p50 at 10x ≤ 10x the bare view's p50 (a page that grows
with the content: ≤ 5x the bare view of as many bytes), and ≤ 1.5x its own p50 at demo
size. The repeat view is reported beside it.

Run alone: ``.venv/bin/python bench/served.py pages`` (the load is then left out; the data,
databases and servers are ``bench/served.py``'s).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import knob, percentiles, verdict  # noqa: E402

RUNS = int(knob("BENCH_HTTP_RUNS", 21, 7))
MAX_TO_BARE = 10.0  # a first view's p50 at 10x / the bare view's
MAX_TO_SIZED = 5.0  # a growing page's first view p50 at 10x / a bare view of as many bytes
MAX_GROWTH = 1.5  # a first view's p50 at 10x / at demo size
LABELS = ("demo", "10x")


def run(sites: dict, urls: dict, work: Path, cache: str) -> list[str]:
    """Measure every page at both sizes (``sites`` and ``urls`` per label, from
    ``bench/served.py``); returns the verdict lines."""
    from bench.servers import start_gunicorn, stop

    servers = {}
    try:
        for label, site in sites.items():
            site["empty_cache"]()
            log = work / f"pages-{label}.log"
            servers[label] = start_gunicorn(site["environment"], workers=1, log=log)
        measured = measure(servers, urls, sites)
    finally:
        for server in servers.values():
            stop(server)
    return report(measured, cache)


def measure(servers: dict, urls: dict, sites: dict) -> dict:
    import httpx

    from bench.data import BARE, byte_matched, sized_bare

    def client(label, cookies=None):
        return httpx.Client(base_url=servers[label]["base"], cookies=cookies, timeout=60)

    clients = {
        label: {
            role: client(label, {urls["cookie"]: key}) for role, key in urls["sessions"].items()
        }
        for label in LABELS
    }
    clearing = {label: client(label) for label in LABELS}

    def clear(label):
        token = {"X-Bench-Token": sites[label]["environment"]["BENCH_CACHE_TOKEN"]}
        response = clearing[label].post("/bench/cache/clear/", headers=token)
        if response.status_code != 204:
            raise RuntimeError(f"the cache of {label} was not cleared: HTTP {response.status_code}")

    def timed(http, url, page):
        start = time.perf_counter()
        response = http.get(url)
        seconds = time.perf_counter() - start
        page["statuses"].add(response.status_code)
        page["size"] = len(response.content)
        return seconds

    bare_url = urls["demo"][BARE][1]
    measured = {name: {} for name in urls["demo"] if name != BARE}
    print(f"pages over HTTP: {len(measured)} pages, {RUNS} runs", flush=True)
    for name in measured:
        for label in LABELS:
            role, url = urls[label][name]
            page = {"role": role, "url": url, "statuses": set(), "size": 0}
            for _ in range(2):  # what a process does once (templates, content types, …)
                timed(clients[label][role], url, page)
            page |= {"first": [], "repeat": [], "bare": [], "sized": []}
            measured[name][label] = page
        matched = byte_matched(name, [measured[name][label]["size"] for label in LABELS])
        for label in LABELS if matched else ():
            clients[label]["writer"].get(sized_bare(measured[name][label]["size"]))  # built once
        for number in range(RUNS):
            for label in LABELS[:: 1 if number % 2 else -1]:
                page = measured[name][label]
                http = clients[label][page["role"]]
                yardstick = {"statuses": set(), "size": 0}
                page["bare"].append(timed(http, bare_url, yardstick))
                if matched:
                    page["sized"].append(timed(http, sized_bare(page["size"]), yardstick))
                clear(label)
                page["first"].append(timed(http, page["url"], page))
                page["bare"].append(timed(http, bare_url, yardstick))
                page["repeat"].append(timed(http, page["url"], page))
                page["statuses"] |= yardstick["statuses"]
        for page in measured[name].values():
            page["matched"] = matched
    for label in LABELS:
        for http in [*clients[label].values(), clearing[label]]:
            http.close()
    return measured


def report(measured: dict, cache: str) -> list[str]:
    print(
        f"\npages over HTTP: wall time per request, first view (cache emptied) and repeat "
        f"view, p50 and p95 of {RUNS} runs; gunicorn (1 sync worker per size) + PostgreSQL "
        f"on 127.0.0.1, DEBUG off, cache: {cache}"
    )
    print(
        "  ÷bare: p50 over the bare view's p50 in the same runs; * = over a bare view of as "
        f"many bytes; missed: t = first p50 at 10x ≤ {MAX_TO_BARE:g}x bare (* ≤ "
        f"{MAX_TO_SIZED:g}x), g = first p50 at 10x ≤ {MAX_GROWTH:g}x demo"
    )
    print(f"  {'':<31}{'first view, ms':^48}  {'repeat view, ms':^24}")
    print(
        f"  {'page':<31}{'p50':^12}{'p95':^12}{'10x/':>5}{'÷bare':^17}  {'p50':^12}{'÷bare':^12}"
        f"{'kB':>7}"
    )
    print(
        f"  {'':<31}{'demo':>6}{'10x':>6}{'demo':>6}{'10x':>6}{'demo':>5}{'demo':>7} "
        f"{'10x':>7}   {'demo':>6}{'10x':>6}{'demo':>6}{'10x':>6}{'10x':>7}  missed"
    )
    failed = {"t": [], "g": []}
    bare = {label: [] for label in LABELS}
    for name, page in measured.items():
        p50 = {label: statistics.median(page[label]["first"]) for label in LABELS}
        p95 = {label: percentiles(page[label]["first"])[1] for label in LABELS}
        repeat = {label: statistics.median(page[label]["repeat"]) for label in LABELS}
        plain = {label: statistics.median(page[label]["bare"]) for label in LABELS}
        yardstick = {
            label: statistics.median(page[label]["sized"])
            if page[label]["matched"]
            else plain[label]
            for label in LABELS
        }
        for label in LABELS:
            bare[label] += page[label]["bare"]
        to_bare = {label: p50[label] / yardstick[label] for label in LABELS}
        star = "*" if page["demo"]["matched"] else " "
        misses = []
        if to_bare["10x"] > (MAX_TO_SIZED if page["demo"]["matched"] else MAX_TO_BARE):
            misses.append("t")
        if p50["10x"] > MAX_GROWTH * p50["demo"]:
            misses.append("g")
        for target in misses:
            failed[target].append(name)
        ms = {
            label: (p50[label] * 1000, p95[label] * 1000, repeat[label] * 1000) for label in LABELS
        }
        print(
            f"  {name:<31}{ms['demo'][0]:>6.1f}{ms['10x'][0]:>6.1f}{ms['demo'][1]:>6.1f}"
            f"{ms['10x'][1]:>6.1f}{p50['10x'] / p50['demo']:>5.2f}"
            f"{to_bare['demo']:>7.1f}{star}{to_bare['10x']:>7.1f}{star}"
            f"  {ms['demo'][2]:>6.1f}{ms['10x'][2]:>6.1f}"
            f"{repeat['demo'] / plain['demo']:>6.1f}{repeat['10x'] / plain['10x']:>6.1f}"
            f"{page['10x']['size'] / 1000:>7.0f}  {' '.join(misses) or '-'}"
        )
    bare_ms = {label: statistics.median(bare[label]) * 1000 for label in LABELS}
    print(f"\n  bare view: p50 {bare_ms['demo']:.1f} ms (demo), {bare_ms['10x']:.1f} ms (10x)")
    total = len(measured)
    lines = [
        verdict(
            f"pages over HTTP: first view p50 at 10x ≤ {MAX_TO_BARE:g}x the bare view's "
            f"(≤ {MAX_TO_SIZED:g}x one of as many bytes for pages that grow), cache: {cache}",
            failed["t"],
            total,
        ),
        verdict(
            f"pages over HTTP: first view p50 at 10x ≤ {MAX_GROWTH:g}x demo", failed["g"], total
        ),
    ]
    for name, page in measured.items():
        for label in LABELS:
            if page[label]["statuses"] != {200}:
                statuses = sorted(page[label]["statuses"])
                lines.append(f"FAIL  pages over HTTP: {name} ({label}): HTTP {statuses}")
    for line in lines:
        print(f"  {line}")
    return lines
