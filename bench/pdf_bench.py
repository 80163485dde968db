"""Benchmark: render a realistic full agenda and compare with bare WeasyPrint on the same HTML.

Run with ``make bench`` (it uses a throw-away SQLite database). The full benchmark
suite comes with issue 6/6; this entry measures the PDF path.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkagenda.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from agenda.demo_content import DEMO_CONTRIBUTIONS  # noqa: E402
from agenda.models import Edition  # noqa: E402
from agenda.pdf import STATIC_BASE, render_pdf  # noqa: E402
from agenda.print import version_html  # noqa: E402
from agenda.services import agenda_compile  # noqa: E402
from tests import factories  # noqa: E402
from tests.agenda_helpers import approve_chapter, approve_network_texts  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def realistic_text(number: int) -> str:
    """About two pages per chapter: the demo chapters' text, repeated."""
    demo = DEMO_CONTRIBUTIONS[1 if number % 2 else 5]
    return (demo["context"] + demo["ambition"]) * 6


def build_agenda():
    call_command("migrate", verbosity=0)
    coordinator = factories.coordinator(username="bench-coordinator")
    approve_network_texts(coordinator)
    for number in range(1, 13):
        approve_chapter(number, coordinator, text=realistic_text(number))
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def timed(function, runs=RUNS):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    version = build_agenda()
    html = version_html(version)
    portal_seconds, (data, pages) = timed(lambda: render_pdf(html))
    # Bare WeasyPrint: default fetcher, stylesheet read straight from disk, same HTML.
    static_dir = Path(finders.find("css/print.css")).parent.parent
    bare_html = html.replace(
        'href="css/print.css"', f'href="{(static_dir / "css/print.css").as_uri()}"'
    )
    bare_seconds, bare = timed(
        lambda: HTML(string=bare_html, base_url=static_dir.as_uri() + "/").write_pdf(
            pdf_variant="pdf/ua-1"
        )
    )
    print(f"agenda PDF: {pages} pages, {len(data) / 1024:.0f} KiB, median of {RUNS} runs")
    print(f"  portal (static-only fetcher, fonts, PDF/UA-1): {portal_seconds:.2f} s")
    print(f"  bare WeasyPrint on the same HTML:              {bare_seconds:.2f} s")
    ratio = portal_seconds / bare_seconds
    print(f"  overhead: {ratio:.2f}x  (bare output {len(bare) / 1024:.0f} KiB)")
    assert STATIC_BASE  # the portal path resolves URLs under STATIC_BASE


if __name__ == "__main__":
    main()
