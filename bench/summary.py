"""The verdicts of the benchmarks: one line per target, gathered in the file that ``make
bench`` names in ``BENCH_SUMMARY`` and prints at the end (a line starting with FAIL makes
the run fail; SKIP says why a part could not run)."""

import os
import statistics


def passed(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def verdict(target: str, failed: list[str], total: int) -> str:
    """``PASS  target (n/n)`` or ``FAIL  target (k/n; not: …)``."""
    if not failed:
        return f"PASS  {target} ({total}/{total})"
    return f"FAIL  {target} ({total - len(failed)}/{total}; not: {'; '.join(failed)})"


def write_summary(lines: list[str]) -> None:
    """Add the verdicts to the file ``BENCH_SUMMARY`` (``make bench`` prints it at the end)."""
    if path := os.environ.get("BENCH_SUMMARY"):
        with open(path, "a", encoding="utf-8") as summary:
            summary.writelines(line + "\n" for line in lines)


def skip(part: str, reason: str) -> list[str]:
    """A part that could not run: said on the screen and in the summary, never a failure."""
    line = f"SKIP  {part}: {reason}"
    print(f"\n{line}", flush=True)
    write_summary([line])
    return [line]


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (each the one value when there is only one)."""
    if len(seconds) < 2:
        return tuple((seconds or [0.0]) * 3)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def quick() -> bool:
    """``BENCH_QUICK=1``: fewer runs and shorter loads, for trying the benchmark out (the
    figures are noisier; the README's come from a full run)."""
    return os.environ.get("BENCH_QUICK", "") not in {"", "0", "false"}


def knob(name: str, full: float, quick_value: float) -> float:
    """An environment variable's number, else the full or the quick default."""
    value = os.environ.get(name)
    return float(value) if value else (quick_value if quick() else full)
