"""The table and the verdicts of ``bench/pages.py``, and ``BENCH_PROFILE``'s profiles."""

import sys
from pathlib import Path

from bench.data import BARE, CHAPTER_WORDS, LARGE, OTHER_CHAPTER_WORDS, PDF
from bench.summary import verdict

ROOT = Path(__file__).resolve().parent.parent
MAX_REPEAT = 3.0  # a repeat view's CPU / the bare view's
MAX_FIRST = 10.0  # a first view's CPU / the bare view's, at demo size
MAX_FIRST_SIZED = 5.0  # a growing page's first view / a bare view of as many bytes
MAX_GROWTH = 1.5  # a first view's CPU at 10x / at demo size
MAX_PDF = 2.0  # a stored PDF download's CPU / the bare view's
LABELS = ("demo", "10x")


def ratios(page: dict) -> tuple[float, float]:
    """A page's first view over its yardstick (the byte-matched bare view for a growing
    page) and its repeat view over the bare view."""
    yardstick = page["sized"] if page["matched"] else page["bare"]
    return page["first"] / yardstick, page["repeat"] / page["bare"]


def missed(name: str, page: dict) -> set[str]:
    """The targets page ``name`` misses: q(ueries), f(irst), g(rowth), r(epeat)."""
    little, much = page["demo"], page["10x"]
    first = {label: ratios(page[label])[0] for label in LABELS}
    repeat = max(ratios(page[label])[1] for label in LABELS)
    if name == PDF:
        first_ok = max(first.values()) <= MAX_PDF
    elif little["matched"]:
        first_ok = max(first.values()) <= MAX_FIRST_SIZED
    else:
        first_ok = first["demo"] <= MAX_FIRST
    checks = {
        "q": little["queries"] == much["queries"],
        "f": first_ok,
        "g": much["first"] <= MAX_GROWTH * little["first"],
        "r": repeat <= MAX_REPEAT,
    }
    return {target for target, ok in checks.items() if not ok}


def report(measured: dict, runs: int) -> list[str]:
    """Print the table and the targets; returns the verdict lines for the summary."""
    print(
        f"\npages: queries and CPU per request, first view (caches cleared) and repeat view "
        f"(the same request again), median of {runs} after a warm-up (SQLite and a "
        "local-memory cache in process, DEBUG off)"
    )
    print(
        f"  demo = seed_demo + grow(3), chapter 1 of ~{CHAPTER_WORDS:,} words, the others "
        f"~{OTHER_CHAPTER_WORDS:,}; 10x = demo + grow(27)"
    )
    print(
        "  ÷bare: over the bare view measured in turns with the page; * = over a bare view "
        "of as many bytes (a page that grows with the content)"
    )
    print(
        f"  missed targets: q = same queries at 10x, f = first ≤ {MAX_FIRST:g}x bare at demo "
        f"size (* ≤ {MAX_FIRST_SIZED:g}x at both; PDF ≤ {MAX_PDF:g}x), g = first at 10x ≤ "
        f"{MAX_GROWTH:g}x demo, r = repeat ≤ {MAX_REPEAT:g}x bare"
    )
    print(f"  {'':<31}{'queries':^20}  {'first view':^35}  {'repeat view':^24}")
    print(
        f"  {'page':<31}{'first':^10}{'repeat':^10}  {'CPU ms':^14}{'10x/':>5}{'÷bare':^16}"
        f"  {'CPU ms':^12}{'÷bare':^12}"
    )
    print(
        f"  {'':<31}{'demo':>5}{'10x':>5}{'demo':>5}{'10x':>5}  {'demo':>7}{'10x':>7}{'demo':>5}"
        f"{'demo':>7} {'10x':>7}   {'demo':>6}{'10x':>6}{'demo':>6}{'10x':>6}  missed"
    )
    failed = {target: [] for target in "qfgr"}
    for name, page in measured.items():
        little, much = page["demo"], page["10x"]
        first = [ratios(page[label])[0] for label in LABELS]
        repeat = [ratios(page[label])[1] for label in LABELS]
        star = "*" if little["matched"] else " "
        misses = set() if name == BARE else missed(name, page)
        for target in misses:
            failed[target].append(name)
        print(
            f"  {name:<31}{little['queries']['first']:>5}{much['queries']['first']:>5}"
            f"{little['queries']['repeat']:>5}{much['queries']['repeat']:>5}"
            f"  {little['first'] * 1000:>7.1f}{much['first'] * 1000:>7.1f}"
            f"{much['first'] / little['first']:>5.2f}"
            f"{first[0]:>7.1f}{star}{first[1]:>7.1f}{star}"
            f"  {little['repeat'] * 1000:>6.1f}{much['repeat'] * 1000:>6.1f}"
            f"{repeat[0]:>6.1f}{repeat[1]:>6.1f}  {' '.join(sorted(misses)) or '-'}"
        )
    return verdicts(measured, failed)


def verdicts(measured: dict, failed: dict[str, list[str]]) -> list[str]:
    bare = {label: measured[BARE][label]["bare"] * 1000 for label in LABELS}
    pages = [name for name in measured if name != BARE]
    sized = [name for name in pages if measured[name]["demo"]["matched"]]
    plain = [name for name in pages if name not in sized and name != PDF]
    sizes = "; ".join(
        f"{name} {measured[name]['demo']['size'] / 1000:,.0f} → "
        f"{measured[name]['10x']['size'] / 1000:,.0f} kB"
        for name in sized
    )
    pdf = [ratios(measured[PDF][label])[0] for label in LABELS] if PDF in measured else []
    lines = [
        verdict(
            "pages: queries the same at demo size and 10x, first and repeat view",
            failed["q"],
            len(pages),
        ),
        verdict(f"pages: repeat view ≤ {MAX_REPEAT:g}x the bare view", failed["r"], len(pages)),
        verdict(
            f"pages: first view ≤ {MAX_FIRST:g}x the bare view at demo size",
            [name for name in failed["f"] if name in plain],
            len(plain),
        ),
        verdict(
            f"pages: first view ≤ {MAX_FIRST_SIZED:g}x a bare view of as many bytes, at "
            f"demo size and 10x, for pages that grow with the content or pass "
            f"{LARGE // 1000} kB ({sizes})",
            [name for name in failed["f"] if name in sized],
            len(sized),
        ),
        verdict(f"pages: first view at 10x ≤ {MAX_GROWTH:g}x demo", failed["g"], len(pages)),
    ]
    if pdf:
        lines.append(
            f"{'FAIL' if PDF in failed['f'] else 'PASS'}  pages: stored PDF download ≤ "
            f"{MAX_PDF:g}x the bare view ({pdf[0]:.1f}x demo, {pdf[1]:.1f}x at 10x)"
        )
    for name, page in measured.items():
        for label in LABELS:
            if page[label]["statuses"] != {200}:
                lines.append(f"FAIL  pages: {name} ({label}): HTTP {page[label]['statuses']}")
    print(f"\n  bare view: {bare['demo']:.1f} ms (demo), {bare['10x']:.1f} ms (10x)")
    for line in lines:
        print(f"  {line}")
    return lines


def profile(measured, sites, use, clear, fetch) -> None:
    """Where the time goes in each first view over its target (one request, at 10x)."""
    import cProfile
    import io
    import pstats
    import re

    for name, page in measured.items():
        if name == BARE or not missed(name, page) & {"f", "g"}:
            continue
        much, place = page["10x"], sites["10x"]
        use(place)
        clear(place)
        profiler = cProfile.Profile()
        profiler.runcall(fetch, place["clients"][much["role"]], much["url"])
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(10)
        own_code = rf"{re.escape(str(ROOT))}/(agenda|teams|partners|portal|infra)/"
        stats.sort_stats("cumulative").print_stats(own_code, 12)
        print(f"\n--- profile of {name}, first view at 10x ({much['first'] * 1000:.0f} ms)")
        for line in out.getvalue().splitlines():
            if line.strip() and not line.lstrip().startswith(("Ordered", "List reduced")):
                print(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", ""))
