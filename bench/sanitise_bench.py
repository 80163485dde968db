"""How long the sanitiser takes on hostile nesting, next to nh3 alone on the same input.

nh3's parser takes time in proportion to length times nesting depth; the portal's
sanitiser cuts the depth first, so its time stays in proportion to the length.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkagenda.settings")

import django

django.setup()

import nh3  # noqa: E402

from agenda.texts import richtext  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def nested_lists(depth: int) -> str:
    return "".join(f"<ul><li>niveau{n} " for n in range(depth)) + "</li></ul>" * depth


def median_seconds(function) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    print(f"sanitising nested lists, median of {RUNS} runs")
    for depth in (1_000, 5_000, 20_000):
        html = nested_lists(depth)
        portal = median_seconds(lambda html=html: richtext.sanitise(html))
        bare = median_seconds(lambda html=html: nh3.clean(html))
        print(
            f"  {depth:>6} deep ({len(html) / 1024:.0f} KiB): portal {portal:.2f} s, "
            f"nh3 alone {bare:.2f} s"
        )


if __name__ == "__main__":
    main()
