"""Many people at once, at demo size and at 10x: ``BENCH_USERS`` users (50) for
``BENCH_SECONDS`` (20; 8 with ``BENCH_QUICK=1``) against gunicorn and PostgreSQL on
127.0.0.1, first the portal's mix of repeat visitors (``bench/load_mix.py``), then the
same users on the bare view (``bench/urls.py``).

Each user asks for pages of their habits again and again after a warm-up of
``WARM_UP_SECONDS`` (the caches as a working day leaves them); writers also save their
chapter the way the browser does (the edit page, its form posted with the CSRF token and
``base_revision``, the redirect followed), which makes a new history record and so the
next views of it first views. A save that meets someone else's save gets the conflict
page, which is what that user would see: it counts as answered; a form shown again for
any other reason counts as an error, as does every 5xx, timeout or unexpected status.

Targets: no errors; the mix's throughput at least half the bare view's, at each size;
p95 reported.

gunicorn runs 2 x cores + 1 sync workers with ``DEBUG`` off and the cache the
environment gives it (``bench/served.py``: Redis when it can be reached, else each
worker's memory), starting empty before each size. The data, the databases and the
servers are ``bench/served.py``'s; run alone: ``.venv/bin/python bench/served.py load`` (the
pages over HTTP are then left out); ``make bench`` runs it with the other benchmarks.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import knob, passed, percentiles  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = knob("BENCH_SECONDS", 20, 8)
WARM_UP_SECONDS = knob("BENCH_WARM_UP_SECONDS", 5, 3)
WORKERS = 2 * (os.cpu_count() or 1) + 1
MIN_SHARE_OF_BARE = 1 / 2


class Stats:
    def __init__(self):
        self.samples, self.errors, self.examples = [], {}, []
        self.counts = {}

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        """One answered request (``error`` when it was not what the user should get)."""
        self.samples.append((kind, seconds))
        if error:
            self.fail(kind, error)

    def fail(self, kind: str, error: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {error}")

    def note(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


async def request(client, stats, kind, method, url, expect, **options):
    """One request, recorded under ``kind``; returns the response or None on an error."""
    import httpx

    start = time.perf_counter()
    try:
        response = await client.request(method, url, **options)
    except httpx.HTTPError as error:
        stats.add(kind, time.perf_counter() - start, f"{type(error).__name__}: {error}")
        return None
    seconds = time.perf_counter() - start
    if response.status_code not in expect:
        stats.add(kind, seconds, f"HTTP {response.status_code} for {method} {url}")
        return None
    stats.add(kind, seconds)
    return response


async def save(client, stats, urls, user) -> None:
    """Open the editor, change the text, post the form as the browser does."""
    from urllib.parse import urlencode, urljoin, urlsplit

    from bench.formreader import edit_form

    edit = urls["edit"][user["team"]]
    page = await request(client, stats, "edit page", "GET", edit, {200})
    if page is None:
        return
    fields = edit_form(page.text)
    text_fields = [name for name, value in fields if name == "ambition"]
    name = text_fields[0] if text_fields else fields[0][0]
    stamp = f"<p>Aangevuld door {user['session'][:6]} om {time.time():.3f}.</p>"
    fields = [(n, value + stamp if n == name else value) for n, value in fields]
    fields += [("note", "Belastingtest"), ("save", "1")]
    base = str(client.base_url)
    headers = {"Origin": base.rstrip("/"), "Referer": urljoin(base, edit)}
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    posted = await request(
        client,
        stats,
        "save (post)",
        "POST",
        edit,
        {200, 302},
        content=urlencode(fields),
        headers=headers,
    )
    if posted is None:
        return
    if posted.status_code == 200:
        if 'name="resolve_conflict"' in posted.text:
            stats.note("conflict page (someone saved first)")
        else:
            stats.fail("save (post)", "the form came back without a conflict")
        return
    location = posted.headers["location"]
    # A save stays in the editor: back to the edit page, which says when it was saved.
    path = urlsplit(location).path
    stats.note("saved (back in the editor)" if path == urlsplit(edit).path else f"went to {path}")
    await request(client, stats, "edit page", "GET", location, {200})


async def user_loop(index, user, urls, base, deadline, stats, bare):
    import random

    import httpx

    from bench.load_mix import choose, url_for

    chance = random.Random(index)
    cookies = {urls["cookie"]: user["session"]}
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
        while time.perf_counter() < deadline:
            try:
                if bare:
                    await request(client, stats, "bare view", "GET", urls["bare"], {200})
                elif (kind := choose(chance, user)) == "save":
                    await save(client, stats, urls, user)
                else:
                    url = url_for(kind, chance, user, urls)
                    await request(client, stats, kind, "GET", url, {200})
            except Exception as error:  # a page the benchmark cannot read is an error too
                stats.fail("unreadable answer", f"{type(error).__name__}: {error}")


def load(urls, server, database: str, seconds: float, *, bare: bool) -> dict:
    import asyncio

    from bench.servers import server_cpu

    async def everyone():
        stats = Stats()
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                user_loop(i, user, urls, server["base"], deadline, stats, bare)
                for i, user in enumerate(urls["users"])
            )
        )
        return stats

    workers, backends = server_cpu(server, database)
    wall, cpu = time.perf_counter(), time.process_time()
    stats = asyncio.run(everyone())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = server_cpu(server, database)
    used = (after[0] - workers, after[1] - backends)
    return {
        "stats": stats,
        "wall": wall,
        "client_cpu": cpu / wall,
        "server_ms": [seconds * 1000 / max(1, len(stats.samples)) for seconds in used],
    }


def run(sites: dict, work: Path, cache: str) -> list[str]:
    """The load at each size (``sites``: label -> its database, connection, environment
    and cache clearing, from ``bench/served.py``); returns the verdict lines."""
    from django.db import connections

    from bench.load_mix import prepare
    from bench.servers import start_gunicorn, stop, tail

    print(
        f"\nload: {USERS} users at once for {SECONDS:g} s each run, gunicorn with {WORKERS} "
        f"sync workers + PostgreSQL on 127.0.0.1, DEBUG off, cache: {cache} "
        f"({os.cpu_count()} cores shared with this load generator)",
        flush=True,
    )
    lines = []
    for label, site in sites.items():
        connections["default"] = site["connection"]
        urls = prepare(USERS)
        connections["default"].close()
        site["empty_cache"]()
        server = start_gunicorn(
            site["environment"], workers=WORKERS, log=work / f"load-{label}.log"
        )
        try:
            load(urls, server, site["name"], WARM_UP_SECONDS, bare=False)  # habits, caches warm
            mixed = load(urls, server, site["name"], SECONDS, bare=False)
            bare = load(urls, server, site["name"], SECONDS, bare=True)
        finally:
            stop(server)
        lines += report(label, mixed, bare)
        if any(result["stats"].errors for result in (mixed, bare)):
            print("  gunicorn's log, last lines:")
            print("    " + tail(server).replace("\n", "\n    "))
    print()
    for line in lines:
        print(f"  {line}")
    return lines


def report(label: str, mixed: dict, bare: dict) -> list[str]:
    columns = ("requests", "per s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"\n  {label:<26}{columns[0]:>9}" + "".join(f"{column:>8}" for column in columns[1:]))
    rates, p95s = {}, {}
    for title, result in (("mixed load", mixed), ("bare view", bare)):
        stats = result["stats"]
        seconds = [s for _kind, s in stats.samples]
        rates[title] = len(seconds) / result["wall"]
        p50, p95s[title], p99 = percentiles(seconds)
        print(
            f"  {title:<26}{len(seconds):>9}{rates[title]:>8.1f}{p50 * 1000:>8.0f}"
            f"{p95s[title] * 1000:>8.0f}{p99 * 1000:>8.0f}{sum(stats.errors.values()):>8}"
        )
        if title == "mixed load":
            for kind in sorted({k for k, _s in stats.samples}):
                times = [s for k, s in stats.samples if k == kind]
                p50, p95, p99 = percentiles(times)
                print(
                    f"    {kind:<24}{len(times):>9}{len(times) / result['wall']:>8.1f}"
                    f"{p50 * 1000:>8.0f}{p95 * 1000:>8.0f}{p99 * 1000:>8.0f}"
                    f"{stats.errors.get(kind, 0):>8}"
                )
            outcomes = ", ".join(f"{n} {what}" for what, n in sorted(stats.counts.items()))
            print(f"    saves: {outcomes or 'none'}")
        workers, database = result["server_ms"]
        print(
            f"    CPU per request: gunicorn {workers:.1f} ms, PostgreSQL {database:.1f} ms; "
            f"the load generator used {result['client_cpu']:.2f} of a core"
        )
        for example in stats.examples:
            print(f"    error: {example}")
    errors = sum(sum(r["stats"].errors.values()) for r in (mixed, bare))
    share = rates["mixed load"] / rates["bare view"]
    requests = sum(len(r["stats"].samples) for r in (mixed, bare))
    return [
        f"{passed(not errors)}  load ({label}): no errors ({errors} of {requests:,} requests)",
        f"{passed(share >= MIN_SHARE_OF_BARE)}  load ({label}): mixed throughput ≥ 1/2 of the "
        f"bare view's ({rates['mixed load']:.0f}/s against {rates['bare view']:.0f}/s = "
        f"{share:.2f}; p95 {p95s['mixed load'] * 1000:.0f} ms against "
        f"{p95s['bare view'] * 1000:.0f} ms)",
    ]
