"""Report benchmark: time to render an audit's Word report, split into building and saving.

Run:  .venv/bin/python bench/report_bench.py  [--quick] [--big N]

Prints medians for 2,000 observations (target: below 2 s in all), and one run of
a big audit (default 100,000 observations) exported with a progress callback, as
the app's export worker does. The reference, measured in the same run, is the
floor for a Word file of that size: python-docx adding the same number of plain
paragraphs and saving.

  build   context from the audit + docxtpl rendering + finishing (contents, properties)
  save    python-docx serialising the document to bytes (zip)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402

from bench.store_bench import TEXT, make_audit  # noqa: E402
from report import build_report, export_report  # noqa: E402


def reference(n: int) -> float:
    """python-docx: n plain paragraphs and a save, in seconds."""
    start = time.perf_counter()
    document = docx.Document()
    for i in range(n):
        document.add_paragraph(TEXT[: 380 + i % 20])
        if i % 2 == 0:
            document.add_paragraph("Källa: intervju med enhetschef, 1 januari 2026.")
    document.save(io.BytesIO())
    return time.perf_counter() - start


def bench(folder: Path, n: int, repeat: int) -> tuple[float, float, float, float]:
    audit = make_audit(folder, n)
    builds, saves, totals = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        built = build_report(audit)
        totals.append(time.perf_counter() - start)
        builds.append(built.timings["build"])
        saves.append(built.timings["save"])
    audit.close()
    ref = statistics.median(reference(n) for _ in range(max(1, repeat // 2)))
    return statistics.median(builds), statistics.median(saves), statistics.median(totals), ref


def big(folder: Path, n: int) -> None:
    audit = make_audit(folder, n)
    updates: list[float] = []
    start = time.perf_counter()
    out = export_report(
        audit, folder / "big.docx", progress=lambda f, step: updates.append(time.perf_counter())
    )
    total = time.perf_counter() - start
    gaps = [b - a for a, b in zip([start, *updates], updates, strict=False)]
    size = out.path.stat().st_size / 1e6
    audit.close()
    print(
        f"{n:,} observations exported in {total:.1f} s ({size:.1f} MB), "
        f"{len(updates)} progress updates, longest gap {max(gaps):.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller big audit")
    parser.add_argument("--big", type=int, default=None, help="observations in the big run")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    big_n = args.big if args.big is not None else (5_000 if args.quick else 100_000)
    base = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="granska-report-bench-"))
    print(f"{'observations':>12} | {'build s':>8} | {'save s':>7} | {'total s':>8} | reference s")
    for n in (200, 2_000):
        folder = base / f"n{n}"
        folder.mkdir(parents=True, exist_ok=True)
        b, s, total, ref = bench(folder, n, repeat)
        print(f"{n:>12,} | {b:>8.2f} | {s:>7.2f} | {total:>8.2f} | {ref:>6.2f}")
    if big_n:
        folder = base / "big"
        folder.mkdir(parents=True, exist_ok=True)
        big(folder, big_n)


if __name__ == "__main__":
    main()
