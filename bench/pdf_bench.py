"""The portal's PDF path against bare WeasyPrint on the same HTML: a full agenda and one
chapter.

Portal: ``agenda.pdf.html.version_html``, then ``agenda.pdf.storage.store_pdf`` on fresh content
(a new content hash each run, so it renders: ``render_pdf`` in a time-limited child
process, then the file and its row are stored). Bare: WeasyPrint's ``write_pdf`` on the
same HTML, with its default URL fetcher, in the same kind of child process (forked from
the same forkserver), so that both pay the same process start. CPU time is this
process's ``time.process_time`` plus what the child reports of itself
(``getrusage(RUSAGE_SELF)``); wall time is the whole call. The two run in interleaved
pairs after a warm-up pair; medians of ``BENCH_RUNS`` (at least 5). Peak memory is the
child's maximum resident set.

Target: the full agenda costs at most 1.1x bare WeasyPrint in CPU time.

The data: a throw-away SQLite database with twelve approved chapters of about 700
words and ten actions each (``bench.grow.long_content``), compiled into one version.

Run alone: ``DEBUG=true .venv/bin/python bench/pdf_bench.py``; ``make bench`` runs it
with the other benchmarks. Rendering happens in forkserver children, which import this
file again: everything heavy stays inside ``main()``.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = max(5, int(os.environ.get("BENCH_RUNS", "5")))
CHAPTER_WORDS = 700  # about 40 pages in all, as a year's agenda
MAX_OVERHEAD = 1.1  # portal CPU / bare WeasyPrint CPU, full agenda


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="netwerkagenda-bench-pdf-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    # Compiling enqueues the agenda's PDF; here the benchmark renders it itself.
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    try:
        run()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run() -> None:
    import django

    django.setup()

    from django.contrib.staticfiles import finders

    from teams.models import Team

    version = build_agenda()
    static_dir = Path(finders.find("css/print.css")).parent.parent
    lines = []
    for label, team in (("full agenda", None), ("one chapter", Team.objects.get(number=1))):
        result = compare(version, team, base_url=static_dir.as_uri() + "/")
        lines += report(label, result, target=team is None)
        if team is None:
            lines += signing_and_gate(version, result)
    write_summary(lines)


MAX_SIGNING_SHARE = 0.10  # signing the ratified agenda / rendering it (wall time)


def signing_and_gate(version, runs: dict) -> list[str]:
    """Signing the full agenda (tagged field + PAdES B-B with a demo certificate, as the
    worker does for the ratified one) and the tests' PDF/UA-1 gate (page-validation, if
    installed), beside the median wall time of rendering it."""
    from django.conf import settings

    from agenda.management.commands.make_demo_certificate import demo_certificate
    from agenda.pdf.html import version_html
    from agenda.pdf.signing import sign_pdf
    from agenda.pdf.storage import render_pdf

    certificate = Path(settings.MEDIA_ROOT) / "bench-demo.p12"
    certificate.parent.mkdir(parents=True, exist_ok=True)
    certificate.write_bytes(demo_certificate("bench"))
    settings.SIGNING_CERTIFICATE, settings.SIGNING_PASSPHRASE = str(certificate), "bench"
    data = render_pdf(version_html(version))[0]
    sign_pdf(data)  # warm-up: pyHanko's imports
    signing = []
    for _run in range(RUNS):
        started = time.perf_counter()
        signed = sign_pdf(data).data
        signing.append(time.perf_counter() - started)
    render = statistics.median(result["wall"] for result in runs["portal"])
    share = statistics.median(signing) / render
    print(f"  signing (median of {RUNS}){'':<21}{statistics.median(signing):>25.3f} s wall")
    try:
        import page
    except ImportError:
        print("  PDF/UA-1 gate: page-validation is not installed (a dev dependency)")
    else:
        started = time.perf_counter()
        report = page.validate_pdf_bytes(signed, profile="ua1")
        print(
            f"  PDF/UA-1 gate on the signed agenda: {time.perf_counter() - started:.3f} s, "
            + ("compliant" if report.is_compliant else "NOT compliant: ")
            + ", ".join(sorted({failure.rule_id for failure in report.failures}))
        )
    ok = share <= MAX_SIGNING_SHARE
    line = (
        f"{'PASS' if ok else 'FAIL'}  pdf: signing the full agenda ≤ {MAX_SIGNING_SHARE:.0%} "
        f"of rendering it ({share:.1%}: {statistics.median(signing):.3f} s of {render:.2f} s)"
    )
    print(f"  {line}")
    return [line]


def build_agenda():
    import io

    from django.core.management import call_command
    from django.test.utils import override_settings

    from agenda.governance.compiling import agenda_compile
    from agenda.models import Edition
    from agenda.review.services import take_review_step
    from agenda.services import contribution_save
    from bench.grow import long_content
    from tests import factories
    from tests.agenda_helpers import approve_network_texts

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        coordinator = factories.coordinator(username="bench-coordinator")
        approve_network_texts(coordinator)
        for number in range(1, 13):
            writer = factories.team_user("writer", number=number)
            contribution = factories.contribution(number)
            contribution = contribution_save(
                contribution=contribution,
                user=writer,
                content=long_content(CHAPTER_WORDS, seed=number),
                base_revision=contribution.revision,
            )
            take_review_step(obj=contribution, user=writer, step="submit")
            take_review_step(obj=contribution, user=coordinator, step="approve")
        return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def portal(version, team, run: int) -> dict:
    """The portal's path on fresh content: make the HTML, render it, store it."""
    from agenda.pdf.html import version_html
    from agenda.pdf.rendering import child_usages
    from agenda.pdf.storage import store_pdf

    wall, cpu = time.perf_counter(), time.process_time()
    with child_usages() as usages:
        html = version_html(version, only_team=team)
        # A comment makes the content new (another hash), so it is rendered, not reused.
        document = store_pdf(html.replace("</body>", f"<!-- run {run} --></body>"))
    (usage,) = usages
    return {
        "cpu": time.process_time() - cpu + usage.cpu_seconds,
        "child_cpu": usage.cpu_seconds,
        "wall": time.perf_counter() - wall,
        "rss": usage.max_rss_mb,
        "pages": document.pages,
        "bytes": document.file.size,
    }


def bare_child(connection, html: str, base_url: str) -> None:
    """WeasyPrint as its documentation shows it, in a child; sends its size and usage."""
    from weasyprint import HTML

    from agenda.pdf.rendering import ChildUsage

    data = HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    connection.send((len(data), ChildUsage.of_this_process()))
    connection.close()


def bare(html: str, base_url: str) -> dict:
    import multiprocessing

    context = multiprocessing.get_context("forkserver")  # the portal's forkserver too
    wall, cpu = time.perf_counter(), time.process_time()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=bare_child, args=(sender, html, base_url), daemon=True)
    child.start()
    sender.close()
    size, usage = receiver.recv()
    receiver.close()
    child.join()
    return {
        "cpu": time.process_time() - cpu + usage.cpu_seconds,
        "child_cpu": usage.cpu_seconds,
        "wall": time.perf_counter() - wall,
        "rss": usage.max_rss_mb,
        "bytes": size,
    }


def compare(version, team, *, base_url: str) -> dict:
    """Interleaved pairs, the first a warm-up; the order alternates within the pairs."""
    from agenda.pdf.html import version_html

    html = version_html(version, only_team=team)
    runs = {"portal": [], "bare": []}
    for run in range(RUNS + 1):
        pair = (
            ("portal", lambda run=run: portal(version, team, run=run + 1)),
            ("bare", lambda: bare(html, base_url)),
        )
        for name, measure in pair if run % 2 else reversed(pair):
            result = measure()
            if run:  # the first pair warms up
                runs[name].append(result)
    return runs


def report(label: str, runs: dict, *, target: bool) -> list[str]:
    def median(name, key):
        return statistics.median(result[key] for result in runs[name])

    portal, bare = runs["portal"][0], runs["bare"][0]
    cpu = median("portal", "cpu") / median("bare", "cpu")
    wall = median("portal", "wall") / median("bare", "wall")
    print(
        f"\npdf: {label}: {portal['pages']} pages, {portal['bytes'] / 1024:.0f} KiB "
        f"(bare {bare['bytes'] / 1024:.0f} KiB), median of {RUNS} interleaved pairs"
    )
    print(f"  {'':<44}{'CPU s':>8}{'(child)':>9}{'wall s':>8}{'peak MB':>9}")
    for name, title in (
        ("portal", "portal (version_html + render_pdf + store)"),
        ("bare", "bare WeasyPrint, same HTML, same kind of child"),
    ):
        print(
            f"  {title:<44}{median(name, 'cpu'):>8.2f}{median(name, 'child_cpu'):>9.2f}"
            f"{median(name, 'wall'):>8.2f}{max(r['rss'] for r in runs[name]):>9.0f}"
        )
    print(f"  {'portal / bare':<44}{cpu:>7.2f}x{'':>9}{wall:>7.2f}x")
    if not target:
        return []
    ok = cpu <= MAX_OVERHEAD
    line = (
        f"{'PASS' if ok else 'FAIL'}  pdf: full agenda ≤ {MAX_OVERHEAD:g}x bare WeasyPrint "
        f"in CPU ({cpu:.2f}x; wall {wall:.2f}x; peak {max(r['rss'] for r in runs['portal']):.0f}"
        " MB)"
    )
    print(f"  {line}")
    return [line]


def write_summary(lines: list[str]) -> None:
    """Add the verdicts to the file ``BENCH_SUMMARY`` (``make bench`` prints it at the end)."""
    if path := os.environ.get("BENCH_SUMMARY"):
        with open(path, "a", encoding="utf-8") as summary:
            summary.writelines(line + "\n" for line in lines)


if __name__ == "__main__":
    main()
