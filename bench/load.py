"""Many people at once: gunicorn and PostgreSQL on 127.0.0.1 under ``BENCH_USERS``
concurrent users (default 50) for ``BENCH_SECONDS`` (default 20), first with the portal's
mix of work, then on the bare page (``bench/urls.py``) with the same users.

The mix: writers of all twelve teams read their chapter, save it the way the browser
does (fetch the edit page, post its form with the CSRF token and ``base_revision``, follow
the redirect), look at the home page and download the stored agenda PDF; coordinators
read chapters and the overview and download the PDF. A save that meets someone else's
save gets the conflict page, which is what that user would see: it counts as answered,
a form shown again for any other reason counts as an error, as does every 5xx, timeout
or unexpected status.

Targets: no errors; the mix's throughput is at least a third of the bare page's.

The setup: a database ``netwerkagenda_bench`` on 127.0.0.1:5432 (user postgres),
created and dropped here; ``migrate``, ``seed_demo``, ``bench.grow.grow(3)``, every chapter
a concept again, a stored PDF for the newest agenda version; sessions made directly in
the database. gunicorn (2 x cores + 1 sync workers) runs with ``DEBUG`` off, as in
production, and is stopped at the end whatever happens. Skipped, with the reason, when
PostgreSQL cannot be reached.

Run alone: ``.venv/bin/python bench/load.py``; ``make bench`` runs it with the other
benchmarks. It renders one PDF in a forkserver child, which imports this file again:
everything heavy stays inside ``main()``.
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WARM_UP_SECONDS = 3.0
DATABASE = "netwerkagenda_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
WORKERS = 2 * (os.cpu_count() or 1) + 1
MIN_SHARE_OF_BARE = 1 / 3
WRITERS_PER_TEAM = 3
COORDINATORS = max(1, USERS // 5)


def main() -> None:
    if reason := postgresql_unreachable():
        line = f"SKIP  load: PostgreSQL unreachable at 127.0.0.1:5432 ({reason})"
        print(f"\n{line}")
        write_summary([line])
        return
    # A stop (Ctrl-C, kill) still runs the cleanup below: gunicorn stopped, database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = Path(tempfile.mkdtemp(prefix="netwerkagenda-bench-load-"))
    environment = production_environment(f"{SERVER}/{DATABASE}") | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "COEDIT_ENABLED": "false",  # plain HTTP load (bench/coediting_load.py does co-editing)
        "MEDIA_ROOT": str(work / "media"),
        "BENCH_STATIC_ROOT": str(work / "static"),
    }
    os.environ.update(environment)
    server = None
    try:
        create_database()
        setup = prepare(work)
        server = start_gunicorn(work)
        run(setup, server)
    finally:
        if server is not None:
            stop(server)
        drop_database()
        shutil.rmtree(work, ignore_errors=True)


def production_environment(database_url: str) -> dict[str, str]:
    """The variables of a server run as in production (``DEBUG`` off), on plain HTTP at
    127.0.0.1: no redirect to HTTPS, cookies without Secure."""
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def postgresql_unreachable() -> str:
    import psycopg

    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return ""


def create_database(name: str = DATABASE) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def drop_database(name: str = DATABASE) -> None:
    import psycopg

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django never started: nothing to close
        pass
    try:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except psycopg.Error as error:
        print(f"load: could not drop the database {name}: {error}")


def prepare(work: Path) -> dict:
    """The data, the users' sessions and the URLs they visit."""
    import io
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    started = time.perf_counter()
    django.setup()

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.urls import reverse

    from agenda.models import AgendaVersion, Contribution, Edition
    from agenda.pdf.html import version_html
    from agenda.pdf.storage import store_pdf
    from agenda.review.services import take_review_step
    from bench.grow import grow
    from infra.middleware import RenewSessionMiddleware
    from tests import factories

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", force=True, stdout=quiet)
        grow(3)
        coordinator = factories.coordinator(username="load-coordinator-0")
        chapters = {}
        for contribution in Contribution.objects.for_edition(Edition.objects.current()):
            if contribution.state != Contribution.State.CONCEPT:  # writers may edit again
                take_review_step(obj=contribution, user=coordinator, step="reopen")
            chapters[contribution.team.number] = contribution.get_absolute_url()
        people = [
            ("writer", number, factories.team_user("writer", number, username=f"load-{number}-{k}"))
            for k in range(WRITERS_PER_TEAM)
            for number in range(1, 13)
        ][: USERS - COORDINATORS]
        people += [
            ("coordinator", None, factories.coordinator(username=f"load-coordinator-{k}"))
            for k in range(USERS - len(people))
        ]
    # The stored PDF, as the background worker leaves it: a real rendering.
    version = AgendaVersion.objects.order_by("-sequence", "pk").first()
    document = store_pdf(version_html(version))
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    users = []
    for role, number, user in people:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[RenewSessionMiddleware.KEY] = int(time.time())
        session.create()
        users.append({"role": role, "team": number, "session": session.session_key})
    print(f"load: data built in {time.perf_counter() - started:.0f} s", flush=True)
    return {
        "users": users,
        "cookie": settings.SESSION_COOKIE_NAME,
        "chapters": chapters,
        "edit": {n: url.rstrip("/") + "/bewerken/" for n, url in chapters.items()},
        "overview": reverse("agenda:overview"),
        "home": reverse("home"),
        "pdf": reverse("agenda:agenda_pdf", args=[version.pk]),
        "bare": reverse("bench_bare"),
    }


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM should this benchmark die without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_gunicorn(work: Path) -> dict:
    import socket

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(work / "gunicorn.log", "wb")  # noqa: SIM115 (closed in stop())
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "netwerkagenda.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--timeout=60",
            "--graceful-timeout=5",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,  # no threads run yet
    )
    server = {"process": process, "log": log, "path": work / "gunicorn.log"}
    server["base"] = base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{tail(server)}")
        try:
            if httpx.get(f"{base}/inloggen/", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{tail(server)}")


def stop(server: dict) -> None:
    process = server["process"]
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    server["log"].close()


def tail(server: dict, lines: int = 20) -> str:
    server["log"].flush()
    text = server["path"].read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


class FormReader(HTMLParser):
    """The fields of the page's post forms, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append({"method": attributes.get("method", "get").lower(), "fields": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        kind = attributes.get("type", "text").lower()
        if tag == "input" and name and kind not in {"submit", "image", "button", "file", "reset"}:
            if kind not in {"checkbox", "radio"} or "checked" in attributes:
                fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.forms[-1]["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self.forms[-1]["fields"] += [(self._select["name"], value) for value in chosen]
            self._select = None


def edit_form(html: str) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form["method"] == "post" and any(n == "base_revision" for n, _ in form["fields"]):
            return form["fields"]
    raise ValueError("no edit form with base_revision on the page")


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


async def save(client, stats, setup, user, number: int) -> None:
    """Open the editor, change the text, post the form as the browser does."""
    from urllib.parse import urlencode, urljoin, urlsplit

    edit = setup["edit"][number]
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
    saved = path == urlsplit(setup["edit"][number]).path
    stats.note("saved (back in the editor)" if saved else f"redirected to {path}")
    await request(client, stats, "edit page", "GET", location, {200})


async def user_loop(index, user, setup, base, deadline, stats, bare):
    import random

    import httpx

    chance = random.Random(index)
    cookies = {setup["cookie"]: user["session"]}
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
        while time.perf_counter() < deadline:
            try:
                await one_action(client, chance, user, setup, stats, bare)
            except Exception as error:  # a page the benchmark cannot read is an error too
                stats.fail("unreadable answer", f"{type(error).__name__}: {error}")


async def one_action(client, chance, user, setup, stats, bare) -> None:
    if bare:
        await request(client, stats, "bare view", "GET", setup["bare"], {200})
        return
    roll = chance.random()
    if user["role"] == "writer":
        number = user["team"]
        if roll < 0.45:
            await request(client, stats, "chapter", "GET", setup["chapters"][number], {200})
        elif roll < 0.75:
            await save(client, stats, setup, user, number)
        elif roll < 0.85:
            await request(client, stats, "home", "GET", setup["home"], {200})
        else:
            await request(client, stats, "agenda PDF", "GET", setup["pdf"], {200})
    elif roll < 0.4:
        await request(client, stats, "overview", "GET", setup["overview"], {200})
    elif roll < 0.8:
        number = chance.randint(1, 12)
        await request(client, stats, "chapter", "GET", setup["chapters"][number], {200})
    else:
        await request(client, stats, "agenda PDF", "GET", setup["pdf"], {200})


def server_cpu(server: dict) -> tuple[float, float]:
    """CPU seconds used so far by gunicorn's workers and by this database's PostgreSQL
    backends (Linux ``/proc``; zeros elsewhere)."""
    master, tick = server["process"].pid, os.sysconf("SC_CLK_TCK")
    workers = database = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        used = int(fields[11]) + int(fields[12])  # utime + stime
        if int(fields[1]) == master:
            workers += used
        elif cmdline.startswith(b"postgres: ") and DATABASE.encode() in cmdline:
            database += used
    return workers / tick, database / tick


def load(setup, server, seconds: float, *, bare: bool) -> dict:
    import asyncio

    async def everyone():
        stats = Stats()
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                user_loop(i, user, setup, base, deadline, stats, bare)
                for i, user in enumerate(setup["users"])
            )
        )
        return stats

    base = server["base"]
    workers, database = server_cpu(server)
    wall, cpu = time.perf_counter(), time.process_time()
    stats = asyncio.run(everyone())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = server_cpu(server)
    used = (after[0] - workers, after[1] - database)
    return {
        "stats": stats,
        "wall": wall,
        "client_cpu": cpu / wall,
        "server_ms": [seconds * 1000 / max(1, len(stats.samples)) for seconds in used],
    }


def run(setup, server) -> None:
    load(setup, server, WARM_UP_SECONDS, bare=False)  # every worker reads its templates
    mixed = load(setup, server, SECONDS, bare=False)
    bare = load(setup, server, SECONDS, bare=True)
    lines = report(mixed, bare)
    if any(result["stats"].errors for result in (mixed, bare)):
        print("  gunicorn's log, last lines:")
        print("    " + tail(server).replace("\n", "\n    "))
    write_summary(lines)


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    if len(seconds) < 2:
        return (seconds or [0.0]) * 3
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(mixed: dict, bare: dict) -> list[str]:
    print(
        f"\nload: {USERS} users at once for {SECONDS:g} s each run, gunicorn with "
        f"{WORKERS} sync workers + PostgreSQL on 127.0.0.1, DEBUG off "
        f"({os.cpu_count()} cores shared with this load generator)"
    )
    columns = ("requests", "per s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"  {'':<26}{columns[0]:>9}" + "".join(f"{column:>8}" for column in columns[1:]))
    rates = {}
    for title, result in (("mixed load", mixed), ("bare view", bare)):
        stats = result["stats"]
        seconds = [s for _kind, s in stats.samples]
        rates[title] = len(seconds) / result["wall"]
        errors = sum(stats.errors.values())
        p50, p95, p99 = percentiles(seconds)
        print(
            f"  {title:<26}{len(seconds):>9}{rates[title]:>8.1f}{p50 * 1000:>8.0f}"
            f"{p95 * 1000:>8.0f}{p99 * 1000:>8.0f}{errors:>8}"
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
    lines = [
        f"{'PASS' if not errors else 'FAIL'}  load: no errors under load ({errors} errors)",
        f"{'PASS' if share >= MIN_SHARE_OF_BARE else 'FAIL'}  load: mixed throughput ≥ 1/3 "
        f"of the bare view's ({rates['mixed load']:.0f}/s against "
        f"{rates['bare view']:.0f}/s = {share:.2f})",
    ]
    print()
    for line in lines:
        print(f"  {line}")
    return lines


def write_summary(lines: list[str]) -> None:
    """Add the verdicts to the file ``BENCH_SUMMARY`` (``make bench`` prints it at the end)."""
    if path := os.environ.get("BENCH_SUMMARY"):
        with open(path, "a", encoding="utf-8") as summary:
            summary.writelines(line + "\n" for line in lines)


if __name__ == "__main__":
    main()
